/**
 * A non-final hugetlb zap (MADV_DONTNEED) must leave the VMA its vma_lock (mm-reference B-I5, R-B2).
 */
import { defineRule } from '../src/engine/rule.js';
import { and, c, dontneedThread, eq, hasVmaLock, obj, pmdTableOf, scenario, shareThread, tstate } from './lib/hugetlb-world.js';

const PROPERTY = 'vma-lock-freed-on-live-vma';

export default defineRule({
  id: 'hugetlb-vma-lock-live',
  title: 'MADV_DONTNEED destroys the hugetlb vma_lock of a VMA that lives on',
  severity: 'error',
  rationale:
    'In 6.1-rc1..rc5 every zap of a hugetlb VMA went through __unmap_hugepage_range_final(), which frees the ' +
    'vma_lock because it assumes the VMA is being unmapped for good. MADV_DONTNEED takes that path too, and ' +
    'the VMA lives on without its lock: hugetlb_vma_lock_read/write become no-ops, the VMA can no longer share ' +
    'or lend PMD pages, and faults are no longer synchronised with truncation (pages may remain beyond i_size). ' +
    'Only the final unmap (unmap_vmas, ZAP_FLAG_UNMAP) may free the lock.',
  references: [
    'mm-reference §B.2, B-I5, R-B2',
    '04ada095dcfc hugetlb: don\'t delete vma_lock in hugetlb MADV_DONTNEED processing',
    '21b85b09527c madvise: use zap_page_range_single for madvise dontneed',
  ],
  knownFalsePositives:
    'The scenarios check the state right after the zap (the VMA has no vma_lock) and its consequence for PMD ' +
    'sharing (another process can no longer share the VMA\'s page tables); the fault/truncation race that the ' +
    'lock also guards is not played.',
  path: 'hugetlb',
  triggers: { functions: ['zap_page_range', '__unmap_hugepage_range_final', 'huge_pmd_share', 'page_table_shareable'] },
  scenarios: [
    scenario({
      id: 'hugetlb-dontneed-keeps-vma-lock',
      title: 'MADV_DONTNEED of the huge page of shared hugetlb VMA A',
      threads: [dontneedThread()],
      properties: [
        {
          id: PROPERTY,
          kind: 'never',
          expr: and(tstate('dontneed', 'done'), eq(hasVmaLock('vma_a'), c(0))),
          message: 'MADV_DONTNEED returned and VMA A, which lives on, no longer has its hugetlb vma_lock',
        },
      ],
    }),
    scenario({
      id: 'hugetlb-dontneed-vs-pmd-share',
      title: 'MADV_DONTNEED of VMA A vs a fault in process B that would share A\'s PMD page',
      threads: [dontneedThread(), shareThread()],
      properties: [
        {
          id: PROPERTY,
          kind: 'at-end',
          // Whatever the order, B ends up sharing A's PMD page: before the zap (A then unshares its
          // own PUD) or after it (A still has its lock and its page table).
          expr: eq(pmdTableOf('vma_b'), obj('table_a')),
          message: 'process B could not share the PMD page of VMA A after MADV_DONTNEED: A lost its vma_lock (no PMD sharing, no fault/truncation synchronisation any more)',
        },
      ],
    }),
  ],
  match: { property: PROPERTY },
  message: 'a non-final hugetlb zap (MADV_DONTNEED) frees the vma_lock of a VMA that stays mapped',
  fixtures: [
    { patch: 'fixtures/hugetlb/seed-approach.patch', expect: 'fixed', why: 'ZAP_FLAG_UNMAP + clear_hugetlb_page_range keep the lock' },
    { patch: 'fixtures/hugetlb/seed-other-names.patch', expect: 'fixed', why: 'same change, other names' },
    { patch: 'fixtures/hugetlb/upstream-final.patch', expect: 'fixed', why: 'zap_page_range_single + ZAP_FLAG_UNMAP in unmap_vmas' },
    { patch: 'fixtures/hugetlb/noop-comments-renames.patch', expect: 'quiet', why: 'no concurrency change' },
  ],
});
