/**
 * A page whose PTE was cleared must not be released before a TLB flush covering that PTE
 * (mm-reference A-I2).
 */
import { defineRule } from '../src/engine/rule.js';
import { PAGE, and, freed, tlbMaps, zapScenario } from './lib/zap-world.js';

const PROPERTY = 'free-after-flush';

export default defineRule({
  id: 'zap-free-before-flush',
  title: 'Zapped page freed before the TLB flush',
  severity: 'error',
  rationale:
    'mmu_gather exists so that pages unmapped by zap_pte_range() are freed only after the TLB flush that ' +
    'covers their cleared PTEs (QUEUE → TLB_FLUSH → FREE_BATCH). Releasing a page earlier (put_page instead ' +
    'of __tlb_remove_page, or freeing the batch before tlb_flush_mmu_tlbonly) returns it to the allocator ' +
    'while other CPUs can still read and write it through stale TLB entries: a use-after-free.',
  references: ['mm-reference §A.2, mmu_gather primitives, A-I2'],
  knownFalsePositives:
    'Pages that are still referenced elsewhere (page cache, pins) are not freed by the zap; the scenario uses ' +
    'an anonymous page mapped once, which the zap frees.',
  path: 'zap',
  triggers: { functions: ['madvise_dontneed_single_vma', 'zap_page_range_single', 'zap_vma_pages'] },
  scenarios: [
    zapScenario({
      id: 'zap-anon-free',
      title: 'MADV_DONTNEED of an anonymous page mapped once: when it is freed',
      spec: { anon: true },
      properties: [
        {
          id: PROPERTY,
          kind: 'never',
          expr: and(freed(PAGE), tlbMaps(PAGE)),
          message: 'the page was freed while a CPU still caches a translation to it',
        },
      ],
    }),
  ],
  match: { property: PROPERTY },
  message: 'zapped page released before the TLB flush covering its PTE (use-after-free through a stale TLB entry)',
  fixtures: [
    { patch: 'fixtures/zap/free-anon-before-flush.patch', expect: 'regression', why: 'put_page instead of the gather for anon pages' },
    { patch: 'fixtures/zap/free-batch-before-flush.patch', expect: 'regression', why: 'tlb_batch_pages_flush before tlb_flush_mmu_tlbonly' },
    { patch: 'fixtures/zap/noop-comments-renames.patch', expect: 'quiet', why: 'no behaviour change' },
    { patch: 'fixtures/zap/revert-delayed-rmap.patch', expect: 'quiet', why: 'pages are still freed after the flush' },
  ],
});
