/**
 * mincore() must not report a page-cache page as not resident because collapse_file() is
 * working on it (mm-reference C-I3, R-C2).
 */
import { defineRule } from '../src/engine/rule.js';
import { and, c, ne, scenario, tret, tstate } from './lib/collapse-world.js';

export default defineRule({
  id: 'collapse-mincore-not-resident',
  title: 'mincore reports a resident page as not resident during collapse_file',
  severity: 'warning',
  rationale:
    'mincore_page() reports a page-cache folio resident only when it is uptodate. While collapse_file() (up ' +
    'to 6.3) keeps the locked, !uptodate huge page in the slots of resident pages, mincore() over the range ' +
    'reports them as not resident (David Stevens, 28 Mar 2023: mlocked pages appear to disappear with ' +
    'concurrent MADV_COLLAPSE). Fixed in 6.4 by a2e17cc2efc7; Hugh Dickins\' seek-only fix leaves it.',
  references: ['mm-reference §C.2, C-I3, R-C2', 'a2e17cc2efc7 mm/khugepaged: maintain page cache uptodate flag (6.4)'],
  knownFalsePositives:
    'mincore() is documented as a snapshot that may be stale; a page reclaimed concurrently is legitimately ' +
    'reported absent (the scenario has no reclaim).',
  path: 'collapse_file',
  triggers: { functions: ['collapse_file', 'mincore_page', 'mincore_pte_range', 'filemap_get_incore_folio'] },
  scenarios: [
    scenario({
      id: 'collapse-vs-mincore-unmapped',
      title: 'collapse_file of 2 unmapped present pages vs mincore over them (none PTEs)',
      spec: { n: 2 },
      readers: [{ name: 'mincore', entry: 'mincore_pte_range', args: { pmd: 'table_x', addr: 0, end: 2, vma: 'vma', mm: 'mm' } }],
      properties: [
        {
          id: 'mincore-not-resident',
          kind: 'never',
          // Both pages are in the page cache from start to end (old pages, then the huge page).
          expr: and(tstate('mincore', 'done'), ne(tret('mincore'), c(2))),
          message: 'mincore reported fewer than 2 resident pages although both stayed in the page cache',
        },
      ],
    }),
  ],
  match: { property: 'mincore-not-resident' },
  message: 'mincore reports a page-cache page as not resident while collapse_file runs',
  fixtures: [
    { patch: '../shared/seeds/001_b4639c94fadb0b62.txt', expect: 'fixed', why: 'old pages stay until hpage is uptodate' },
    { patch: 'fixtures/collapse/upstream-landed.patch', expect: 'fixed', why: 'hpage stored once, after uptodate' },
    { patch: 'fixtures/collapse/hugh-seek-lock.patch', expect: 'quiet', why: 'only lseek is changed: mincore keeps its (pre-existing) anomaly' },
    { patch: 'fixtures/collapse/v5-rewritten.patch', expect: 'fixed', why: 'same change as the seed in other words' },
    { patch: 'fixtures/collapse/noop-rollback-label.patch', expect: 'quiet', why: 'control-flow refactor only' },
  ],
});
