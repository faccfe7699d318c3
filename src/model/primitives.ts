/**
 * The primitive table: kernel API name → model effect (src/model/ir.ts EffectKind) or query, as data.
 *
 * Precedent: the Linux memory model's tools/memory-model/linux-kernel.def — API semantics as a table,
 * not as code paths. The lowering (src/extract/lower) reads an entry and builds IR from the C call's
 * arguments; the model implements the effects. Conventions every entry follows (docs/model.md,
 * "Lowering"):
 *  - addresses are virtual page numbers (scenarios assume PAGE_SIZE = 1), and a `pte_t *` is the
 *    virtual page number of the entry it points at, so `pte++` and `addr += PAGE_SIZE` stay in step;
 *  - a `pmd_t *` is the pagetable object whose PTEs it points to; its PTL is `field(pmd, 'ptl')`;
 *  - locks owned by the mm or by the scenario's one mapping are named world objects (WORLD_LOCKS);
 *  - the hugetlb vma_lock of a VMA is the lock object in `vma->vm_private_data`; it exists while
 *    the VMA's `hvlock` cell is set (otherwise the helpers do nothing and trylock succeeds);
 *  - a page flag argument is `{ k: 'const', v: PAGE_FLAG_ORDER.indexOf(flag) }`.
 */
import type { BinOp, EffectInfo, EffectKind, PageFlag, QueryKind } from './ir.js';
import { RETRY_ENTRY, VALUE_ENTRY } from './ir.js';

/** Where one IR argument (or a result) comes from, in terms of the C call's arguments. */
export type ArgSpec =
  /** C argument i, lowered as a value (`&x` → x). */
  | { arg: number }
  /** Field `field` of the world object C argument i evaluates to (`vma->vm_private_data`). */
  | { arg: number; field: string }
  /** Member of the struct local that C argument i names (`&range` → local `range.start`). */
  | { arg: number; member: string }
  /** A named world object (scenario object name), e.g. 'mmap_lock'. */
  | { obj: string }
  | { c: number }
  | { flag: PageFlag }
  | { op: BinOp; l: ArgSpec; r: ArgSpec };

export interface EffectSpec {
  eff: EffectKind;
  args: ArgSpec[];
  /** Performed only when this value is non-zero (hugetlb vma_lock helpers: only when a lock exists). */
  when?: ArgSpec;
  /** Performed only when this value is zero. */
  unless?: ArgSpec;
  /** The effect's result is the call's value. */
  result?: boolean;
  /** Performed this many times (`folio_ref_add(folio, n)`: n single references). */
  repeat?: ArgSpec;
}

/** Operations on an xa_state cursor local (`XA_STATE(xas, ...)`: locals xas.xa_index, xas.span, xas.restart). */
export type CursorOp =
  | 'set' | 'set_order' | 'next' | 'prev' | 'load' | 'find' | 'store' | 'restart' | 'pause' | 'create_range' | 'keep';

export type Primitive =
  | {
      kind: 'effect';
      effects: EffectSpec[];
      /** The call's value when no effect carries `result` (or when the effect was skipped). */
      value?: ArgSpec;
      /** Out-parameters: C argument `arg` (a pointer `&ptl`) receives `value`. */
      outs?: { arg: number; value: ArgSpec }[];
      /** The whole entry runs only when this value is non-zero (evaluated once, before the effects). */
      when?: ArgSpec;
    }
  /** Pure read of world state (PageUptodate). Not an interleaving point. */
  | { kind: 'query'; q: QueryKind; args: ArgSpec[]; negate?: boolean }
  /** Pure function of the arguments (vm_normal_page → its pte argument, pte_none → arg == 0). */
  | { kind: 'value'; value: ArgSpec }
  | { kind: 'cursor'; op: CursorOp; value?: ArgSpec }
  /** Fills members of the struct local named by C argument `target` (mmu_notifier_range_init). */
  | { kind: 'init'; target: number; members: Record<string, ArgSpec> }
  /** Known API without a modelled effect (statistics, cache maintenance, assertions). */
  | { kind: 'nop'; value?: number };

/** Lock objects that belong to the mm or to the scenario's one mapping, by world-object name. */
export const WORLD_LOCKS = {
  mmap: 'mmap_lock',
  iMmap: 'i_mmap_rwsem',
  xa: 'xa_lock',
  anonVma: 'anon_vma_lock',
  pmd: 'pmd_lock',
  pageTable: 'page_table_lock',
  faultMutex: 'hugetlb_fault_mutex',
} as const;

/** `owner->field` reads that denote a world lock (`&mapping->i_mmap_rwsem` → i_mmap_rwsem). */
export const WORLD_FIELDS: Record<string, string> = {
  'address_space.i_mmap_rwsem': WORLD_LOCKS.iMmap,
  'address_space.i_pages': WORLD_LOCKS.xa,
  'mm_struct.mmap_lock': WORLD_LOCKS.mmap,
  'mm_struct.page_table_lock': WORLD_LOCKS.pageTable,
  'anon_vma.rwsem': WORLD_LOCKS.anonVma,
};

/** Global arrays whose elements are one world object (`hugetlb_fault_mutex_table[hash]`). */
export const WORLD_ARRAYS: Record<string, string> = {
  hugetlb_fault_mutex_table: WORLD_LOCKS.faultMutex,
};

// --- entry builders: they only assemble data -----------------------------------------------------
import { A, E, effects, F, flag, K, M, nop, O, one, query, READ, value, withValue, WRITE, cursor } from './primitive-spec.js';
import { hugetlbSharing, vmaAndMisc, zapPath } from './primitives-paths.js';

/** Plain lock APIs taking the lock as argument 0 (`spin_lock(ptl)`, `down_write(&sem)`). */
function lockFamily(): Record<string, Primitive> {
  const t: Record<string, Primitive> = {};
  for (const n of ['spin_lock', 'spin_lock_irq', 'spin_lock_bh', 'spin_lock_irqsave', 'raw_spin_lock',
    'write_lock', 'write_lock_irq', 'down_write', 'down_write_killable', 'mutex_lock', 'mutex_lock_killable'])
    t[n] = withValue(one('lock', [A(0), WRITE]), K(0));
  for (const n of ['read_lock', 'read_lock_irq', 'down_read', 'down_read_killable'])
    t[n] = withValue(one('lock', [A(0), READ]), K(0));
  for (const n of ['spin_trylock', 'spin_trylock_irq', 'write_trylock', 'down_write_trylock', 'mutex_trylock'])
    t[n] = one('trylock', [A(0), WRITE], true);
  for (const n of ['read_trylock', 'down_read_trylock']) t[n] = one('trylock', [A(0), READ], true);
  for (const n of ['spin_unlock', 'spin_unlock_irq', 'spin_unlock_bh', 'spin_unlock_irqrestore', 'raw_spin_unlock',
    'write_unlock', 'write_unlock_irq', 'read_unlock', 'read_unlock_irq', 'up_write', 'up_read', 'mutex_unlock'])
    t[n] = one('unlock', [A(0)]);
  // downgrade: the write hold becomes a read hold in one step, as upstream (no other taker between)
  t.downgrade_write = one('downgrade', [A(0)]);
  return t;
}

/** Locks named by their owner: mmap_lock, i_mmap_rwsem, anon_vma lock, xa_lock, hugetlb vma_lock. */
function ownedLocks(): Record<string, Primitive> {
  const t: Record<string, Primitive> = {};
  const family = (prefix: string, L: ArgSpec, unlockPrefix = prefix.replace('lock', 'unlock')) => {
    t[`${prefix}_read`] = withValue(one('lock', [L, READ]), K(0));
    t[`${prefix}_write`] = withValue(one('lock', [L, WRITE]), K(0));
    t[`${unlockPrefix}_read`] = one('unlock', [L]);
    t[`${unlockPrefix}_write`] = one('unlock', [L]);
    t[`${prefix.replace('lock', 'trylock')}_read`] = one('trylock', [L, READ], true);
    t[`${prefix.replace('lock', 'trylock')}_write`] = one('trylock', [L, WRITE], true);
  };
  const mm = O(WORLD_LOCKS.mmap);
  t.mmap_read_lock = one('lock', [mm, READ]);
  t.mmap_read_lock_killable = withValue(one('lock', [mm, READ]), K(0));
  t.mmap_write_lock = one('lock', [mm, WRITE]);
  t.mmap_write_lock_killable = withValue(one('lock', [mm, WRITE]), K(0));
  t.mmap_read_trylock = one('trylock', [mm, READ], true);
  t.mmap_write_trylock = one('trylock', [mm, WRITE], true);
  t.mmap_read_unlock = one('unlock', [mm]);
  // mmap_write_unlock / downgrade end every VMA write lock first (vma_end_write_all)
  t.mmap_write_unlock = effects(E('mm_seq_inc', []), E('unlock', [mm]));
  t.mmap_write_downgrade = effects(E('mm_seq_inc', []), E('downgrade', [mm]));
  family('i_mmap_lock', O(WORLD_LOCKS.iMmap));
  family('anon_vma_lock', O(WORLD_LOCKS.anonVma));
  const xa = O(WORLD_LOCKS.xa);
  for (const n of ['xas_lock', 'xas_lock_irq', 'xas_lock_irqsave', 'xas_lock_bh', 'xa_lock', 'xa_lock_irq', 'xa_lock_irqsave'])
    t[n] = one('lock', [xa, WRITE]);
  for (const n of ['xas_unlock', 'xas_unlock_irq', 'xas_unlock_irqrestore', 'xas_unlock_bh', 'xa_unlock', 'xa_unlock_irq', 'xa_unlock_irqrestore'])
    t[n] = one('unlock', [xa]);
  // the lock object is vma->vm_private_data; it exists while the vma's hvlock cell is set
  // (hvlock_alloc / hvlock_free); without it the helpers do nothing and trylock succeeds
  const hv = F(0, 'vm_private_data');
  const present = F(0, 'hvlock');
  const ifLock = (list: EffectSpec[], value?: ArgSpec): Primitive => ({ kind: 'effect', effects: list, when: present, ...(value ? { value } : {}) });
  t.hugetlb_vma_lock_read = ifLock([E('lock', [hv, READ])]);
  t.hugetlb_vma_lock_write = ifLock([E('lock', [hv, WRITE])]);
  t.hugetlb_vma_unlock_read = ifLock([E('unlock', [hv])]);
  t.hugetlb_vma_unlock_write = ifLock([E('unlock', [hv])]);
  t.hugetlb_vma_trylock_write = ifLock([E('trylock', [hv, WRITE], { result: true })], K(1));
  t.hugetlb_vma_trylock_read = ifLock([E('trylock', [hv, READ], { result: true })], K(1));
  // upstream order: detach the lock from the vma, then release it (then drop the object)
  t.__hugetlb_vma_unlock_write_free = ifLock([E('hvlock_free', [A(0)]), E('unlock', [hv])]);
  t.__hugetlb_vma_unlock_write_put = ifLock([E('hvlock_free', [A(0)]), E('unlock', [hv])]);
  t.hugetlb_vma_lock_free = ifLock([E('lock', [hv, WRITE]), E('hvlock_free', [A(0)]), E('unlock', [hv])]);
  t.hugetlb_vma_lock_alloc = one('hvlock_alloc', [A(0)]);
  t.hugetlb_fault_mutex_hash = nop(0);
  return t;
}

/** Page-table locks: PTL out-parameters, pmd lock, hugetlb PTE lock. */
function tableLocks(): Record<string, Primitive> {
  const ptl = F(1, 'ptl');
  const pmdLock = O(WORLD_LOCKS.pmd);
  return {
    pte_offset_map_lock: { kind: 'effect', effects: [E('lock', [ptl, WRITE])], value: A(2), outs: [{ arg: 3, value: ptl }] },
    pte_unmap_unlock: one('unlock', [A(1)]),
    pte_lockptr: value(ptl),
    pte_offset_map: value(A(1)),
    pte_offset_map_nolock: { kind: 'effect', effects: [], value: A(2), outs: [{ arg: 3, value: F(1, 'ptl') }] },
    pte_unmap: nop(),
    pmd_lock: withValue(one('lock', [pmdLock, WRITE]), pmdLock),
    pmd_lockptr: value(pmdLock),
    pmd_trans_huge_lock: withValue(one('lock', [pmdLock, WRITE]), pmdLock),
    huge_pte_lock: withValue(one('lock', [pmdLock, WRITE]), pmdLock),
    huge_pte_lockptr: value(pmdLock),
    huge_pte_offset: value(A(1)),
    huge_pte_alloc: value(A(2)),
  };
}

function pageLockAndRefs(): Record<string, Primitive> {
  const t: Record<string, Primitive> = {};
  for (const n of ['lock_page', 'folio_lock', '__folio_lock', '__SetPageLocked', '__folio_set_locked'])
    t[n] = one('page_lock', [A(0)]);
  for (const n of ['folio_lock_killable', 'lock_page_killable']) t[n] = withValue(one('page_lock', [A(0)]), K(0));
  for (const n of ['trylock_page', 'folio_trylock']) t[n] = one('page_trylock', [A(0)], true);
  for (const n of ['unlock_page', 'folio_unlock', '__ClearPageLocked', '__folio_clear_locked'])
    t[n] = one('page_unlock', [A(0)]);
  for (const n of ['get_page', 'folio_get', 'page_ref_inc', 'folio_ref_inc']) t[n] = one('ref_get', [A(0)]);
  for (const n of ['page_ref_add', 'folio_ref_add']) t[n] = effects(E('ref_get', [A(0)], { repeat: A(1) }));
  for (const n of ['put_page', 'folio_put', 'page_ref_dec', 'folio_ref_dec']) t[n] = one('ref_put', [A(0), K(1)]);
  for (const n of ['folio_put_refs', 'page_ref_sub', 'folio_ref_sub']) t[n] = one('ref_put', [A(0), A(1)]);
  for (const n of ['folio_try_get', 'folio_try_get_rcu', 'get_page_unless_zero', 'page_cache_get_speculative',
    'folio_ref_try_add_rcu'])
    t[n] = one('ref_tryget', [A(0)], true);
  for (const n of ['page_ref_freeze', 'folio_ref_freeze']) t[n] = one('ref_freeze', [A(0), A(1)], true);
  for (const n of ['page_ref_unfreeze', 'folio_ref_unfreeze']) t[n] = one('ref_unfreeze', [A(0), A(1)]);
  for (const n of ['page_count', 'folio_ref_count', 'page_ref_count']) t[n] = query('refcount', [A(0)]);
  // LRU isolation holds one extra reference (mm-reference C-I5: expected count 3)
  t.folio_isolate_lru = withValue(effects(E('ref_get', [A(0)]), E('pflag_clear', [A(0), flag('lru')])), K(1));
  t.isolate_lru_page = withValue(effects(E('ref_get', [A(0)]), E('pflag_clear', [A(0), flag('lru')])), K(0));
  for (const n of ['putback_lru_page', 'folio_putback_lru'])
    t[n] = effects(E('pflag_set', [A(0), flag('lru')]), E('ref_put', [A(0), K(1)]));
  return t;
}

function pageFlags(): Record<string, Primitive> {
  const t: Record<string, Primitive> = {};
  const names: [PageFlag, string, string][] = [
    ['uptodate', 'Uptodate', 'uptodate'], ['dirty', 'Dirty', 'dirty'], ['lru', 'LRU', 'lru'],
    ['active', 'Active', 'active'], ['unevictable', 'Unevictable', 'unevictable'],
    ['swapbacked', 'SwapBacked', 'swapbacked'], ['writeback', 'Writeback', 'writeback'],
  ];
  for (const [f, page, folio] of names) {
    t[`Page${page}`] = query('pflag', [A(0), flag(f)]);
    t[`folio_test_${folio}`] = query('pflag', [A(0), flag(f)]);
    for (const n of [`SetPage${page}`, `__SetPage${page}`, `folio_set_${folio}`, `__folio_set_${folio}`])
      t[n] = one('pflag_set', [A(0), flag(f)]);
    for (const n of [`ClearPage${page}`, `__ClearPage${page}`, `folio_clear_${folio}`, `__folio_clear_${folio}`])
      t[n] = one('pflag_clear', [A(0), flag(f)]);
  }
  for (const n of ['folio_mark_uptodate', '__folio_mark_uptodate']) t[n] = one('pflag_set', [A(0), flag('uptodate')]);
  for (const n of ['PageLocked', 'folio_test_locked']) t[n] = query('page_locked', [A(0)]);
  for (const n of ['page_mapped', 'folio_mapped']) t[n] = query('mapped', [A(0)]);
  for (const n of ['set_page_dirty', 'folio_mark_dirty', 'set_page_dirty_lock', 'folio_mark_dirty_lock'])
    t[n] = withValue(one('dirty', [A(0)]), K(1));
  for (const n of ['page_mapping', 'folio_mapping', 'folio_file_mapping']) t[n] = value(F(0, 'mapping'));
  for (const n of ['page_folio', 'folio_page', 'folio_file_page', 'compound_head', 'pmd_pgtable', 'mk_pte', 'pte_page', 'pfn_folio'])
    t[n] = value(A(0));
  return t;
}

/** Page tables, TLB gather, notifiers, rmap. */
function tablesAndTlb(): Record<string, Primitive> {
  const range = (i: number) => [M(i, 'event'), M(i, 'start'), M(i, 'end')];
  return {
    ptep_get_and_clear: one('pte_clear', [A(1)], true),
    ptep_get_and_clear_full: one('pte_clear', [A(1)], true),
    huge_ptep_get_and_clear: one('pte_clear', [A(1)], true),
    // flushes the address on every CPU (not the caller's gather): flush_tlb_page
    ptep_clear_flush: effects(E('pte_clear', [A(1)], { result: true }), E('tlb_flush_va', [A(1)])),
    huge_ptep_clear_flush: effects(E('pte_clear', [A(1)], { result: true }), E('tlb_flush', [])),
    pte_clear: one('pte_clear', [A(1)]),
    pte_clear_not_present_full: one('pte_clear', [A(1)]),
    huge_pte_clear: one('pte_clear', [A(1)]),
    ptep_get: one('pte_get', [A(0)], true),
    huge_ptep_get: one('pte_get', [A(0)], true),
    set_pte_at: one('pte_set', [A(1), A(3)]),
    set_huge_pte_at: one('pte_set', [A(1), A(3)]),
    pte_none: value({ op: '==', l: A(0), r: K(0) }),
    huge_pte_none: value({ op: '==', l: A(0), r: K(0) }),
    pte_none_mostly: value({ op: '==', l: A(0), r: K(0) }),
    huge_pte_none_mostly: value({ op: '==', l: A(0), r: K(0) }),
    // a pmd value is the table's `pmd` cell: 1 while the PMD entry points at the table
    pmdp_get_lockless: value(F(0, 'pmd')),
    pmd_none: value({ op: '==', l: A(0), r: K(0) }),
    pmd_present: value({ op: '!=', l: A(0), r: K(0) }),
    pte_present: value({ op: '!=', l: A(0), r: K(0) }),
    vm_normal_page: value(A(2)),
    vm_normal_folio: value(A(2)),
    pmdp_collapse_flush: withValue(one('pmd_clear', [A(2)]), A(2)),
    pmdp_huge_clear_flush: withValue(one('pmd_clear', [A(2)]), A(2)),
    pmdp_huge_get_and_clear: withValue(one('pmd_clear', [A(2)]), A(2)),
    pmdp_huge_get_and_clear_full: withValue(one('pmd_clear', [A(2)]), A(2)),
    // hugetlb PMD sharing: a VMA's PUD points at the pagetable in its `pmd_table` field (effects-hugetlb.ts)
    huge_pmd_unshare: one('pmd_unshare', [A(1)], true),
    pte_free: one('pt_free', [A(1)]),
    pte_free_defer: one('pt_free', [A(1)]),
    // (tlb, addr, end, floor, ceiling): the page tables covering [addr, end)
    free_pgd_range: one('pt_free_range', [A(1), A(2)]),
    hugetlb_free_pgd_range: one('pt_free', [K(0)]),
    tlb_remove_tlb_entry: one('tlb_add', [A(2)]),
    tlb_remove_huge_tlb_entry: one('tlb_add', [A(3)]),
    tlb_flush_pmd_range: one('tlb_add', [A(1)]),
    tlb_flush_pud_range: one('tlb_add', [A(1)]),
    tlb_flush_mmu_tlbonly: one('tlb_flush', []),
    flush_tlb_range: one('tlb_flush', []),
    flush_tlb_mm: one('tlb_flush', []),
    flush_tlb_page: one('tlb_flush_va', [A(1)]),
    try_to_unmap_flush: one('tlb_flush', []),
    tlb_flush_mmu: effects(E('tlb_flush', []), E('gather_free', [])),
    tlb_finish_mmu: effects(E('tlb_flush', []), E('gather_free', [])),
    tlb_remove_table_sync_one: one('tlb_sync_gup', []),
    tlb_gather_mmu: nop(),
    tlb_gather_mmu_fullmm: nop(),
    // __tlb_remove_page returns "batch full": never, in the model. 6.2-6.8: (tlb, page, delay_rmap),
    // the third argument flags a page whose rmap removal waits for tlb_flush_rmaps
    __tlb_remove_page: withValue(effects(E('gather_queue', [A(1)]), E('rmap_delay', [A(1)], { when: A(2) })), K(0)),
    __tlb_remove_page_size: withValue(one('gather_queue', [A(1)]), K(0)),
    tlb_remove_page: one('gather_queue', [A(1)]),
    tlb_remove_page_size: one('gather_queue', [A(1)]),
    tlb_remove_folio_size: one('gather_queue', [A(1)]),
    mmu_notifier_range_init: { kind: 'init', target: 0, members: { event: A(1), start: A(5), end: A(6) } },
    mmu_notifier_range_init_owner: { kind: 'init', target: 0, members: { event: A(1), start: A(5), end: A(6) } },
    mmu_notifier_invalidate_range_start: one('notify_start', range(0)),
    mmu_notifier_invalidate_range_start_nonblock: withValue(one('notify_start', range(0)), K(0)),
    mmu_notifier_invalidate_range_end: one('notify_end', []),
    // hugetlb PMD sharing: the notifier range widens to the VMA (a scenario's VMA is one PUD-aligned region)
    adjust_range_if_pmd_sharing_possible: {
      kind: 'effect', effects: [], when: F(0, 'hugetlb'),
      outs: [{ arg: 1, value: F(0, 'vm_start') }, { arg: 2, value: F(0, 'vm_end') }],
    },
    mmu_notifier_invalidate_range_only_end: one('notify_end', []),
    page_remove_rmap: one('rmap_del', [A(0)]),
    folio_remove_rmap_pte: one('rmap_del', [A(0)]),
    folio_remove_rmap_ptes: one('rmap_del', [A(0)]),
    folio_remove_rmap_pmd: one('rmap_del', [A(0)]),
    hugetlb_remove_rmap: one('rmap_del', [A(0)]),
    try_to_unmap: one('rmap_walk_unmap', [A(0)]),
    // 6.4: also clears vma->anon_vma (a VMA kept by mremap(MREMAP_DONTUNMAP) re-prepares it on fault)
    unlink_anon_vmas: one('anon_vma_unlink', [A(0)]),
    unlink_file_vma: one('rmap_unlink', [A(0)]),
  };
}

/** Page cache (the scenario's one xarray) through an xa_state cursor or by index. */
function xarray(): Record<string, Primitive> {
  return {
    xas_set: cursor('set'),
    xas_set_order: cursor('set_order'),
    xas_next: cursor('next'),
    xas_prev: cursor('prev'),
    xas_load: cursor('load'),
    // next present entry up to max (argument 1), from the index (XAS_RESTART) or after it
    xas_find: cursor('find'),
    xas_find_marked: cursor('find'),
    xas_next_entry: cursor('find'),
    xas_find_conflict: cursor('load'),
    xas_reload: cursor('load'),
    xas_store: cursor('store'),
    xas_reset: cursor('restart'),
    xas_pause: cursor('pause'),
    // on success the order is dropped (a later xas_store stores one slot) and the cursor is on a node
    xas_create_range: cursor('create_range'),
    xas_init_marks: cursor('keep'),
    xas_set_err: cursor('keep'),
    xas_nomem: cursor('keep', K(0)),
    xas_error: cursor('keep', K(0)),
    xas_retry: value({ op: '==', l: A(1), r: K(RETRY_ENTRY) }),
    xa_is_retry: value({ op: '==', l: A(0), r: K(RETRY_ENTRY) }),
    xa_is_value: value({ op: '==', l: A(0), r: K(VALUE_ENTRY) }),
    xa_load: one('xa_load', [A(1)], true),
    xa_store: one('xa_store', [A(1), A(2)]),
    __xa_store: one('xa_store', [A(1), A(2)]),
    xa_erase: one('xa_store', [A(1), K(0)]),
    __xa_erase: one('xa_store', [A(1), K(0)]),
  };
}


export const PRIMITIVES: Readonly<Record<string, Primitive>> = Object.freeze({
  ...lockFamily(),
  ...ownedLocks(),
  ...tableLocks(),
  ...pageLockAndRefs(),
  ...pageFlags(),
  ...tablesAndTlb(),
  ...xarray(),
  ...vmaAndMisc(),
  ...zapPath(),
  ...hugetlbSharing(),
});

export function primitive(api: string): Primitive | undefined {
  return Object.prototype.hasOwnProperty.call(PRIMITIVES, api) ? PRIMITIVES[api] : undefined;
}

/** Effects that can block the thread: locks, page lock, sleeping points, waits for readers / RCU. */
const BLOCKING = new Set<EffectKind>(['lock', 'page_lock', 'sleep', 'vma_wlock', 'rmap_walk_unmap', 'tlb_sync_gup', 'vma_free']);

/** Per effect: may executing it block the thread (sleeping or spinning)? */
export const EFFECT_INFO: Readonly<Record<EffectKind, EffectInfo>> = Object.freeze(
  Object.fromEntries(
    (
      ['lock', 'trylock', 'unlock', 'page_lock', 'page_trylock', 'page_unlock', 'ref_get', 'ref_put', 'ref_tryget',
        'ref_freeze', 'ref_unfreeze', 'ref_check', 'pflag_set', 'pflag_clear', 'page_set_mapping', 'xa_load',
        'xa_store', 'xa_store_range', 'pte_get', 'pte_set', 'pte_clear', 'pmd_clear', 'pud_clear', 'pt_free',
        'tlb_add', 'tlb_flush', 'tlb_sync_gup', 'notify_start', 'notify_end', 'dirty', 'rmap_del', 'rmap_walk_unmap',
        'gather_queue', 'gather_free', 'hvlock_alloc', 'hvlock_free', 'vma_wlock', 'vma_rlock', 'vma_runlock',
        'mm_seq_inc', 'vma_detach', 'vma_attach', 'tree_store', 'tree_clear', 'rmap_unlink', 'uffd_missing',
        'rcu_read_lock', 'rcu_read_unlock', 'observe', 'sleep', 'rmap_delay', 'rmap_flush_delayed', 'tlb_flush_va',
        'user_store', 'dirty_clear', 'pmd_share', 'pmd_unshare', 'vma_find', 'vma_rlock_peek', 'anon_vma_unlink',
        'vma_free', 'tree_clear_range', 'downgrade', 'pt_walk', 'pt_free_range', 'vma_trylock_read'] as EffectKind[]
    ).map((kind) => [kind, { kind, mayBlock: BLOCKING.has(kind) }]),
  ) as Record<EffectKind, EffectInfo>,
);

/** Is a primitive able to block the caller (any of its effects)? */
export function primitiveMayBlock(p: Primitive): boolean {
  return p.kind === 'effect' && p.effects.some((e) => EFFECT_INFO[e.eff].mayBlock);
}
