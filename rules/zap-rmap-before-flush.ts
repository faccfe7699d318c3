/**
 * A dirty file page's rmap must be removed after the TLB flush and before the PTL is dropped
 * (mm-reference A-I4), or writeback can clean it while a stale TLB entry still writes (R-A1).
 */
import { defineRule } from '../src/engine/rule.js';
import type { Expr } from '../src/model/ir.js';
import { PAGE, PTL, VA, and, c, eq, lockHeld, not, pflag, pteOf, zapScenario } from './lib/zap-world.js';

const PROPERTY = 'dirty-rmap-order';
const mapped: Expr = { k: 'query', q: 'mapped', args: [{ k: 'obj', name: PAGE }] };

export default defineRule({
  id: 'zap-rmap-before-flush',
  title: 'Dirty file page removed from the rmap before the TLB flush (possibly lost dirty data)',
  severity: 'error',
  rationale:
    'folio_mkclean() starts with a lockless "is the folio mapped at all?" test. When zap_pte_range() removes ' +
    'the rmap of a dirty MAP_SHARED page right after clearing its PTE, writeback can see the page unmapped, ' +
    'clear PG_dirty and start I/O while another CPU still stores through its cached, dirty TLB entry: those ' +
    'stores end up in a page marked clean and can be dropped. Since 5df397dec7c4 (v6.2) such pages are ' +
    'queued with a "delay rmap" bit and tlb_flush_rmaps() removes their rmap after the TLB flush, still ' +
    'under the PTL, so folio_mkclean() either sees the page mapped and waits for the PTL, or runs after the ' +
    'flush.',
  references: [
    'mm-reference §A.2 (6.2 delta), A-I4, R-A1',
    '5df397dec7c4 mm: delay page_remove_rmap() until after the TLB has been flushed (v6.2-rc1)',
    '7cc8f9c7146a, 449c796768c9, f036c8184f8b (the rest of the series)',
  ],
  knownFalsePositives:
    'The loss needs user space racing MADV_DONTNEED/munmap of a shared file mapping against stores to it; ' +
    'programs that never do that are unaffected. s390 and !SMP kernels do not delay rmaps (tlb_delay_rmap() ' +
    'is false there) and flush differently; the model takes the SMP form. PTE dirty bits are modelled as ' +
    'always set for the zapped page.',
  path: 'zap',
  triggers: {
    functions: ['madvise_dontneed_single_vma', 'zap_page_range_single', 'zap_vma_pages', 'folio_write_one', 'folio_clear_dirty_for_io', 'folio_mkclean'],
  },
  scenarios: [
    zapScenario({
      id: 'zap-vs-writeback-stale-tlb',
      title: 'MADV_DONTNEED of a dirty MAP_SHARED page vs a store through a stale TLB entry vs writeback of the page',
      spec: { writer: true, writeback: true },
      properties: [
        {
          id: PROPERTY,
          kind: 'at-end',
          // lost: the page holds stores newer than the writeback snapshot, PG_dirty is clear and no PTE
          // is left to carry a dirty bit
          expr: not(and(pflag(PAGE, 'unsaved'), not(pflag(PAGE, 'dirty')), eq(pteOf(VA), c(0)))),
          message: 'a store through a stale TLB entry landed after writeback cleaned the page: the data is in a page marked clean',
        },
      ],
    }),
    zapScenario({
      id: 'zap-dirty-rmap-under-ptl',
      title: 'MADV_DONTNEED of a dirty MAP_SHARED page: rmap accounting when the PTL is released',
      spec: {},
      properties: [
        {
          id: PROPERTY,
          kind: 'never',
          // the PTL is free, the PTE is gone, and the rmap still counts it
          expr: and(not(lockHeld(PTL)), eq(pteOf(VA), c(0)), mapped),
          message: 'the page table lock was released with the cleared PTE still counted in the rmap (rmap removal outside the PTL)',
        },
      ],
    }),
  ],
  match: { property: PROPERTY },
  message: 'rmap of a dirty file page removed before the TLB flush or outside the PTL: writeback may clean the page while a stale TLB entry still writes to it',
  fixtures: [
    { patch: 'fixtures/zap/revert-delayed-rmap.patch', expect: 'regression', why: 'page_remove_rmap right after the PTE clear for dirty file pages (6.1 behaviour)' },
    { patch: 'fixtures/zap/revert-delayed-rmap-renamed.patch', expect: 'regression', why: 'the same regression with other names and shape' },
    { patch: 'fixtures/zap/flush-rmaps-after-unlock.patch', expect: 'regression', why: 'tlb_flush_rmaps after pte_unmap_unlock' },
    { patch: 'fixtures/zap/no-force-flush-dirty.patch', expect: 'regression', why: 'without the forced flush the delayed rmap is never removed under the PTL and writeback races the stale TLB' },
    { patch: 'fixtures/zap/zap-pte-range-6.1.patch', expect: 'regression', why: 'the 6.1 zap_pte_range reopens the R-A1 window' },
    { patch: 'fixtures/zap/mkclean-lockless-none.patch', expect: 'regression', why: 'page_mkclean_one no longer waits on the PTL for a none PTE: R-A1 from the reader side' },
    { patch: 'fixtures/zap/noop-comments-renames.patch', expect: 'quiet', why: 'no behaviour change' },
    { patch: 'fixtures/zap/free-anon-before-flush.patch', expect: 'quiet', why: 'anon pages only; dirty file pages untouched' },
    { patch: 'fixtures/zap/noop-mkclean-mapping-first.patch', expect: 'quiet', why: 'folio_mkclean still tests "mapped" before any walk' },
  ],
});
