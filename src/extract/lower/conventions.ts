/**
 * How the lowering reads C types and names (docs/model.md, "Lowering"): which struct pointers are
 * world objects and which of their fields the model reads, the static types of field chains, and the
 * built-in constants (a scenario's `assume` overrides them).
 */
import { RETRY_ENTRY } from '../../model/ir.js';

/** C struct types whose pointers are world objects, and which fields of them the model reads. */
export const MODELLED_TYPES: Record<string, { kind: string; fields: string[] | 'all' }> = {
  page: { kind: 'page', fields: ['mapping', 'index'] },
  folio: { kind: 'page', fields: ['mapping', 'index'] },
  vm_area_struct: { kind: 'vma', fields: 'all' },
  pmd_t: { kind: 'pagetable', fields: ['ptl', 'pmd'] },
  address_space: { kind: 'mapping', fields: [] },
  mm_struct: { kind: 'mm', fields: [] },
  anon_vma: { kind: 'anon_vma', fields: [] },
  // field holders a scenario may declare (as objects with fields)
  file: { kind: 'holder', fields: ['f_mapping'] },
  collapse_control: { kind: 'holder', fields: ['is_khugepaged'] },
};

/** Static type of `base->field` for chains (`page->mapping->i_pages`, `vma->vm_mm->mmap_lock`). */
export const FIELD_TYPES: Record<string, string> = {
  'page.mapping': 'address_space',
  'folio.mapping': 'address_space',
  'vm_area_struct.vm_mm': 'mm_struct',
  'vm_area_struct.anon_vma': 'anon_vma',
  'anon_vma.root': 'anon_vma',
  'file.f_mapping': 'address_space',
  'vm_area_struct.vm_file': 'file',
};

/** Built-in constants (a scenario's `assume` overrides them). Values are small: state cells are bytes. */
export const CONSTANTS: Record<string, number> = {
  NULL: 0, true: 1, false: 0,
  PAGE_SIZE: 1, PAGE_SHIFT: 0,
  MMU_NOTIFY_UNMAP: 1, MMU_NOTIFY_CLEAR: 2,
  ZAP_FLAG_DROP_MARKER: 1, ZAP_FLAG_UNMAP: 2,
  XA_RETRY_ENTRY: RETRY_ENTRY,
  EPERM: 1, ENOENT: 2, EINTR: 4, EIO: 5, EAGAIN: 11, ENOMEM: 12, EFAULT: 14, EBUSY: 16, EEXIST: 17,
  EINVAL: 22, ENOSPC: 28, EHWPOISON: 133,
};


/**
 * Struct types the lowering keeps as member locals (`xas.xa_index`, `range.start`). A parameter that
 * points to one gets hidden parameters `<param>.<member>`; callers pass their members in and copy them
 * back on return (call.outs), so an xa_state cursor or a notifier range crosses calls.
 */
export const MEMBER_STRUCTS: Record<string, string[]> = {
  xa_state: ['xa_index', 'span', 'restart'],
  mmu_notifier_range: ['event', 'start', 'end'],
  zap_details: ['zap_flags', 'even_cows'],
};
