/**
 * Huge PTEs must be cleared inside an mmu-notifier bracket covering them (mm-reference A-I1, B-I6).
 */
import { defineRule } from '../src/engine/rule.js';
import { and, c, dontneedThread, eq, obj, pmdTableOf, q, scenario, VA_A } from './lib/hugetlb-world.js';

/** hugetlb_vmtruncate() passes ZAP_FLAG_DROP_MARKER. */
const ZAP_DROP_MARKER = 1;

const PROPERTY = 'huge-pte-cleared-outside-notifier';

export default defineRule({
  id: 'hugetlb-zap-outside-notifier',
  title: 'Huge PTE cleared outside an mmu-notifier invalidation bracket',
  severity: 'error',
  rationale:
    'Secondary MMUs (KVM, IOMMUs in SVA mode) mirror the process page tables and drop their copies only when ' +
    'told by mmu_notifier_invalidate_range_start(). A huge PTE cleared outside a start/end bracket covering it ' +
    '(for a possibly shared PMD: the PUD-aligned widened range) leaves the secondary MMU with a translation to a ' +
    'page that may be freed. Peter Xu on v2 of the MADV_DONTNEED fix: "Is mmu_notifier_invalidate_range_start() ' +
    'missing here?".',
  references: [
    'mm-reference §A.3 A-I1, §B.3 B-I6',
    'seed 000: Peter Xu\'s review of clear_hugetlb_page_range (Oct 2022)',
    '369258ce41c6 hugetlb: remove duplicate mmu notifications',
  ],
  knownFalsePositives:
    'The secondary MMU is modelled as one cached translation per virtual page, dropped by any bracket whose ' +
    'range covers it; a driver without cached translations is safe without the bracket. A shared PMD page is ' +
    'modelled as VMAs pointing at the same table (their PTE cells are A\'s virtual pages).',
  path: 'hugetlb',
  triggers: { functions: ['zap_page_range', '__unmap_hugepage_range', '__unmap_hugepage_range_final', 'unmap_hugepage_range', 'hugetlb_vmdelete_list'] },
  scenarios: [
    scenario({
      id: 'hugetlb-dontneed-secondary-mmu',
      title: 'MADV_DONTNEED of the huge page of VMA A, with a secondary MMU mirroring A',
      threads: [dontneedThread()],
      properties: [
        {
          id: PROPERTY,
          kind: 'never',
          expr: and(eq(q('pte', c(VA_A)), c(0)), q('smmu_maps', obj('hpage'))),
          message: 'the huge PTE of VMA A was cleared while a secondary MMU still maps the page: no notifier bracket covered the clear',
        },
      ],
    }),
    scenario({
      id: 'hugetlb-truncate-secondary-mmu',
      title: 'hugetlbfs truncation to 0 unmapping every VMA of the file (hugetlb_vmdelete_list), with a secondary MMU mirroring A',
      threads: [{ name: 'truncate', entry: 'hugetlb_vmdelete_list', args: { root: 0, start: 0, end: 0, zap_flags: ZAP_DROP_MARKER } }],
      properties: [
        {
          id: PROPERTY,
          kind: 'never',
          expr: and(eq(q('pte', c(VA_A)), c(0)), q('smmu_maps', obj('hpage'))),
          message: 'truncation cleared the huge PTE of VMA A while a secondary MMU still maps the page: unmap_hugepage_range() cleared it outside a notifier bracket',
        },
      ],
    }),
    scenario({
      id: 'hugetlb-dontneed-unshare-secondary-mmu',
      title: 'MADV_DONTNEED of the first huge page of VMA A, whose PMD page process B shares, with a secondary MMU mirroring A',
      spec: { bSharesA: true },
      threads: [dontneedThread()],
      properties: [
        {
          id: PROPERTY,
          kind: 'never',
          // The unshare cleared A's PUD: A no longer maps huge page 1 either (outside [start, end)),
          // so the secondary MMU must have been told about the whole PUD-aligned region.
          expr: and(eq(pmdTableOf('vma_a'), c(0)), q('smmu_maps', obj('hpage2'))),
          message: 'the zap unshared the PMD page of VMA A while a secondary MMU still maps huge page 1 through it: the notifier range was not widened to the PUD-aligned region',
        },
      ],
    }),
  ],
  match: { property: PROPERTY },
  message: 'huge PTE cleared outside an mmu-notifier start/end bracket covering it: a secondary MMU keeps a stale translation',
  fixtures: [
    { patch: 'fixtures/hugetlb/early-no-notifier-start.patch', expect: 'regression', why: 'clear_hugetlb_page_range without mmu_notifier_invalidate_range_start' },
    { patch: 'fixtures/hugetlb/unmap-range-no-start.patch', expect: 'regression', why: 'notification moved into unmap_hugepage_range without invalidate_range_start (v6)' },
    { patch: 'fixtures/hugetlb/zap-single-not-widened.patch', expect: 'regression', why: 'zap_page_range_single notifies [start, end) only: an unshare drops mappings outside it' },
    { patch: 'fixtures/hugetlb/seed-approach.patch', expect: 'quiet', why: 'bracket kept' },
    { patch: 'fixtures/hugetlb/upstream-final.patch', expect: 'quiet', why: 'widened CLEAR bracket in zap_page_range_single' },
    { patch: 'fixtures/hugetlb/noop-comments-renames.patch', expect: 'quiet', why: 'no concurrency change' },
  ],
});
