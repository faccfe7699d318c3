/**
 * collapse_file() must not fill holes of a range a userfaultfd MISSING registrant watches
 * (mm-reference C-I4, R-C3).
 */
import { defineRule } from '../src/engine/rule.js';
import { and, c, ne, q, scenario, slot, tret, tstate } from './lib/collapse-world.js';

export default defineRule({
  id: 'collapse-fills-uffd-missing-hole',
  title: 'collapse_file fills holes under a userfaultfd MISSING registrant',
  severity: 'error',
  rationale:
    'A MODE_MISSING userfaultfd registrant expects a fault (UFFD_EVENT_PAGEFAULT) for every missing page. ' +
    'collapse_file() up to 6.3 stores the huge page into holes during the scan, so holes become zero-filled ' +
    'parts of the THP (and UFFDIO_COPY into them fails with -EEXIST meanwhile). Fixed in 6.4 by ac492b9c70ca ' +
    '(holes filled with retry entries only at commit time, under i_mmap_rwsem and xa_lock, after checking ' +
    'userfaultfd_missing()); the conflict with 2ce0bdfebc74 that re-added hole stores was resolved by Hugh ' +
    'Dickins ("mm/khugepaged: fix conflicting mods to collapse_file()", Apr 2023).',
  references: [
    'mm-reference §C.3, C-I4, R-C3, R-C6',
    'ac492b9c70ca mm/khugepaged: skip shmem with userfaultfd (6.4)',
  ],
  knownFalsePositives:
    'Only MODE_MISSING matters: wp and minor registrants give no guarantee about missing pages. The scenario ' +
    'has one VMA, registered MISSING over the whole range.',
  path: 'collapse_file',
  triggers: { functions: ['collapse_file', 'userfaultfd_missing', 'shmem_mfill_atomic_pte'] },
  scenarios: [
    scenario({
      id: 'collapse-hole-uffd-missing',
      title: 'collapse_file over page 0 + a hole at 1, the VMA registered userfaultfd MISSING',
      spec: { n: 2, holes: [1], uffdMissing: true },
      readers: [],
      properties: [
        {
          id: 'uffd-missing-hole-filled',
          kind: 'never',
          expr: q('is_hpage', slot(1)),
          message: 'the hole at index 1 holds the huge page although a MISSING registrant watches it',
        },
      ],
    }),
    scenario({
      id: 'collapse-hole-vs-uffd-copy',
      title: 'collapse_file over page 0 + a hole at 1 vs the MISSING registrant resolving index 1 with UFFDIO_COPY',
      spec: { n: 2, holes: [1], uffdMissing: true, spare: true },
      readers: [{ name: 'uffd-copy', entry: 'shmem_mfill_atomic_pte', args: { mapping: 'mapping', pgoff: 1, page: 'newpage' } }],
      properties: [
        {
          id: 'uffd-missing-hole-filled',
          kind: 'never',
          // The registrant's UFFDIO_COPY into its own hole fails (-EEXIST): collapse filled it.
          // (A copy that lands first is legitimate: the slot then holds data collapse may take.)
          expr: and(tstate('uffd-copy', 'done'), ne(tret('uffd-copy'), c(0))),
          message: 'UFFDIO_COPY into the hole at index 1 failed: collapse_file had filled it',
        },
      ],
    }),
  ],
  match: { property: 'uffd-missing-hole-filled' },
  message: 'collapse_file fills a hole watched by a userfaultfd MISSING registrant',
  fixtures: [
    { patch: 'fixtures/collapse/uffd-fill-holes-during-scan.patch', expect: 'regression', why: 'hpage stored into holes in the scan loop' },
    { patch: '../shared/seeds/001_b4639c94fadb0b62.txt', expect: 'quiet', why: 'holes untouched by 3/3' },
    { patch: 'fixtures/collapse/upstream-landed.patch', expect: 'quiet', why: 'holes still filled at commit time only' },
    { patch: 'fixtures/collapse/noop-comments-renames.patch', expect: 'quiet', why: 'no concurrency change' },
  ],
});
