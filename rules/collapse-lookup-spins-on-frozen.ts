/**
 * Lookups must not burn CPU spinning on a page collapse_file() froze, even where nothing
 * deadlocks (Hugh Dickins on v5 3/3: "even when not actually deadlocking, it's wasting lots of
 * CPU on concurrent lookups (e.g. faults) spinning in filemap_get_entry()").
 */
import { defineRule } from '../src/engine/rule.js';
import { and, not, obj, q, scenario, slot, tin } from './lib/collapse-world.js';

export default defineRule({
  id: 'collapse-lookup-spins-on-frozen',
  title: 'Page-cache lookups spin on a page frozen outside the freezing xa_lock section',
  severity: 'warning',
  rationale:
    'A lookup that meets a frozen page retries without sleeping. In 6.3 collapse_file() freezes and replaces ' +
    'the page inside one xa_lock hold, so a lookup can spin at most for the rest of that critical section. ' +
    'Leaving the frozen page in its slot after xa_lock is dropped (v5 3/3, NAKed by Hugh Dickins on ' +
    '2023-03-23) makes faults and other lookups spin for as long as collapse_file() takes: swap-in, LRU ' +
    'drain, try_to_unmap of later pages, the copy. Fixed in the landed form by not freezing (a2e17cc2efc7).',
  references: ['mm-reference §C.5, C-I1, R-C4', 'a2e17cc2efc7 mm/khugepaged: maintain page cache uptodate flag (6.4)'],
  knownFalsePositives:
    'Reports the reachable state, not how long it lasts: a freezer that drops xa_lock for a few instructions ' +
    'before unfreezing would be reported too.',
  path: 'collapse_file',
  triggers: { functions: ['collapse_file', 'filemap_get_entry', 'mapping_get_entry', 'shmem_get_folio_gfp', 'shmem_fault'] },
  scenarios: [
    scenario({
      id: 'collapse-vs-fault-lookup',
      title: 'collapse_file of 2 pages vs a shmem fault at index 0 (lookup, lock, revalidate)',
      spec: { n: 2, mapped: [1] },
      readers: [{ name: 'fault', entry: 'shmem_fault', args: { vma: 'vma', index: 0 } }],
      properties: [
        {
          id: 'lookup-spins-on-frozen',
          kind: 'never',
          // Slot 0 holds a frozen page outside the xa_lock hold that froze it, while the fault
          // is inside its lookup of index 0 (filemap_get_entry): it can only retry until the slot
          // changes. (A retry pass spans two steps, load and try-get, so it is not 'blocked'.)
          expr: and(tin('fault', 'filemap_get_entry'), q('frozen', slot(0)), not(q('lock_held', obj('xa_lock')))),
          message: 'a fault spins on a frozen page-cache page while collapse_file is outside the xa_lock section that froze it',
        },
      ],
    }),
  ],
  match: { property: 'lookup-spins-on-frozen' },
  message: 'page-cache lookups spin on a page collapse_file froze and left in the page cache after dropping xa_lock',
  fixtures: [
    { patch: '../shared/seeds/001_b4639c94fadb0b62.txt', expect: 'regression', why: 'frozen pages left in the cache' },
    { patch: 'fixtures/collapse/v5-rewritten.patch', expect: 'regression', why: 'same change in other words' },
    { patch: 'fixtures/collapse/upstream-landed.patch', expect: 'quiet', why: 'no freeze' },
    { patch: 'fixtures/collapse/noop-comments-renames.patch', expect: 'quiet', why: 'no concurrency change' },
    { patch: 'fixtures/collapse/hugh-seek-lock.patch', expect: 'quiet', why: 'collapse_file unchanged: freeze and replace in one xa_lock hold' },
    { patch: 'fixtures/collapse/noop-rollback-label.patch', expect: 'quiet', why: 'control-flow refactor only' },
  ],
});
