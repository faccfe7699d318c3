/**
 * A page whose refcount collapse_file() froze must not stay findable in the page cache while
 * collapse_file() can still block (mm-reference C-I1, race R-C4).
 */
import { defineRule } from '../src/engine/rule.js';
import { scenario } from './lib/collapse-world.js';

/** Two small pages mapped at VA 0 and 1, both PTEs in table X: collapse must take PTL(X) twice. */
const spec = { n: 2, mapped: [0, 1] };

export default defineRule({
  id: 'collapse-frozen-page-in-cache',
  title: 'Frozen page left in the page cache while collapse_file can block',
  severity: 'error',
  rationale:
    'A frozen refcount acts like a spinlock that lockdep cannot see: every page-cache lookup that meets the ' +
    'page (filemap_get_entry, find_get_entry) retries without sleeping until the refcount is unfrozen. ' +
    'collapse_file() in 6.3 freezes an old page and replaces it by the locked huge page in the same xa_lock ' +
    'hold, so a frozen page is never findable. "[PATCH v5 3/3] mm/khugepaged: maintain page cache uptodate ' +
    'flag" (D. Stevens, 7 Mar 2023) dropped the replacement but kept page_ref_freeze(page, 3); Hugh Dickins ' +
    'NAKed it (23 Mar 2023): mincore() and cgroup v1 charge moving look pages up while holding a page-table ' +
    'lock, spin on the frozen page, and collapse_file() then spins on that PTL to unmap a later page. The ' +
    'version that landed (a2e17cc2efc7, 6.4) stops freezing and checks the expected count instead.',
  references: [
    'mm-reference §C.5, C-I1, R-C4',
    'Hugh Dickins, Re: [PATCH v5 3/3] mm/khugepaged: maintain page cache uptodate flag, 2023-03-23',
    'a2e17cc2efc7 mm/khugepaged: maintain page cache uptodate flag (6.4)',
    '87c460a0bded mm/khugepaged: collapse_shmem() without freezing new_page',
  ],
  knownFalsePositives:
    'The stall needs a lookup made under a lock the freezer takes later; the scenarios use the two Hugh ' +
    'Dickins named (mincore, cgroup v1 charge moving under the PTL). A kernel without cgroup v1 charge moving ' +
    'and no concurrent mincore() on the range would not deadlock in practice, although lookups still spin ' +
    '(see collapse-lookup-spins-on-frozen). A lookup that gave up after a failed try-get would not stall.',
  path: 'collapse_file',
  triggers: {
    functions: [
      'collapse_file',
      'filemap_get_entry',
      'mapping_get_entry',
      '__filemap_get_folio',
      'filemap_get_incore_folio',
      'mincore_page',
      'mincore_pte_range',
      'mc_handle_file_pte',
      'mem_cgroup_move_charge_pte_range',
    ],
  },
  scenarios: [
    scenario({
      id: 'collapse-vs-mincore-ptl',
      title: 'collapse_file of 2 mapped pages vs mincore holding PTL(X) over the same 2 pages',
      spec,
      readers: [{ name: 'mincore', entry: 'mincore_pte_range', args: { pmd: 'table_x', addr: 0, end: 2, vma: 'vma', mm: 'mm' } }],
      properties: [],
      checkStalls: true,
    }),
    scenario({
      id: 'collapse-vs-memcg-move-ptl',
      title: 'collapse_file of 2 mapped pages vs cgroup v1 charge moving holding PTL(X)',
      spec,
      readers: [{ name: 'memcg-move', entry: 'mem_cgroup_move_charge_pte_range', args: { pmd: 'table_x', addr: 0, end: 2, vma: 'vma' } }],
      properties: [],
      checkStalls: true,
    }),
  ],
  match: { stall: 'any' },
  message:
    'frozen page left in the page cache stalls collapse_file: {thread} holds the page-table lock that collapse_file needs and spins on the {object}',
  fixtures: [
    { patch: '../shared/seeds/001_b4639c94fadb0b62.txt', expect: 'regression', why: "the seed: Hugh's NAK" },
    { patch: 'fixtures/collapse/v5-rewritten.patch', expect: 'regression', why: 'the same change in other words' },
    { patch: 'fixtures/collapse/upstream-landed.patch', expect: 'quiet', why: 'no freeze: expected-count check' },
    { patch: 'fixtures/collapse/hugh-seek-lock.patch', expect: 'quiet', why: 'collapse_file unchanged' },
    { patch: 'fixtures/collapse/noop-comments-renames.patch', expect: 'quiet', why: 'no concurrency change' },
    { patch: 'fixtures/collapse/noop-rollback-label.patch', expect: 'quiet', why: 'control-flow refactor only' },
    { patch: 'fixtures/collapse/noop-stats-reorder.patch', expect: 'quiet', why: 'statistics moved' },
  ],
});
