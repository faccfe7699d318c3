/**
 * SEEK_DATA must not report a hole where the page cache holds data (mm-reference C-I3, R-C1).
 */
import { defineRule } from '../src/engine/rule.js';
import { SEEK_DATA, and, c, ne, scenario, tret, tstate } from './lib/collapse-world.js';

export default defineRule({
  id: 'collapse-seek-hole-sees-hole',
  title: 'SEEK_DATA/SEEK_HOLE sees a hole where data is, during collapse_file',
  severity: 'error',
  rationale:
    'folio_seek_hole_data() takes a !uptodate shmem folio for an fallocated, unwritten page: a hole. ' +
    'collapse_file() up to 6.3 puts the huge page into the page cache locked and !uptodate long before the ' +
    'copy finishes, so lseek(SEEK_DATA) on data that is being collapsed skips it and the data visibly ' +
    'disappears for a moment (D. Stevens, "[PATCH v5 3/3] mm/khugepaged: maintain page cache uptodate flag", ' +
    'Mar 2023). Fixed in 6.4 by a2e17cc2efc7 (hpage stored once, after folio_mark_uptodate); Hugh Dickins ' +
    'proposed instead to lock a !uptodate folio in folio_seek_hole_data() and look again.',
  references: [
    'mm-reference §C.2, C-I3, R-C1',
    'a2e17cc2efc7 mm/khugepaged: maintain page cache uptodate flag (6.4)',
    'Fixes: f3f0e1d2150b khugepaged: add support of collapse for tmpfs/shmem pages',
  ],
  knownFalsePositives:
    'Non-shmem file systems with an is_partially_uptodate operation take another branch in the kernel; the ' +
    'scenario is a shmem mapping. A seek racing with truncation or hole punching may legitimately see a hole; ' +
    'the scenario has no truncation.',
  path: 'collapse_file',
  triggers: { functions: ['collapse_file', 'mapping_seek_hole_data', 'folio_seek_hole_data', 'find_get_entry', 'shmem_file_llseek'] },
  scenarios: [
    scenario({
      id: 'collapse-vs-seek-data',
      title: 'collapse_file of 2 present pages vs lseek(SEEK_DATA) from offset 0',
      spec: { n: 2 },
      readers: [{ name: 'seek', entry: 'mapping_seek_hole_data', args: { mapping: 'mapping', start: 0, end: 2, whence: SEEK_DATA } }],
      properties: [
        {
          id: 'seek-data-sees-hole',
          kind: 'never',
          // Offset 0 holds data all along, so SEEK_DATA from 0 must answer 0.
          expr: and(tstate('seek', 'done'), ne(tret('seek'), c(0))),
          message: 'SEEK_DATA from offset 0 skipped data at offset 0 (saw a hole)',
        },
      ],
    }),
  ],
  match: { property: 'seek-data-sees-hole' },
  message: 'SEEK_DATA reports a hole at an offset that holds data while collapse_file runs',
  fixtures: [
    { patch: '../shared/seeds/001_b4639c94fadb0b62.txt', expect: 'fixed', why: 'hpage enters the cache only once uptodate' },
    { patch: 'fixtures/collapse/v5-rewritten.patch', expect: 'fixed', why: 'same change in other words' },
    { patch: 'fixtures/collapse/hugh-seek-lock.patch', expect: 'fixed', why: 'seek locks a !uptodate folio and rechecks' },
    { patch: 'fixtures/collapse/upstream-landed.patch', expect: 'fixed', why: 'hpage stored once, after uptodate' },
    { patch: 'fixtures/collapse/noop-comments-renames.patch', expect: 'quiet', why: 'no concurrency change' },
    { patch: 'fixtures/collapse/noop-stats-reorder.patch', expect: 'quiet', why: 'statistics moved' },
    { patch: 'fixtures/collapse/uffd-fill-holes-during-scan.patch', expect: 'quiet', why: 'hole handling only; the data pages are unchanged' },
  ],
});
