/**
 * The small world the collapse_file rules run in (mm-reference §C): one shmem mapping of N
 * slots, N small pages (some slots may be holes), the huge page being built, one PTE table X
 * covering the N virtual pages, its PTL, xa_lock, i_mmap_rwsem, the mm's mmap_lock, one VMA
 * mapping file index i at virtual page i, and the collapse thread. Rules add their readers.
 *
 * Addresses are virtual page numbers (PAGE_SIZE pinned to 1, PAGE_SHIFT to 0) and the VMA maps
 * file offset 0 at address 0, so VA i ↔ index i: a reader walking the PTEs of X looks up exactly
 * the slots collapse is working on.
 */
import { PAGE_FLAG_ORDER, type Expr } from '../../src/model/ir.js';
import type { Bounds, ObjectDecl, PropertySpec, Scenario, ThreadDecl } from '../../src/model/scenario.js';

/** Kernel enum values the reference compares against (distinct small numbers; SCAN_SUCCEED as upstream). */
export const SCAN: Record<string, number> = {
  SCAN_FAIL: 0,
  SCAN_SUCCEED: 1,
  SCAN_PAGE_LOCK: 2,
  SCAN_PAGE_ANON: 3,
  SCAN_PAGE_COMPOUND: 4,
  SCAN_ANY_PROCESS: 5,
  SCAN_VMA_CHECK: 6,
  SCAN_PTE_UFFD_WP: 7,
  SCAN_TRUNCATED: 8,
  SCAN_PAGE_HAS_PRIVATE: 9,
  SCAN_PAGE_COUNT: 10,
  SCAN_DEL_PAGE_LRU: 11,
  SCAN_ALLOC_HUGE_PAGE_FAIL: 12,
  SCAN_CGROUP_CHARGE_FAIL: 13,
  SCAN_EXCEED_NONE_PTE: 14,
  SCAN_COPY_MC: 15,
  SCAN_PAGE_FILLED: 16,
  SCAN_STORE_FAILED: 17,
  SCAN_PTE_MAPPED_HUGEPAGE: 18,
  SCAN_PMD_NULL: 19,
  SCAN_PMD_MAPPED: 20,
};

export const SEEK_DATA = 3;
export const SEEK_HOLE = 4;
export const ENXIO = 6;
export const EEXIST = 17;

export interface CollapseWorldSpec {
  /** Number of small pages in the huge-page range (HPAGE_PMD_NR in the model). */
  n: number;
  /** Indexes that are holes (no page in the page cache). */
  holes?: number[];
  /** Indexes whose page is mapped by a PTE of table X (at VA = index). */
  mapped?: number[];
  /** The file has a VMA registered with userfaultfd MODE_MISSING. */
  uffdMissing?: boolean;
  /** A page outside the page cache (`newpage`) that a UFFDIO_COPY thread inserts. */
  spare?: boolean;
}

export function pageName(i: number): string {
  return `page${i}`;
}

/** Present small pages of the spec, in index order. */
export function presentIndexes(spec: CollapseWorldSpec): number[] {
  const holes = new Set(spec.holes ?? []);
  return [...Array(spec.n).keys()].filter((i) => !holes.has(i));
}

function pageDecl(spec: CollapseWorldSpec, i: number): ObjectDecl {
  const mapped = (spec.mapped ?? []).includes(i);
  return {
    kind: 'page',
    name: pageName(i),
    label: `page ${i}`,
    // page cache + one per mapping PTE: what hpage_collapse_scan_file() requires.
    ref: 1 + (mapped ? 1 : 0),
    flags: ['uptodate', 'lru', 'swapbacked'],
    index: i,
    mappedAt: mapped ? [i] : [],
  };
}

export function collapseObjects(spec: CollapseWorldSpec): ObjectDecl[] {
  const vpns = [...Array(spec.n).keys()];
  return [
    { kind: 'lock', name: 'xa_lock', class: 'spin', label: 'xa_lock(mapping)' },
    { kind: 'lock', name: 'ptl_x', class: 'spin', label: 'PTL(table X)' },
    { kind: 'lock', name: 'i_mmap_rwsem', class: 'rwsem', label: 'i_mmap_rwsem' },
    { kind: 'lock', name: 'mmap_lock', class: 'rwsem', label: 'mmap_lock' },
    { kind: 'mapping', name: 'mapping', label: 'shmem mapping', slots: spec.n, shmem: true, uffdMissing: !!spec.uffdMissing },
    // Before the small pages, whose number depends on the holes: the ids pinned in the assumptions
    // (__alloc_pages, mm_find_pmd) are then the same in every scenario, which share one lowering.
    { kind: 'page', name: 'hpage', label: 'huge page', ref: 1, flags: [], huge: true },
    { kind: 'pagetable', name: 'table_x', label: 'table X', ptl: 'ptl_x', covers: vpns },
    ...presentIndexes(spec).map((i) => pageDecl(spec, i)),
    { kind: 'vma', name: 'file', label: 'file', fields: { f_mapping: 'mapping', i_mapping: 'mapping', host: 'mapping' } },
    { kind: 'vma', name: 'mm', label: 'mm', fields: { mmap_lock: 'mmap_lock' } },
    {
      kind: 'vma',
      name: 'vma',
      label: 'VMA of the file',
      fields: { vm_start: 0, vm_end: spec.n, vm_pgoff: 0, vm_file: 'file', vm_mm: 'mm', anon_vma: 0 },
    },
    { kind: 'vma', name: 'cc', label: 'collapse_control', fields: { is_khugepaged: 1 } },
    // Last, so that the ids pinned in the assumptions stay the same with or without it (scenarios
    // with equal assumptions share one lowered program).
    ...(spec.spare ? [{ kind: 'page', name: 'newpage', label: 'UFFDIO_COPY page', ref: 1, flags: ['uptodate', 'lru', 'swapbacked'] } as ObjectDecl] : []),
  ];
}

/** The collapse thread: khugepaged collapsing [0, n) of the file. */
export function collapseThread(): ThreadDecl {
  return { name: 'collapse', entry: 'collapse_file', args: { mm: 'mm', addr: 0, file: 'file', start: 0, cc: 'cc' } };
}

/** What the lowering may take as known in every collapse scenario. */
export function collapseAssume(spec: CollapseWorldSpec, extra: Record<string, number | 'any'> = {}): Record<string, number | 'any'> {
  return {
    ...SCAN,
    HPAGE_PMD_NR: spec.n,
    HPAGE_PMD_SIZE: spec.n,
    PAGE_SIZE: 1,
    PAGE_SHIFT: 0,
    SEEK_DATA,
    SEEK_HOLE,
    ENXIO,
    EEXIST,
    FGP_ENTRY: 1,
    MOVE_FILE: 1,
    shmem_file: 1,
    shmem_mapping: 1,
    PageTransCompound: 0,
    folio_has_private: 0,
    xas_error: 0,
    shmem_charge: 1,
    copy_mc_highpage: 0,
    pmd_present: 1,
    pmd_trans_huge: 0,
    pmd_bad: 0,
    hpage_collapse_find_target_node: 0,
    mem_cgroup_charge: 0,
    thp_nr_pages: spec.n,
    inode_is_open_for_write: 0,
    filemap_release_folio: 1,
    hpage_collapse_test_exit: 0,
    userfaultfd_wp: 0,
    ...extra,
  };
}

export const defaultBounds: Bounds = { maxStates: 2_000_000, maxMillis: 20_000, maxCallDepth: 8, maxLoopIterations: 16 };

// ---- expression helpers for properties -------------------------------------------------------

export const c = (v: number): Expr => ({ k: 'const', v });
export const obj = (name: string): Expr => ({ k: 'obj', name });
export const q = (query: Extract<Expr, { k: 'query' }>['q'], ...args: Expr[]): Expr => ({ k: 'query', q: query, args });
export const and = (...xs: Expr[]): Expr => xs.reduce((a, b) => ({ k: 'bin', op: '&&', a, b }));
export const or = (...xs: Expr[]): Expr => xs.reduce((a, b) => ({ k: 'bin', op: '||', a, b }));
export const not = (a: Expr): Expr => ({ k: 'not', a });
export const eq = (a: Expr, b: Expr): Expr => ({ k: 'bin', op: '==', a, b });
export const ne = (a: Expr, b: Expr): Expr => ({ k: 'bin', op: '!=', a, b });
export const tstate = (thread: string, is: 'done' | 'blocked' | 'running'): Expr => ({ k: 'tstate', thread, is });
/** The thread's next step is in function `fn` (it has entered it and not yet returned). */
export const tin = (thread: string, fn: string): Expr => ({ k: 'tin', thread, fn });
export const tret = (thread: string): Expr => ({ k: 'tlocal', thread, name: '$ret' });
export const slot = (i: number): Expr => q('slot', c(i));
/** PG_uptodate of a page (flags are passed by their PAGE_FLAG_ORDER position). */
export const uptodate = (page: string): Expr => q('pflag', obj(page), c(PAGE_FLAG_ORDER.indexOf('uptodate')));

/**
 * Object id of a declared object: ids are positions in Scenario.objects, from 1 (src/model/ir.ts).
 * Used to pin what an allocation returns (the scenario's huge page).
 */
export function objectId(objects: ObjectDecl[], name: string): number {
  const i = objects.findIndex((o) => o.name === name);
  if (i < 0) throw new Error(`no object ${name}`);
  return i + 1;
}

export function scenario(parts: {
  id: string;
  title: string;
  spec: CollapseWorldSpec;
  readers: ThreadDecl[];
  assume?: Record<string, number | 'any'>;
  properties: PropertySpec[];
  checkStalls?: boolean;
  bounds?: Partial<Bounds>;
}): Scenario {
  const objects = collapseObjects(parts.spec);
  return {
    id: parts.id,
    title: parts.title,
    objects,
    threads: [collapseThread(), ...parts.readers],
    // The huge-page allocation returns the scenario's huge page; the PMD walk finds table X.
    assume: collapseAssume(parts.spec, {
      __alloc_pages: objectId(objects, 'hpage'),
      mm_find_pmd: objectId(objects, 'table_x'),
      ...parts.assume,
    }),
    properties: parts.properties,
    bounds: { ...defaultBounds, ...parts.bounds },
    checkStalls: parts.checkStalls ?? false,
    // The file's one VMA is what rmap-side walks (retract_page_tables, the uffd check) visit.
    iterate: { vma_interval_tree_foreach: ['vma'] },
  };
}
