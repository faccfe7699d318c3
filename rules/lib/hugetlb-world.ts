/**
 * The small world the hugetlb unmap rules run in (mm-reference §B): one hugetlbfs file with two huge
 * pages (index 0 and 1), mapped MAP_SHARED by VMA A of process A at virtual pages 1 and 2 (one
 * PUD-aligned region, one PMD page: table A), and VMA B of process B at virtual pages 3-4, not
 * faulted in (its PUD is empty) unless the scenario says B already shares table A. Each VMA has its
 * hugetlb vma_lock (vm_private_data, `hvlock` set); which PMD page its PUD points at is its
 * `pmd_table` field. One huge page is one model page and one virtual page (huge_page_size pinned
 * to 1). MADV_DONTNEED zaps only the first huge page of A, so a notifier range that is not widened
 * to the PUD-aligned region misses the second one.
 *
 * The VMAs of the file are what rmap-side iterators (vma_interval_tree_foreach in huge_pmd_share /
 * hugetlb_vmdelete_list) walk, A first.
 */
import type { Expr } from '../../src/model/ir.js';
import type { Bounds, ObjectDecl, PropertySpec, Scenario, ThreadDecl } from '../../src/model/scenario.js';

export { and, c, eq, ne, not, obj, or, q, tstate } from './collapse-world.js';

/** First virtual page of VMA A (two huge pages) and of VMA B (two, unpopulated). */
export const VA_A = 1;
export const VA_B = 3;
const PAGES = 2;
/**
 * ZAP_FLAG_DROP_MARKER | ZAP_FLAG_UNMAP: the zap flags unmap_vmas() passes down once 04ada095dcfc is in
 * (6.1-rc2 passes DROP_MARKER alone and ignores it on hugetlb). The scenarios run unmap_vmas(), whose
 * struct zap_details initializer the lowering carries through the pointer.
 */
export const ZAP_FINAL = 3;

export interface HugetlbWorldSpec {
  /** B's PUD already points at table A (B faulted in earlier and shares A's PMD page). */
  bSharesA?: boolean;
}

export function hugetlbObjects(spec: HugetlbWorldSpec = {}): ObjectDecl[] {
  const vma = (name: string, label: string, start: number, mm: string, lock: string, table: string | number): ObjectDecl => ({
    kind: 'vma',
    name,
    label,
    fields: {
      hugetlb: 1, vm_start: start, vm_end: start + PAGES, vm_pgoff: 0, vm_flags: 0,
      vm_file: 'file', vm_mm: mm, vm_private_data: lock, hvlock: 1, pmd_table: table,
    },
  });
  return [
    { kind: 'lock', name: 'i_mmap_rwsem', class: 'rwsem', label: 'i_mmap_rwsem' },
    { kind: 'lock', name: 'pmd_lock', class: 'spin', label: 'huge PTL' },
    { kind: 'lock', name: 'hugetlb_fault_mutex', class: 'mutex', label: 'hugetlb_fault_mutex' },
    { kind: 'lock', name: 'vma_lock_a', class: 'rwsem', label: 'vma_lock(A)' },
    { kind: 'lock', name: 'vma_lock_b', class: 'rwsem', label: 'vma_lock(B)' },
    { kind: 'mapping', name: 'mapping', label: 'hugetlbfs mapping', slots: PAGES, shmem: false },
    // page cache + A's mapping
    { kind: 'page', name: 'hpage', label: 'huge page 0', ref: 2, flags: ['uptodate'], index: 0, mappedAt: [VA_A] },
    { kind: 'page', name: 'hpage2', label: 'huge page 1', ref: 2, flags: ['uptodate'], index: 1, mappedAt: [VA_A + 1] },
    { kind: 'pagetable', name: 'table_a', label: 'PMD page A', ptl: 'pmd_lock', covers: [VA_A, VA_A + 1] },
    { kind: 'pagetable', name: 'table_b', label: 'PMD page B', ptl: 'pmd_lock', covers: [VA_B, VA_B + 1] },
    { kind: 'vma', name: 'file', label: 'file', fields: { f_mapping: 'mapping' } },
    { kind: 'vma', name: 'mm_a', label: 'mm A', fields: {} },
    { kind: 'vma', name: 'mm_b', label: 'mm B', fields: {} },
    // kept so that object ids stay put (unmap_vmas() now passes its own struct zap_details)
    { kind: 'vma', name: 'unmap_details', label: 'zap_details of unmap_vmas', fields: {} },
    vma('vma_a', 'VMA A', VA_A, 'mm_a', 'vma_lock_a', 'table_a'),
    vma('vma_b', 'VMA B', VA_B, 'mm_b', 'vma_lock_b', spec.bSharesA ? 'table_a' : 0),
  ];
}

/** What the lowering may take as known in every hugetlb scenario. */
export function hugetlbAssume(extra: Record<string, number | 'any'> = {}): Record<string, number | 'any'> {
  return {
    PAGE_SIZE: 1,
    PAGE_SHIFT: 0,
    huge_page_size: 1,
    huge_page_shift: 0,
    // the PUD-aligned region is virtual pages [0, 4): after an unshare at A's first page the walk
    // skips the rest of the PUD (address |= last_addr_mask) instead of clearing PTEs of the table it
    // no longer owns
    hugetlb_mask_last_page: 3,
    pmd_index: 0,
    huge_pte_dirty: 0,
    huge_pte_uffd_wp: 0,
    mas_find: 0,
    // hugetlb_vmtruncate: the file has mappings (its i_mmap tree is not empty)
    RB_EMPTY_ROOT: 0,
    pmd_alloc: 0,
    CONFIG_DEBUG_VM: 0,
    ...extra,
  };
}

export const hugetlbBounds: Bounds = { maxStates: 200_000, maxMillis: 10_000, maxCallDepth: 8, maxLoopIterations: 8 };

// ---- expressions for properties --------------------------------------------------------------

const vmaField = (vma: string, field: string): Expr => ({ k: 'field', obj: { k: 'obj', name: vma }, field });
/** The VMA still has its hugetlb vma_lock. */
export const hasVmaLock = (vma: string): Expr => vmaField(vma, 'hvlock');
/** The PMD page the VMA's PUD points at (object id; 0 = none). */
export const pmdTableOf = (vma: string): Expr => vmaField(vma, 'pmd_table');

/** MADV_DONTNEED of VMA A's huge page, as madvise_dontneed_free calls it. */
export function dontneedThread(name = 'dontneed'): ThreadDecl {
  return { name, entry: 'madvise_dontneed_single_vma', args: { vma: 'vma_a', start: VA_A, end: VA_A + 1 } };
}

/**
 * hugetlb_vmtruncate() at 2 huge pages, the end of the file: i_mmap_rwsem (W), then every VMA's vma_lock, and
 * nothing left to unmap: the lock order without the (long) walks.
 */
export function truncateThread(name = 'truncate'): ThreadDecl {
  return { name, entry: 'hugetlb_vmtruncate', args: { inode: 'file', offset: 2 } };
}

/** A fault in process B at VMA B's address reaching huge_pmd_share (huge_pte_alloc, want_pmd_share). */
export function shareThread(name = 'share'): ThreadDecl {
  return { name, entry: 'huge_pmd_share', args: { mm: 'mm_b', vma: 'vma_b', addr: VA_B, pud: 'vma_b' } };
}

export function scenario(parts: {
  id: string;
  title: string;
  threads: ThreadDecl[];
  properties: PropertySpec[];
  assume?: Record<string, number | 'any'>;
  spec?: HugetlbWorldSpec;
  checkStalls?: boolean;
}): Scenario {
  return {
    id: parts.id,
    title: parts.title,
    objects: hugetlbObjects(parts.spec),
    threads: parts.threads,
    assume: hugetlbAssume(parts.assume),
    properties: parts.properties,
    bounds: hugetlbBounds,
    checkStalls: parts.checkStalls ?? false,
    iterate: { vma_interval_tree_foreach: ['vma_a', 'vma_b'] },
  };
}
