/**
 * The small world the vma-lock rules run in (mm-reference §D, Linux 6.4 rwsem form): one mm with its
 * mmap_lock, anon_vma lock and page_table_lock, and anonymous VMAs side by side —
 *  - V = [1, 2), the VMA that faults, with anon_vma AV;
 *  - X = [2, 3), its upper neighbour, with anon_vma AX (compatible: V's anon_vma could be shared);
 *  - N = [5, 6), the VMA copy_vma() makes when mremap moves V (already placed: copy_vma is pinned).
 * V and X each have a page table of their own (table V, table X, with their PTLs), empty; the fault maps
 * the new anonymous folio. Addresses are virtual page numbers (PAGE_SIZE pinned to 1). VMA fields the effects read: vm_start,
 * vm_end, anon_vma, walked (bit i: thread i got the VMA from a lockless walk), vm_freed.
 *
 * Threads (each optional), in this order so that thread 0 is the fault:
 *  - fault:  a user fault at V, or at X (do_user_addr_fault): VMA lock first, mmap_lock on fallback;
 *  - mremap: mremap(V, MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP) to N (R-D1's T2);
 *  - munmap: munmap(X) (R-D1's T3).
 */
import type { Expr } from '../../src/model/ir.js';
import type { Bounds, ObjectDecl, PropertySpec, Scenario, ThreadDecl } from '../../src/model/scenario.js';
import { objectId } from './collapse-world.js';

export const V = 'vma_v';
export const X = 'vma_x';
export const N = 'vma_n';
export const FAULT = 'fault';
export const TABLE_X = 'table_x';
export const VA_V = 1;
export const VA_X = 2;
export const VA_N = 5;
/** MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP as the reference's mm/mremap.c defines them. */
export const MREMAP_DONTUNMAP_MOVE = 1 | 2 | 4;

export interface VmaWorldSpec {
  fault?: boolean;
  /** Where the fault happens (default: in V). */
  faultAt?: number;
  mremap?: boolean;
  munmap?: boolean;
}

function anonVma(name: string, start: number, anon: string): ObjectDecl {
  return {
    kind: 'vma',
    name,
    label: `VMA ${name.slice(4).toUpperCase()} [${start}, ${start + 1})`,
    fields: { vm_start: start, vm_end: start + 1, vm_pgoff: start, vm_flags: 0, vm_file: 0, vm_mm: 'mm', anon_vma: anon, walked: 0, vm_freed: 0 },
  };
}

export function vmaObjects(): ObjectDecl[] {
  return [
    { kind: 'lock', name: 'mmap_lock', class: 'rwsem', label: 'mmap_lock' },
    { kind: 'lock', name: 'anon_vma_lock', class: 'rwsem', label: 'anon_vma lock' },
    { kind: 'lock', name: 'page_table_lock', class: 'spin', label: 'page_table_lock' },
    { kind: 'lock', name: 'ptl_v', class: 'spin', label: 'PTL(table V)' },
    { kind: 'lock', name: 'ptl_x', class: 'spin', label: 'PTL(table X)' },
    // each VMA has a page table of its own (a PMD apart), empty: the fault maps the new page
    { kind: 'pagetable', name: 'table_v', label: 'table V', ptl: 'ptl_v', covers: [VA_V] },
    { kind: 'pagetable', name: TABLE_X, label: 'table X', ptl: 'ptl_x', covers: [VA_X] },
    { kind: 'page', name: 'newpage', label: 'new anon folio', ref: 1 },
    // field holders: the mm and the anon_vmas are only compared and passed around
    { kind: 'vma', name: 'mm', label: 'mm', fields: {} },
    { kind: 'vma', name: 'av_v', label: 'anon_vma AV', fields: {} },
    { kind: 'vma', name: 'av_x', label: 'anon_vma AX', fields: {} },
    { kind: 'vma', name: 'av_new', label: 'new anon_vma', fields: {} },
    anonVma(V, VA_V, 'av_v'),
    anonVma(X, VA_X, 'av_x'),
    anonVma(N, VA_N, 'av_v'),
  ];
}

export function vmaThreads(spec: VmaWorldSpec): ThreadDecl[] {
  const threads: ThreadDecl[] = [];
  if (spec.fault) threads.push({ name: FAULT, entry: 'do_user_addr_fault', args: { regs: 0, error_code: 0, address: spec.faultAt ?? VA_V } });
  if (spec.mremap)
    threads.push({ name: 'mremap', entry: 'sys_mremap', args: { addr: VA_V, old_len: 1, new_len: 1, flags: MREMAP_DONTUNMAP_MOVE, new_addr: VA_N } });
  if (spec.munmap) threads.push({ name: 'munmap', entry: 'sys_munmap', args: { addr: VA_X, len: 1 } });
  return threads;
}

/** What the lowering may take as known: anonymous VMAs without userfaultfd, compatible neighbours. */
export function vmaAssume(objects: ObjectDecl[]): Record<string, number | 'any'> {
  return {
    PAGE_SIZE: 1,
    PAGE_SHIFT: 0,
    'current->mm': objectId(objects, 'mm'),
    vma_is_anonymous: 1,
    userfaultfd_armed: 0,
    mpol_equal: 1,
    vma_policy: 0,
    list_is_singular: 1,
    anon_vma_chain_alloc: 1,
    anon_vma_alloc: objectId(objects, 'av_new'),
    copy_vma: objectId(objects, N),
    vma_alloc_zeroed_movable_folio: objectId(objects, 'newpage'),
    mem_cgroup_charge: 0,
    move_page_tables: 1,
    count_vm_vma_lock_event: 0,
    FIRST_USER_ADDRESS: 0,
    USER_PGTABLES_CEILING: 0,
    GFP_KERNEL: 0,
  };
}

export const vmaBounds: Bounds = { maxStates: 100_000, maxMillis: 10_000, maxCallDepth: 10, maxLoopIterations: 8 };

// ---- expression helpers for properties -------------------------------------------------------

export const c = (v: number): Expr => ({ k: 'const', v });
export const obj = (name: string): Expr => ({ k: 'obj', name });
export const and = (...xs: Expr[]): Expr => xs.reduce((a, b) => ({ k: 'bin', op: '&&', a, b }));
export const field = (o: string, f: string): Expr => ({ k: 'field', obj: obj(o), field: f });
/** The thread (by its position in the scenario) got VMA `vma` from a lockless tree walk. */
export const walkedBy = (vma: string, tid: number): Expr => ({ k: 'bin', op: '&', a: field(vma, 'walked'), b: c(1 << tid) });
export const freedVma = (vma: string): Expr => field(vma, 'vm_freed');
/** The page table has been freed. */
export const freedTable = (table: string): Expr => field(table, 'freed');
export const lockHeld = (lock: string): Expr => ({ k: 'query', q: 'lock_held', args: [obj(lock)] });
export const or = (...xs: Expr[]): Expr => xs.reduce((a, b) => ({ k: 'bin', op: '||', a, b }));
/** Some thread holds the VMA's read lock (vma_start_read succeeded, no vma_end_read yet). */
export const readLocked = (vma: string): Expr => ({ k: 'bin', op: '!=', a: field(vma, 'readers'), b: c(0) });

export function vmaScenario(parts: { id: string; title: string; spec: VmaWorldSpec; properties: PropertySpec[]; bounds?: Partial<Bounds> }): Scenario {
  const objects = vmaObjects();
  return {
    id: parts.id,
    title: parts.title,
    objects,
    threads: vmaThreads(parts.spec),
    assume: vmaAssume(objects),
    properties: parts.properties,
    bounds: { ...vmaBounds, ...parts.bounds },
    checkStalls: false,
  };
}
