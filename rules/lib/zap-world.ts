/**
 * The small world the zap rules run in (mm-reference §A): one PTE table X covering virtual page 0,
 * its PTL, one page mapped at VA 0 — a page of a MAP_SHARED file (in the page cache at index 0) or an
 * anonymous page — the file's mapping and i_mmap_rwsem, and one VMA [0, 1) of the mm.
 *
 * Threads, each on its own CPU (TLB entries are per CPU; every CPU starts with the translation of VA 0
 * cached, as after the user touched the page):
 *  - zap: MADV_DONTNEED of [0, 1) (madvise_dontneed_single_vma → zap_page_range_single);
 *  - writer: a user thread storing to VA 0 (mmr_user_stores, the hardware side of R-A1's T2);
 *  - writeback: folio_write_one() of the page, locked beforehand (R-A1's T3).
 *
 * Addresses are virtual page numbers (PAGE_SIZE pinned to 1, PAGE_SHIFT to 0).
 */
import { PAGE_FLAG_ORDER, type Expr, type PageFlag } from '../../src/model/ir.js';
import type { Bounds, ObjectDecl, PropertySpec, Scenario, ThreadDecl } from '../../src/model/scenario.js';
import { objectId } from './collapse-world.js';

export const PAGE = 'page0';
export const TABLE = 'table_x';
export const PTL = 'ptl_x';
export const VA = 0;

export interface ZapWorldSpec {
  /** An anonymous page (refcount 1: the mapping only) instead of a shared file page. */
  anon?: boolean;
  /** The user thread storing through its cached translation. */
  writer?: boolean;
  /** Writeback of the page (folio_write_one), page locked at start. */
  writeback?: boolean;
  /** Stores the writer makes (each one interleaving point). */
  stores?: number;
}

/** VM_SHARED as the reference's rmap.c defines it. */
const VM_SHARED = 8;

export function zapObjects(spec: ZapWorldSpec): ObjectDecl[] {
  const page: ObjectDecl = {
    kind: 'page',
    name: PAGE,
    label: spec.anon ? 'anon page' : 'file page',
    // file: page cache + the mapping PTE; anon: the mapping PTE only (the zap frees it)
    ref: spec.anon ? 1 : 2,
    flags: ['uptodate', 'lru'],
    ...(spec.anon ? {} : { index: 0 }),
    mappedAt: [VA],
    locked: !!spec.writeback,
  };
  return [
    { kind: 'lock', name: PTL, class: 'spin', label: 'PTL(table X)' },
    { kind: 'lock', name: 'i_mmap_rwsem', class: 'rwsem', label: 'i_mmap_rwsem' },
    { kind: 'mapping', name: 'mapping', label: 'file mapping', slots: 1, shmem: false },
    page,
    { kind: 'pagetable', name: TABLE, label: 'table X', ptl: PTL, covers: [VA] },
    { kind: 'vma', name: 'file', label: 'file', fields: { f_mapping: 'mapping' } },
    { kind: 'vma', name: 'mm', label: 'mm', fields: {} },
    {
      kind: 'vma',
      name: 'vma',
      label: spec.anon ? 'private anon VMA' : 'MAP_SHARED VMA of the file',
      fields: {
        vm_start: 0,
        vm_end: 1,
        vm_pgoff: 0,
        vm_file: spec.anon ? 0 : 'file',
        vm_mm: 'mm',
        vm_flags: spec.anon ? 0 : VM_SHARED,
        hugetlb: 0,
      },
    },
  ];
}

export function zapThreads(spec: ZapWorldSpec): ThreadDecl[] {
  const threads: ThreadDecl[] = [
    { name: 'zap', entry: 'madvise_dontneed_single_vma', args: { vma: 'vma', start: VA, end: VA + 1 }, cpu: 0 },
  ];
  if (spec.writer) threads.push({ name: 'writer', entry: 'mmr_user_stores', args: { mm: 'mm', addr: VA, nr: spec.stores ?? 1 }, cpu: 1 });
  if (spec.writeback) threads.push({ name: 'writeback', entry: 'folio_write_one', args: { folio: PAGE }, cpu: 2 });
  return threads;
}

/** What the lowering may take as known: the PTE was dirty and writable, the page anon or not. */
export function zapAssume(spec: ZapWorldSpec, objects: ObjectDecl[]): Record<string, number | 'any'> {
  const table = objectId(objects, TABLE);
  return {
    PAGE_SIZE: 1,
    PAGE_SHIFT: 0,
    PageAnon: spec.anon ? 1 : 0,
    folio_test_anon: spec.anon ? 1 : 0,
    pte_dirty: 1,
    pte_write: 1,
    pte_young: 0,
    page_mapcount: 0,
    folio_nr_pages: 1,
    // the folded upper levels and the gather's mm (a field of struct mmu_gather, not modelled)
    pud_offset: 0,
    'tlb->mm': objectId(objects, 'mm'),
    vma_has_recency: 1,
    pmd_offset: table,
    mm_find_pmd: table,
    pmd_none_or_trans_huge_or_clear_bad: 0,
  };
}

export const zapBounds: Bounds = { maxStates: 200_000, maxMillis: 10_000, maxCallDepth: 10, maxLoopIterations: 8 };

// ---- expression helpers for properties -------------------------------------------------------

export const c = (v: number): Expr => ({ k: 'const', v });
export const obj = (name: string): Expr => ({ k: 'obj', name });
export const and = (...xs: Expr[]): Expr => xs.reduce((a, b) => ({ k: 'bin', op: '&&', a, b }));
export const not = (a: Expr): Expr => ({ k: 'not', a });
export const eq = (a: Expr, b: Expr): Expr => ({ k: 'bin', op: '==', a, b });
export const pflag = (page: string, f: PageFlag): Expr => ({ k: 'query', q: 'pflag', args: [obj(page), c(PAGE_FLAG_ORDER.indexOf(f))] });
/** Some CPU still caches a translation to the page. */
export const tlbMaps = (page: string): Expr => ({ k: 'query', q: 'tlb_maps', args: [obj(page)] });
export const pteOf = (va: number): Expr => ({ k: 'query', q: 'pte', args: [c(va)] });
export const lockHeld = (lock: string): Expr => ({ k: 'query', q: 'lock_held', args: [obj(lock)] });
export const freed = (page: string): Expr => ({ k: 'query', q: 'freed', args: [obj(page)] });

export function zapScenario(parts: {
  id: string;
  title: string;
  spec: ZapWorldSpec;
  properties: PropertySpec[];
  bounds?: Partial<Bounds>;
}): Scenario {
  const objects = zapObjects(parts.spec);
  return {
    id: parts.id,
    title: parts.title,
    objects,
    threads: zapThreads(parts.spec),
    assume: zapAssume(parts.spec, objects),
    properties: parts.properties,
    bounds: { ...zapBounds, ...parts.bounds },
    checkStalls: false,
    // the file's one VMA is what folio_mkclean's rmap walk visits
    iterate: { vma_interval_tree_foreach: ['vma'] },
  };
}
