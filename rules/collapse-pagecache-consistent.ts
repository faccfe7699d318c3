/**
 * After collapse_file() the page cache is either exactly as before (rollback) or maps every
 * index of the range to the huge page (success); no page is lost, leaked or left frozen
 * (mm-reference §C.1 step 8, C-I5, C-I8, R-C6).
 */
import { defineRule } from '../src/engine/rule.js';
import type { Expr } from '../src/model/ir.js';
import type { CollapseWorldSpec } from './lib/collapse-world.js';
import { SCAN, and, c, eq, not, obj, or, pageName, presentIndexes, q, scenario, slot, tret, uptodate } from './lib/collapse-world.js';

/** Success: every slot is hpage, hpage uptodate and unlocked, every old page freed. */
function successState(spec: CollapseWorldSpec): Expr {
  const slots = [...Array(spec.n).keys()].map((i) => eq(slot(i), obj('hpage')));
  const olds = presentIndexes(spec).map((i) => and(q('freed', obj(pageName(i))), not(q('frozen', obj(pageName(i))))));
  return and(uptodate('hpage'), not(q('page_locked', obj('hpage'))), ...slots, ...olds);
}

/** Rollback: every old page back in its slot, live, unfrozen, unlocked; holes empty; hpage gone. */
function rolledBackState(spec: CollapseWorldSpec): Expr {
  const present = new Set(presentIndexes(spec));
  const slots = [...Array(spec.n).keys()].map((i) => (present.has(i) ? eq(slot(i), obj(pageName(i))) : eq(slot(i), c(0))));
  const olds = [...present].map((i) => {
    const p = obj(pageName(i));
    return and(not(q('frozen', p)), not(q('page_locked', p)), not(q('freed', p)), q('mapping_is', p));
  });
  const hpageGone = or(q('freed', obj('hpage')), eq(tret('collapse'), c(SCAN.SCAN_ALLOC_HUGE_PAGE_FAIL)));
  return and(not(uptodate('hpage')), hpageGone, ...slots, ...olds);
}

function consistent(spec: CollapseWorldSpec): Expr {
  return or(successState(spec), rolledBackState(spec));
}

/**
 * Failure points explored both ways so that rollback paths are taken: a THP found in the range
 * (PageTransCompound), a failed shmem charge for a hole, and (for present pages) a machine check
 * during the copy. The hole scenario keeps the copy succeeding, so that hole handling is judged on
 * its own.
 */
const failures = { shmem_charge: 'any', PageTransCompound: 'any' } as const;
const withCopyFailure = { ...failures, copy_mc_highpage: 'any' } as const;

const full: CollapseWorldSpec = { n: 2, mapped: [0] };
const holed: CollapseWorldSpec = { n: 2, holes: [1] };

export default defineRule({
  id: 'collapse-pagecache-consistent',
  title: 'collapse_file leaves the page cache inconsistent (lost, leaked or frozen page)',
  severity: 'error',
  rationale:
    'collapse_file() must end in one of two states: success, where every index of the range maps to the ' +
    'uptodate huge page and the old pages are freed, or rollback, where every old page is back in its ' +
    'slot, unfrozen and unlocked, holes are empty again and the huge page is freed. A rollback that skips ' +
    'slots (e.g. after a failure late in the collapse), or hole stores the rollback does not undo (the ' +
    'conflict between 2ce0bdfebc74 and ac492b9c70ca that Hugh Dickins fixed in Apr 2023: a corrupted ' +
    'xarray, find_get_entry() looping in find_lock_entries()), loses or leaks pages.',
  references: [
    'mm-reference §C.1 step 8, C-I5, C-I8, R-C6',
    'cae106dd67b9 mm/khugepaged: refactor collapse_file control flow (6.4)',
    'ac492b9c70ca mm/khugepaged: skip shmem with userfaultfd (6.4)',
    'e8c716bc6812 mm/khugepaged: fix regression in collapse_file() (6.4)',
  ],
  knownFalsePositives:
    'Page contents are not modelled: a copy into the wrong sub-page is not found. Statistics (nrpages, ' +
    'NR_SHMEM) are not checked. A page truncated concurrently is not in the scenario.',
  path: 'collapse_file',
  triggers: { functions: ['collapse_file', 'retract_page_tables', 'alloc_charge_hpage'] },
  scenarios: [
    scenario({
      id: 'collapse-alone-present',
      title: 'collapse_file alone over 2 present pages, every failure point explored',
      spec: full,
      readers: [],
      assume: { ...withCopyFailure },
      properties: [{ id: 'pagecache-consistent', kind: 'at-end', expr: consistent(full), message: 'page cache neither restored nor collapsed' }],
    }),
    scenario({
      id: 'collapse-alone-hole',
      title: 'collapse_file alone over page 0 and a hole at 1, scan and charge failures explored',
      spec: holed,
      readers: [],
      assume: { ...failures },
      properties: [{ id: 'pagecache-consistent', kind: 'at-end', expr: consistent(holed), message: 'page cache neither restored nor collapsed' }],
    }),
  ],
  match: { property: 'pagecache-consistent' },
  message: 'collapse_file ends with the page cache neither restored nor fully collapsed (lost, leaked or frozen page)',
  fixtures: [
    { patch: 'fixtures/collapse/uffd-fill-holes-during-scan.patch', expect: 'regression', why: 'hole stores the rollback does not undo' },
    {
      patch: '../shared/seeds/001_b4639c94fadb0b62.txt',
      expect: 'fixed',
      why: 'v5 1/3 + 2/3 roll back only the slots before index, which the copy loop reuses; 3/3 drops that slot walk',
    },
    { patch: 'fixtures/collapse/noop-rollback-label.patch', expect: 'quiet', why: 'same rollback, other control flow' },
    { patch: 'fixtures/collapse/noop-comments-renames.patch', expect: 'quiet', why: 'no concurrency change' },
    { patch: 'fixtures/collapse/upstream-landed.patch', expect: 'fixed', why: 'old pages never leave the cache; nothing to restore' },
  ],
});
