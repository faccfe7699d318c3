/**
 * collapse_file() must collapse a range nobody else touches. The 6.4 series' first form kept an
 * xas_set() that rewound the xarray cursor once the per-page store was gone, so the next xas_next()
 * re-read the page just locked and every collapse failed with SCAN_PAGE_LOCK (R-C5).
 */
import { defineRule } from '../src/engine/rule.js';
import { c, eq, scenario, tret } from './lib/collapse-world.js';

const SCAN_SUCCEED = 1;

export default defineRule({
  id: 'collapse-uncontended-fails',
  title: 'collapse_file fails on a range nothing else touches',
  severity: 'error',
  rationale:
    'With no concurrent user of the range and every failure point pinned to success, collapse_file() must ' +
    'return SCAN_SUCCEED. After a2e17cc2efc7 stopped storing the huge page into each slot during the scan, ' +
    'the xas_set(&xas, index) kept before the slot assertion left the cursor rewound, so the next ' +
    "xas_next() returned the page just locked and trylock_page() failed: khugepaged and MADV_COLLAPSE never " +
    'collapsed (Andres Freund: MADV_COLLAPSE always EAGAIN). The bug hid under CONFIG_DEBUG_VM, whose ' +
    "assertion's xas_load() moved the cursor on; the model runs without CONFIG_DEBUG_VM.",
  references: [
    'mm-reference §C.7 R-C5, C-I6',
    'c8a8f3b4a95a mm/khugepaged: fix iteration in collapse_file (6.4-rc7)',
    'e8c716bc6812 mm/khugepaged: fix regression in collapse_file() (6.4)',
  ],
  knownFalsePositives:
    'Assumes CONFIG_DEBUG_VM off (VM_BUG_ON arguments not evaluated). Allocation, charge and copy failures ' +
    'are pinned to success, so a patch that only changes how those fail is not judged here.',
  path: 'collapse_file',
  triggers: { functions: ['collapse_file'] },
  scenarios: [
    scenario({
      id: 'collapse-alone-uncontended',
      title: 'collapse_file alone over 2 present pages, nothing failing, CONFIG_DEBUG_VM off',
      spec: { n: 2 },
      readers: [],
      // production kernels: VM_BUG_ON*() arguments are not evaluated
      assume: { CONFIG_DEBUG_VM: 0 },
      properties: [
        { id: 'collapse-succeeds', kind: 'at-end', expr: eq(tret('collapse'), c(SCAN_SUCCEED)), message: 'collapse_file did not return SCAN_SUCCEED' },
      ],
    }),
  ],
  match: { property: 'collapse-succeeds' },
  message: 'collapse_file fails on a range nothing else touches (its result is not SCAN_SUCCEED)',
  fixtures: [
    { patch: '../shared/seeds/001_b4639c94fadb0b62.txt', expect: 'regression', why: 'per-page store dropped, xas_set() before the assertion kept' },
    { patch: 'fixtures/collapse/v5-rewritten.patch', expect: 'regression', why: 'same change in other words' },
    { patch: 'fixtures/collapse/upstream-first-merged.patch', expect: 'regression', why: 'a2e17cc2efc7 before its iteration fixes' },
    { patch: 'fixtures/collapse/upstream-landed.patch', expect: 'quiet', why: 'cursor set at the head of every iteration (e8c716bc6812)' },
    { patch: 'fixtures/collapse/noop-rollback-label.patch', expect: 'quiet', why: 'control-flow refactor only' },
    { patch: 'fixtures/collapse/noop-stats-reorder.patch', expect: 'quiet', why: 'statistics only' },
    { patch: 'fixtures/collapse/hugh-seek-lock.patch', expect: 'quiet', why: 'collapse_file unchanged' },
  ],
});
