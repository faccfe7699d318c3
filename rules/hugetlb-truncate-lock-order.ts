/**
 * Truncation holds i_mmap_rwsem when it meets each VMA's vma_lock: it may only trylock it
 * (mm-reference §B.2, lock order vma_lock → i_mmap_rwsem).
 */
import { defineRule } from '../src/engine/rule.js';
import { dontneedThread, scenario, truncateThread } from './lib/hugetlb-world.js';

export default defineRule({
  id: 'hugetlb-truncate-lock-order',
  title: 'hugetlbfs truncation waits for a vma_lock while holding i_mmap_rwsem (ABBA with the zap path)',
  severity: 'error',
  rationale:
    'The hugetlb lock order is hugetlb_fault_mutex → vma_lock → i_mmap_rwsem → PTL: every zap of a hugetlb ' +
    'VMA (__unmap_hugepage_range_final) takes the vma_lock, then i_mmap_rwsem. Truncation and hole punch start ' +
    'from i_mmap_rwsem (hugetlb_vmdelete_list runs under it), so they may only trylock each vma_lock and skip a ' +
    'busy VMA (its pages are unmapped later, page by page). Waiting for the vma_lock there deadlocks against a ' +
    'concurrent MADV_DONTNEED or munmap.',
  references: [
    'mm-reference §B.2 (hugetlbfs truncation, lock order)',
    '40549ba8f8e0 hugetlb: use new vma_lock for pmd sharing synchronization',
  ],
  knownFalsePositives:
    'The page-cache side of truncation (remove_inode_hugepages, hugetlb_unmap_file_folio with its kref-pinned ' +
    'lock dance) is not run; a patch that takes the vma_lock only after dropping i_mmap_rwsem is judged by the ' +
    'zap side alone.',
  path: 'hugetlb',
  triggers: { functions: ['hugetlb_vmdelete_list', 'hugetlb_vmtruncate', '__unmap_hugepage_range_final', 'zap_page_range'] },
  scenarios: [
    scenario({
      id: 'hugetlb-truncate-vs-dontneed',
      title: 'hugetlbfs truncation (at the end of the file) vs MADV_DONTNEED of the first huge page of VMA A',
      threads: [truncateThread(), dontneedThread()],
      properties: [],
      checkStalls: true,
    }),
  ],
  match: { stall: 'deadlock' },
  message: 'truncation holds i_mmap_rwsem and waits for a vma_lock whose holder, zapping the VMA, waits for i_mmap_rwsem (ABBA deadlock)',
  fixtures: [
    { patch: 'fixtures/hugetlb/truncate-blocking-vma-lock.patch', expect: 'regression', why: 'hugetlb_vmdelete_list takes the vma_lock instead of trylocking it' },
    { patch: 'fixtures/hugetlb/seed-approach.patch', expect: 'quiet', why: 'lock order unchanged' },
    { patch: 'fixtures/hugetlb/upstream-final.patch', expect: 'quiet', why: 'lock order unchanged' },
    { patch: 'fixtures/hugetlb/noop-comments-renames.patch', expect: 'quiet', why: 'no concurrency change' },
  ],
});
