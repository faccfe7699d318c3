/**
 * A VMA-locked fault must validate what it relies on only after vma_start_read() (mm-reference D-I3):
 * in 6.4, lock_vma_under_rcu() tested vma->anon_vma before taking the lock, so mremap(MREMAP_DONTUNMAP)
 * could unlink the anon_vma in between; the fault then prepared an anon_vma under the VMA lock alone and
 * find_mergeable_anon_vma() walked to a neighbour VMA that munmap freed under it (R-D1, 657b5146955e).
 */
import { defineRule } from '../src/engine/rule.js';
import { V, X, and, freedVma, readLocked, vmaScenario, walkedBy } from './lib/vma-world.js';

const PROPERTY = 'fault-neighbour-alive';

export default defineRule({
  id: 'vma-lock-anon-vma-before-lock',
  title: 'VMA-locked fault validates the anon_vma before locking the VMA',
  severity: 'error',
  rationale:
    'Per-VMA locks (6.4) let an anonymous fault run under the lock of the faulting VMA alone. Preparing an ' +
    'anon_vma looks at the neighbouring VMAs (find_mergeable_anon_vma), which that lock does not cover, so ' +
    'lock_vma_under_rcu() only accepts VMAs that already have one. A test made before vma_start_read() proves ' +
    'nothing: mremap(MREMAP_DONTUNMAP) write-locks the VMA, unlinks its anon_vma and ends the write lock, and ' +
    'the read lock then succeeds on a VMA without anon_vma. The fault walks to a neighbour while munmap frees ' +
    'it: a use-after-free. Fixed by 657b5146955e ("mm: lock_vma_under_rcu() must check vma->anon_vma under ' +
    'vma lock").',
  references: ['mm-reference §D.1 lock_vma_under_rcu, D-I3, R-D1', '657b5146955e'],
  knownFalsePositives:
    'The scenario has one neighbour (above the faulting VMA) that munmap removes; a kernel where the VMA-locked ' +
    'fault never prepares an anon_vma (6.8 vmf_anon_prepare, 6.13 mmap_read_trylock) passes it.',
  path: 'vma-lock',
  triggers: { functions: ['lock_vma_under_rcu', 'do_user_addr_fault', '__anon_vma_prepare', 'find_mergeable_anon_vma', 'move_vma'] },
  scenarios: [
    vmaScenario({
      id: 'vma-fault-vs-dontunmap-munmap',
      title: 'VMA-locked anonymous fault vs mremap(MREMAP_DONTUNMAP) of the VMA and munmap of its neighbour',
      spec: { fault: true, mremap: true, munmap: true },
      properties: [
        {
          id: PROPERTY,
          kind: 'never',
          // thread 0 is the fault, the only thread that read-locks V: still under V's VMA lock, it walked to
          // the neighbour X (which only mmap_lock protects), and munmap has freed X. No function name is
          // involved, so a refactored neighbour walk is judged alike.
          expr: and(readLocked(V), walkedBy(X, 0), freedVma(X)),
          message: 'a VMA-locked fault walked to a neighbour VMA that munmap freed while the fault runs (find_mergeable_anon_vma under the VMA lock)',
        },
      ],
    }),
  ],
  match: { property: PROPERTY },
  message: 'anon_vma tested before vma_start_read(): a VMA-locked fault prepares an anon_vma and reads a freed neighbour VMA',
  fixtures: [
    { patch: 'fixtures/vma/fix-anon-vma-after-lock.patch', expect: 'fixed', why: 'the 657b5146955e fix: test after vma_start_read()' },
    { patch: 'fixtures/vma/fix-other-names.patch', expect: 'fixed', why: 'the same fix written with other names and labels' },
    { patch: 'fixtures/vma/series-fix-then-move-back.mbox', expect: 'regression', why: 'patch 2 moves the test back before the lock' },
    { patch: 'fixtures/vma/series-fix-then-drop-test.mbox', expect: 'regression', why: 'patch 2 drops the anon_vma test' },
    { patch: 'fixtures/vma/noop-comments-renames.patch', expect: 'quiet', why: 'comments and a parameter rename only' },
  ],
});
