/**
 * retract_page_tables() must not free a PTE table that a GUP-fast walker may still be reading
 * (mm-reference C-I7).
 */
import { defineRule } from '../src/engine/rule.js';
import type { Expr } from '../src/model/ir.js';
import { and, c, ne, obj, scenario, tstate } from './lib/collapse-world.js';

const tableFreed = { k: 'field', obj: obj('table_x'), field: 'freed' } as const;
/** A secondary MMU may still hold a cached walk through table X (no notifier bracket dropped it). */
const smmuWalks: Expr = { k: 'query', q: 'smmu_walks', args: [obj('table_x')] };
const PROPERTY = 'pt-freed-unsynchronised';

export default defineRule({
  id: 'collapse-retract-unsynchronised',
  title: 'Page table retracted without synchronising with GUP-fast (or outside the notifier bracket)',
  severity: 'error',
  rationale:
    'After a successful collapse, retract_page_tables() clears the PMD of every VMA mapping the range and ' +
    'frees the PTE table. GUP-fast walks page tables with interrupts disabled and no lock: the table may only ' +
    'be freed after tlb_remove_table_sync_one() (an IPI that waits for such walkers, 2ba99c5e0881) or with an ' +
    'RCU-deferred free (pte_free_defer, 6.6), and the PMD must be cleared inside an MMU-notifier CLEAR ' +
    'bracket so secondary MMUs drop their mappings (collapse_and_free_pmd).',
  references: [
    'mm-reference §C.1 step 7, C-I7',
    '2ba99c5e0881 mm/khugepaged: fix GUP-fast interaction by sending IPI',
    '023f47a8250c mm/khugepaged: recheck anon_vma in retract_page_tables',
  ],
  knownFalsePositives:
    'Architectures whose TLB flush already synchronises with GUP-fast (IPI-based flushes) are safe without ' +
    'the explicit sync; the model assumes an architecture that frees page tables with RCU or without IPIs. ' +
    'The secondary MMU is modelled as one cached walk per page table, dropped by any notifier bracket that ' +
    'meets the table and re-taken at the bracket end while the PMD still points at it; a driver that never ' +
    'caches page-table walks is safe without the bracket.',
  path: 'collapse_file',
  triggers: { functions: ['retract_page_tables', 'collapse_and_free_pmd', 'collapse_file', 'lockless_pages_from_mm', 'gup_pte_range'] },
  scenarios: [
    scenario({
      id: 'collapse-retract-vs-gup-fast',
      title: 'collapse_file of 2 unmapped pages, then retract_page_tables, vs GUP-fast walking table X',
      spec: { n: 2 },
      readers: [{ name: 'gup-fast', entry: 'lockless_pages_from_mm', args: { pmdp: 'table_x', start: 0, end: 2, gup_flags: 0, pages: 0 } }],
      properties: [
        {
          id: PROPERTY,
          kind: 'never',
          // GUP-fast saw the PMD pointing at table X and is still walking it, and the table is freed.
          expr: and(tstate('gup-fast', 'running'), ne({ k: 'tlocal', thread: 'gup-fast', name: 'pmd' }, c(0)), tableFreed),
          message: 'table X was freed while GUP-fast, which had read the PMD pointing at it, was still walking it',
        },
      ],
    }),
    scenario({
      id: 'collapse-retract-vs-secondary-mmu',
      title: 'collapse_file of 2 unmapped pages, then retract_page_tables, with a secondary MMU caching walks of table X',
      spec: { n: 2 },
      readers: [],
      properties: [
        {
          id: PROPERTY,
          kind: 'never',
          // The table is freed while no notifier bracket told the secondary MMU to drop its cached walk.
          expr: and(tableFreed, smmuWalks),
          message: 'table X was freed while a secondary MMU could still walk it: the PMD was not cleared inside an mmu-notifier bracket',
        },
      ],
    }),
  ],
  match: { property: PROPERTY },
  message: 'page table freed while a GUP-fast walker or a secondary MMU may still read it (no tlb_remove_table_sync_one / RCU free, or no mmu-notifier bracket)',
  fixtures: [
    { patch: 'fixtures/collapse/retract-no-gup-sync.patch', expect: 'regression', why: 'tlb_remove_table_sync_one() dropped' },
    { patch: 'fixtures/collapse/retract-no-notifier.patch', expect: 'regression', why: 'mmu-notifier bracket dropped around the PMD clear' },
    { patch: 'fixtures/collapse/noop-comments-renames.patch', expect: 'quiet', why: 'no concurrency change' },
    { patch: 'fixtures/collapse/upstream-landed.patch', expect: 'quiet', why: 'retraction unchanged' },
  ],
});
