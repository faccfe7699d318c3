/**
 * The IR of mmreview's executable model.
 *
 * Contract between the lowering (src/extract/lower: kernel-style C → IR) and the model
 * (src/model: IR + scenario → transition system, explored by src/explore).
 *
 * A program is a set of IR functions. A scenario runs some of them as threads against a small
 * world of kernel objects (locks, pages, one page-cache xarray, page tables, TLBs, notifier
 * brackets, VMAs). Each `eff` instruction is one kernel-visible operation and one interleaving
 * point; `set`, `br`, `jmp`, `call`, `ret` and `opaque` are thread-local and run atomically
 * together with the next visible operation (like Promela d_step). A `step` instruction is an
 * explicit interleaving point with no effect (used by the benchmark to match another tool's
 * step granularity).
 *
 * Values are small integers (state cells are bytes): 0 is NULL / false; object references are
 * object ids (see Scenario.objects, ids start at 1); integers are small (page indexes are
 * positions 0..N-1 in the scenario's huge-page range). Special entry values are below.
 */

export interface Loc {
  file: string;
  line: number;
  fn: string;
}

/** Special values stored in page-cache slots and locals. */
export const NULL = 0;
export const RETRY_ENTRY = 250; // xas_retry entry (XA_RETRY_ENTRY)
export const VALUE_ENTRY = 251; // a shadow/swap value entry (xa_is_value)

export type BinOp = '+' | '-' | '*' | '&' | '|' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

export type Expr =
  | { k: 'const'; v: number }
  /** Thread-local variable of the current function instance. */
  | { k: 'local'; name: string }
  /** Field of a world object: obj evaluates to an object id. e.g. page->mapping, vma->vm_private_data. */
  | { k: 'field'; obj: Expr; field: string }
  /** A named world object (by scenario object name), e.g. the mapping, a PTL. */
  | { k: 'obj'; name: string }
  | { k: 'not'; a: Expr }
  | { k: 'bin'; op: BinOp; a: Expr; b: Expr }
  /** Pure query from the primitive table: reads world state, no side effect (PageUptodate(p), page_mapped(p)). */
  | { k: 'query'; q: QueryKind; args: Expr[] }
  /** Unknown value: a nondeterministic choice between 0 and 1 (used for unknown conditions). */
  | { k: 'any'; why: string }
  /** Only in properties: a local of a named thread's entry function, or its return value ('$ret'). */
  | { k: 'tlocal'; thread: string; name: string }
  /** Only in properties: the thread's status. */
  | { k: 'tstate'; thread: string; is: 'done' | 'blocked' | 'running' }
  /** Properties only: the thread's next step is an instruction of function `fn` (inlined anywhere). */
  | { k: 'tin'; thread: string; fn: string };

/** Where a value is written. */
export type LValue = { k: 'local'; name: string } | { k: 'field'; obj: Expr; field: string };

export type Instr =
  | { op: 'set'; dst: LValue; e: Expr; loc: Loc }
  /** One kernel-visible operation. `dst` receives its result (trylock ok, xa_load value, ...). */
  | { op: 'eff'; eff: EffectKind; args: Expr[]; dst?: LValue; loc: Loc; api: string }
  /** Branch; when cond contains `any`, both targets are explored. */
  | { op: 'br'; cond: Expr; t: number; f: number; loc: Loc }
  | { op: 'jmp'; to: number; loc?: Loc }
  /** Call another IR function of the program (inlined when compiled; no recursion). */
  | {
      op: 'call';
      fn: string;
      args: Expr[];
      dst?: LValue;
      loc: Loc;
      /**
       * Out-parameters (`alloc_charge_hpage(&hpage, ...)`): a pointer to a caller local is passed as
       * the local's value; on return, each `dst` receives the callee's final value of `param`
       * (the callee writes `*hpage = x` as `hpage = x`).
       */
      outs?: { param: string; dst: LValue }[];
    }
  | { op: 'ret'; e?: Expr; loc: Loc }
  /** A call the model does not know. No effect; recorded so reports can list what was not modelled. */
  | { op: 'opaque'; name: string; loc: Loc }
  /** Explicit interleaving point with no effect. */
  | { op: 'step'; loc: Loc; label?: string };

export interface IrFunction {
  name: string;
  params: string[];
  /** Locals other than params (all start at 0 / NULL). */
  locals: string[];
  body: Instr[];
  file: string;
  /** Source range of the definition. */
  range: [number, number];
  /** What the lowering could not model (opaque calls, unknown conditions), for reports. */
  unmodelled: { name: string; loc: Loc; what: 'call' | 'condition' | 'construct' }[];
}

export interface IrProgram {
  functions: Map<string, IrFunction>;
  /** Where the program came from: 'reference 6.3', 'reference 6.3+series-1-2', 'tree /path', 'post-image of patch 3'. */
  origin: string;
}

/**
 * The effect catalogue. The primitive table (src/model/primitives.ts) maps kernel API names to
 * these, with argument roles; src/model implements their semantics. Argument order is given per
 * effect. `L` = lock object, `P` = page object, `I` = page-cache index, `V` = value, `A` = virtual
 * page number (index into the scenario's page table), `M` = vma object.
 */
export type EffectKind =
  // locks (every lock object has a class: spin | rwlock | mutex | rwsem | bit; sleeping or spinning)
  | 'lock' //             (L, mode)  mode 0 = exclusive/write, 1 = shared/read; blocks while conflicting
  | 'trylock' //          (L, mode) → 1 ok / 0 failed; never blocks
  | 'unlock' //           (L)        releases what this thread holds on L
  // page lock (PG_locked) — a sleeping lock per page
  | 'page_lock' //        (P)
  | 'page_trylock' //     (P) → ok
  | 'page_unlock' //      (P)
  // refcount
  | 'ref_get' //          (P)
  | 'ref_put' //          (P, n)     drop n refs; reaching 0 frees the page
  | 'ref_tryget' //       (P) → ok   fails (0) when frozen or freed
  | 'ref_freeze' //       (P, n) → ok  succeeds iff refcount == n; then frozen (count 0)
  | 'ref_unfreeze' //     (P, n)     frozen → count n
  | 'ref_check' //        (P, n) → ok  refcount == n (not frozen)
  // page flags
  | 'pflag_set' //        (P, flag)  flag ∈ PageFlag
  | 'pflag_clear' //      (P, flag)
  | 'page_set_mapping' // (P, V)     V = 0 clears page->mapping, else the mapping object
  // page cache (the scenario's one mapping)
  | 'xa_load' //          (I) → V
  | 'xa_store' //         (I, V)
  | 'xa_store_range' //   (Ilo, Ihi, V)  multi-index store of [lo, hi)
  // page tables, TLB, notifiers, rmap, gather
  | 'pte_get' //          (A) → P or 0
  | 'pte_set' //          (A, P)
  | 'pte_clear' //        (A) → P    PTE_CLEAR
  | 'pmd_clear' //        (table)    PMD_CLEAR (page-table retraction)
  | 'pud_clear' //        (table)    PUD_CLEAR (hugetlb unshare)
  | 'pt_free' //          (table)    PT_FREE
  | 'tlb_add' //          (A)        TLB_RANGE_ADD
  | 'tlb_flush' //        ()         TLB_FLUSH of this thread's gather
  | 'tlb_sync_gup' //     ()         IPI / RCU synchronisation against GUP-fast
  | 'notify_start' //     (event, Alo, Ahi)  event: 1 UNMAP, 2 CLEAR
  | 'notify_end' //       ()
  | 'dirty' //            (P)
  | 'rmap_del' //         (P)
  | 'rmap_walk_unmap' //  (P)        try_to_unmap: for each mapping PTE: notifier, PTL, clear, rmap_del, unlock
  | 'gather_queue' //     (P)        QUEUE
  | 'gather_free' //      ()         FREE_BATCH
  // hugetlb / vma / mm
  | 'hvlock_alloc' //     (M)
  | 'hvlock_free' //      (M)
  | 'vma_wlock' //        (M)
  | 'vma_rlock' //        (M) → ok
  | 'vma_runlock' //      (M)
  | 'mm_seq_inc' //       ()
  | 'vma_detach' //       (M)
  | 'vma_attach' //       (M)
  | 'tree_store' //       (M)
  | 'tree_clear' //       (M)
  | 'rmap_unlink' //      (M)
  // per-VMA locking, 6.4 rwsem form (src/model/effects-vma.ts)
  | 'vma_find' //         (A) → M    lockless maple-tree walk: the VMA in the tree covering A, or 0
  | 'vma_rlock_peek' //   (M) → ok   vma_start_read's lockless vm_lock_seq test (1 = not write-locked)
  | 'vma_trylock_read' // (M) → ok  6.4 vma_start_read's trylock + recheck: fails only while write-locked
  | 'anon_vma_unlink' //  (M)        unlink_anon_vmas: out of the anon rmap, vma->anon_vma = NULL
  | 'vma_free' //         (M)        vm_area_free: after the RCU grace period (waits for RCU readers)
  | 'tree_clear_range' // (Alo, Ahi) every VMA inside [lo, hi) leaves the mm's tree
  | 'downgrade' //        (L)        write hold → read hold, atomically (downgrade_write)
  | 'pt_walk' //          (A) → table  the page table covering A (pmd_off), 0 if none
  | 'pt_free_range' //    (Alo, Ahi) free_pgd_range: every page table covering a page of [lo, hi) is freed
  // userfaultfd, RCU, misc
  | 'uffd_missing' //     () → 1 when a MISSING registrant covers the range
  | 'rcu_read_lock' //    ()
  | 'rcu_read_unlock' //  ()
  | 'observe' //          (tag, V)   record an observation for properties (e.g. seek result)
  | 'sleep' //            ()         a point where the thread may sleep (cond_resched, swap-in I/O)
  // zap path (src/model/effects-zap.ts)
  | 'rmap_delay' //       (P)        the gather holds P with the "delay rmap" bit (6.2+, dirty file page)
  | 'rmap_flush_delayed' // ()       tlb_flush_rmaps: RMAP_DEL of every page this thread delayed
  | 'tlb_flush_va' //     (A)        flush every CPU's translation of A (flush_tlb_page, ptep_clear_flush)
  | 'user_store' //       (A) → 1 stored through a cached translation, 2 through a fault / walk, 0 none
  | 'dirty_clear' //      (P) → old  test-and-clear PG_dirty (writeback takes the contents as of now)
  // hugetlb PMD sharing (src/model/effects-hugetlb.ts)
  | 'pmd_share' //        (M, A) → ok  M's empty PUD now points at the PMD page mapping A (huge_pmd_share)
  | 'pmd_unshare'; //     (M) → 1 when M's PMD page was shared: M's PUD cleared (huge_pmd_unshare)

/**
 * Page flags, plus one model-only bit: `unsaved` = the page holds user stores made after the last
 * writeback snapshot (`dirty_clear`); with PG_dirty clear and no PTE left to carry a dirty bit, those
 * stores are lost (mm-reference R-A1).
 */
export type PageFlag = 'uptodate' | 'dirty' | 'lru' | 'active' | 'unevictable' | 'swapbacked' | 'writeback' | 'unsaved';

/**
 * How a PageFlag is passed as an effect/query argument: `{ k: 'const', v: PAGE_FLAG_ORDER.indexOf(flag) }`
 * (an `obj` expression naming the flag is accepted too). Bit k of a page's flags cell.
 */
export const PAGE_FLAG_ORDER: readonly PageFlag[] = [
  'uptodate',
  'dirty',
  'lru',
  'active',
  'unevictable',
  'swapbacked',
  'writeback',
  'unsaved',
];

export type QueryKind =
  | 'pflag' //        (P, flag) page flag test
  | 'page_locked' //  (P)
  | 'refcount' //     (P)
  | 'frozen' //       (P)
  | 'freed' //        (P)
  | 'mapped' //       (P) page_mapped
  | 'mapping_is' //   (P) page->mapping == the scenario mapping
  | 'slot' //         (I) current page-cache slot value, without being an operation (properties only)
  | 'pte' //          (A)
  | 'lock_held' //    (L)
  | 'is_hpage' //     (V)
  | 'observed' //     (tag) last value recorded by `observe(tag, V)` (0 before any)
  | 'tlb_maps' //     (P) some CPU's TLB still caches a translation to page P (not flushed yet)
  | 'smmu_maps' //   (P) a secondary MMU (KVM, ...) still maps page P (no notifier invalidated it)
  | 'smmu_walks'; //  (table) a secondary MMU may still hold a cached walk through this page table

/** Flags from the effect table consumers need to classify waits (spinning vs sleeping). */
export interface EffectInfo {
  kind: EffectKind;
  /** True when executing it may block the thread (lock, page_lock, sleep). */
  mayBlock: boolean;
}
