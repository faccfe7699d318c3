/**
 * Which hugetlb scenarios must show their rule's problem on which program: the v6.1-rc2 reference
 * and our fixtures applied to it. A scenario not listed for a program must stay clean on it.
 */
export interface HugetlbCase {
  name: string;
  fixture?: string;
  hits: string[];
}

const LOCK_LIVE = 'hugetlb-dontneed-keeps-vma-lock';
const SHARE_LOST = 'hugetlb-dontneed-vs-pmd-share';
const LOCK_ORDER = 'hugetlb-final-unmap-vs-pmd-share';
const NOTIFIER = 'hugetlb-dontneed-secondary-mmu';
const UNSHARE = 'hugetlb-dontneed-unshare-secondary-mmu';
const TRUNCATE = 'hugetlb-truncate-secondary-mmu';
const DEADLOCK = 'hugetlb-truncate-vs-dontneed';

export const hugetlbCases: HugetlbCase[] = [
  // 6.1-rc2: MADV_DONTNEED goes through the final routine and frees the vma_lock (R-B2).
  { name: 'reference 6.1-rc2', hits: [LOCK_LIVE, SHARE_LOST] },
  { name: 'seed approach', fixture: 'fixtures/hugetlb/seed-approach.patch', hits: [] },
  { name: 'seed approach, other names', fixture: 'fixtures/hugetlb/seed-other-names.patch', hits: [] },
  // the seed's exact change (notification_needed, the locking routine) applied to our text
  { name: 'seed, exact shape', fixture: 'fixtures/hugetlb/seed-exact-shape.patch', hits: [] },
  { name: 'landed form', fixture: 'fixtures/hugetlb/upstream-final.patch', hits: [] },
  // clear_hugetlb_page_range without invalidate_range_start, nested bracket moved out
  { name: 'early form without notifier start', fixture: 'fixtures/hugetlb/early-no-notifier-start.patch', hits: [NOTIFIER, UNSHARE] },
  // i_mmap_rwsem released before the vma_lock is freed on the final unmap
  { name: 'final unmap unlock order', fixture: 'fixtures/hugetlb/final-unlock-order.patch', hits: [LOCK_ORDER] },
  // nested bracket moved into unmap_hugepage_range without its start (truncation)
  { name: 'unmap_hugepage_range without notifier start', fixture: 'fixtures/hugetlb/unmap-range-no-start.patch', hits: [LOCK_LIVE, SHARE_LOST, TRUNCATE, UNSHARE] },
  // landed form whose zap_page_range_single does not widen the notifier range
  { name: 'landed form, range not widened', fixture: 'fixtures/hugetlb/zap-single-not-widened.patch', hits: [UNSHARE] },
  // hugetlb_vmdelete_list waits for the vma_lock under i_mmap_rwsem
  { name: 'truncation takes the vma_lock', fixture: 'fixtures/hugetlb/truncate-blocking-vma-lock.patch', hits: [LOCK_LIVE, SHARE_LOST, DEADLOCK] },
  { name: 'comments and renames', fixture: 'fixtures/hugetlb/noop-comments-renames.patch', hits: [LOCK_LIVE, SHARE_LOST] },
];
