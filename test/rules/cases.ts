/**
 * Which collapse scenarios must report on which program (reference variants and our fixture patches
 * applied to them). Scenarios not listed for a program must stay clean on it.
 */

export interface ProgramCase {
  name: string;
  variant: string;
  fixture?: string;
  /** Scenario ids whose rule must report on this program. */
  hits: string[];
}

const SEEK = 'collapse-vs-seek-data';
const MINCORE = 'collapse-vs-mincore-unmapped';
const UFFD = 'collapse-hole-uffd-missing';
const UFFD_COPY = 'collapse-hole-vs-uffd-copy';
const STALL = ['collapse-vs-mincore-ptl', 'collapse-vs-memcg-move-ptl'];
const SPIN = 'collapse-vs-fault-lookup';
/** The 1/3 + 2/3 state rolls back only the slots before a failed copy (end = index). */
const ROLLBACK = ['collapse-alone-present'];
/** Hole stores the rollback does not undo. */
const HOLE_ROLLBACK = 'collapse-alone-hole';
export const RETRACT = 'collapse-retract-vs-gup-fast';
/** Without CONFIG_DEBUG_VM a rewound cursor re-reads the page just locked (R-C5). */
const UNCONTENDED = 'collapse-alone-uncontended';

export const programCases: ProgramCase[] = [
  // 6.3 before D. Stevens' series: SEEK_DATA and mincore anomalies, holes filled under uffd; no stall.
  { name: 'reference 6.3', variant: 'v6.3', hits: [SEEK, MINCORE, UFFD, UFFD_COPY] },
  // + 1/3 and 2/3: uffd fixed; a copy failure rolls back only the slots before it.
  { name: 'reference 6.3 + v5 1/3 + 2/3', variant: 'v6.3-series12', hits: [SEEK, MINCORE, ...ROLLBACK] },
  // v5 3/3 in other words: frozen pages left in the cache stall mincore / memcg under the PTL.
  { name: 'v5 3/3 rewritten', variant: 'v6.3-series12', fixture: 'fixtures/collapse/v5-rewritten.patch', hits: [...STALL, SPIN, UNCONTENDED] },
  { name: 'landed form (a2e17cc2efc7 + e8c716bc6812)', variant: 'v6.3-series12', fixture: 'fixtures/collapse/upstream-landed.patch', hits: [] },
  {
    name: 'a2e17cc2efc7 as first merged',
    variant: 'v6.3-series12',
    fixture: 'fixtures/collapse/upstream-first-merged.patch',
    hits: [UNCONTENDED],
  },
  { name: "Hugh's seek fix", variant: 'v6.3', fixture: 'fixtures/collapse/hugh-seek-lock.patch', hits: [MINCORE, UFFD, UFFD_COPY] },
  {
    name: 'holes filled during the scan',
    variant: 'v6.3-series12',
    fixture: 'fixtures/collapse/uffd-fill-holes-during-scan.patch',
    hits: [SEEK, MINCORE, UFFD, UFFD_COPY, ...ROLLBACK, HOLE_ROLLBACK],
  },
  { name: 'comments and renames', variant: 'v6.3-series12', fixture: 'fixtures/collapse/noop-comments-renames.patch', hits: [SEEK, MINCORE, ...ROLLBACK] },
  { name: 'rollback label', variant: 'v6.3', fixture: 'fixtures/collapse/noop-rollback-label.patch', hits: [SEEK, MINCORE, UFFD, UFFD_COPY] },
  { name: 'statistics reordered', variant: 'v6.3', fixture: 'fixtures/collapse/noop-stats-reorder.patch', hits: [SEEK, MINCORE, UFFD, UFFD_COPY] },
  {
    name: 'retraction without the GUP-fast IPI',
    variant: 'v6.3-series12',
    fixture: 'fixtures/collapse/retract-no-gup-sync.patch',
    hits: [SEEK, MINCORE, ...ROLLBACK, RETRACT],
  },
];

