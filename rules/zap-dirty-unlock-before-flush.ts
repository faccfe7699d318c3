/**
 * After a dirty bit moved from a cleared PTE to the page, the TLB must be flushed before the PTL is
 * released (mm-reference A-I3).
 */
import { defineRule } from '../src/engine/rule.js';
import { PAGE, PTL, VA, and, c, eq, lockHeld, not, pflag, pteOf, tlbMaps, zapScenario } from './lib/zap-world.js';

const PROPERTY = 'dirty-flush-under-ptl';

export default defineRule({
  id: 'zap-dirty-unlock-before-flush',
  title: 'PTL released after a dirty PTE was zapped, before the TLB flush',
  severity: 'error',
  rationale:
    'When zap_pte_range() clears a dirty PTE it moves the dirty bit to the page (set_page_dirty) and forces ' +
    'a TLB flush before pte_unmap_unlock(). Rmap walkers that clean pages (folio_mkclean → page_mkclean_one ' +
    'via page_vma_mapped_walk) serialise on the PTL: once it is free they take a none PTE as "nothing to ' +
    'clean", while another CPU may still write through a dirty, writable TLB entry. Deferring the flush to ' +
    'tlb_finish_mmu() (or dropping force_flush for dirty pages) breaks that.',
  references: ['mm-reference §A.2 step 5, A-I3', '5df397dec7c4 mm: delay page_remove_rmap() until after the TLB has been flushed'],
  knownFalsePositives:
    'Architectures whose hardware never caches dirty, writable translations would not need the flush; the ' +
    'model assumes ordinary TLBs. Clean PTEs may be unlocked before the flush (only dirty ones are checked).',
  path: 'zap',
  triggers: { functions: ['madvise_dontneed_single_vma', 'zap_page_range_single', 'zap_vma_pages'] },
  scenarios: [
    zapScenario({
      id: 'zap-dirty-ptl-release',
      title: 'MADV_DONTNEED of a dirty MAP_SHARED page: TLB state when the PTL is released',
      spec: {},
      properties: [
        {
          id: PROPERTY,
          kind: 'never',
          // PTL free, PTE cleared, dirty bit moved to the page, and some CPU still caches the translation
          expr: and(not(lockHeld(PTL)), eq(pteOf(VA), c(0)), pflag(PAGE, 'dirty'), tlbMaps(PAGE)),
          message: 'the page table lock was released after a dirty PTE was cleared while a CPU still caches its translation',
        },
      ],
    }),
  ],
  match: { property: PROPERTY },
  message: 'page table lock released after zapping a dirty PTE, before the TLB flush (force_flush missing)',
  fixtures: [
    { patch: 'fixtures/zap/no-force-flush-dirty.patch', expect: 'regression', why: 'force_flush dropped for dirty file pages' },
    { patch: 'fixtures/zap/noop-comments-renames.patch', expect: 'quiet', why: 'no behaviour change' },
    { patch: 'fixtures/zap/flush-rmaps-after-unlock.patch', expect: 'quiet', why: 'the TLB flush itself still happens under the PTL' },
    { patch: 'fixtures/zap/zap-pte-range-6.1.patch', expect: 'quiet', why: '6.1 also flushes dirty entries before unlocking' },
  ],
});
