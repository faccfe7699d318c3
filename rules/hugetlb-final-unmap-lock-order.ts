/**
 * On the final unmap the vma_lock must be gone before i_mmap_rwsem is released (mm-reference B-I4).
 */
import { defineRule } from '../src/engine/rule.js';
import { and, eq, obj, pmdTableOf, scenario, shareThread, tstate, VA_A } from './lib/hugetlb-world.js';

const PROPERTY = 'shared-pmd-of-unmapped-vma';

export default defineRule({
  id: 'hugetlb-final-unmap-lock-order',
  title: 'Final hugetlb unmap lets another process share page tables that are about to be freed',
  severity: 'error',
  rationale:
    'munmap/exit_mmap unmap a hugetlb VMA with __unmap_hugepage_range_final() and free its page tables later ' +
    '(free_pgtables). huge_pmd_share() in another process, under i_mmap_rwsem (R), adopts the PMD page of any ' +
    'VMA of the file that still has its vma_lock. The final unmap must therefore free the vma_lock before it ' +
    'releases i_mmap_rwsem; otherwise the other process can start sharing a PMD page that is freed under it.',
  references: [
    'mm-reference §B.2 (__unmap_hugepage_range_final, huge_pmd_share), B-I3, B-I4',
    '04ada095dcfc hugetlb: don\'t delete vma_lock in hugetlb MADV_DONTNEED processing (Mike Kravetz, Peter Xu)',
  ],
  knownFalsePositives:
    'The unmapping thread runs unmap_vmas() over VMA A only (the zap flags come from its struct zap_details ' +
    'initializer, so a patch that forgets ZAP_FLAG_UNMAP there is judged). The page-table free that follows ' +
    '(free_pgtables) is not run: the property is the state that leads to it.',
  path: 'hugetlb',
  triggers: { functions: ['unmap_vmas', '__unmap_hugepage_range_final', 'huge_pmd_share', 'page_table_shareable'] },
  scenarios: [
    scenario({
      id: 'hugetlb-final-unmap-vs-pmd-share',
      title: 'final unmap of VMA A (munmap) vs a fault in process B sharing the PMD page of the file',
      threads: [
        {
          name: 'munmap',
          entry: 'unmap_vmas',
          args: { tlb: 0, mt: 0, vma: 'vma_a', start_addr: VA_A, end_addr: VA_A + 2 },
        },
        shareThread(),
      ],
      properties: [
        {
          id: PROPERTY,
          kind: 'never',
          // A's final unmap is over, A's PUD still points at its PMD page (free_pgtables will free it)
          // and B's PUD points at it too.
          expr: and(tstate('munmap', 'done'), eq(pmdTableOf('vma_a'), obj('table_a')), eq(pmdTableOf('vma_b'), obj('table_a'))),
          message: 'process B shares the PMD page of VMA A after A\'s final unmap: free_pgtables will free it under B',
        },
      ],
    }),
  ],
  match: { property: PROPERTY },
  message: 'the final unmap releases i_mmap_rwsem while the VMA still has its vma_lock: another process may share page tables that are about to be freed',
  fixtures: [
    { patch: 'fixtures/hugetlb/final-unlock-order.patch', expect: 'regression', why: 'i_mmap_rwsem released before the vma_lock is freed' },
    { patch: 'fixtures/hugetlb/seed-no-unmap-flag.patch', expect: 'regression', why: 'unmap_vmas never sets ZAP_FLAG_UNMAP: munmap keeps the lock' },
    { patch: 'fixtures/hugetlb/seed-approach.patch', expect: 'quiet', why: 'final path still frees the lock first' },
    { patch: 'fixtures/hugetlb/upstream-final.patch', expect: 'quiet', why: 'final path still frees the lock first' },
    { patch: 'fixtures/hugetlb/noop-comments-renames.patch', expect: 'quiet', why: 'no concurrency change' },
  ],
});
