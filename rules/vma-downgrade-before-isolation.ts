/**
 * munmap may downgrade mmap_lock only once the VMAs of the range are isolated (mm-reference D-I5): the
 * downgrade ends every VMA write lock (MM_SEQ_INC), so a VMA still attached and in the tree can be
 * read-locked by a fault while munmap frees its page tables and the VMA itself.
 */
import { defineRule } from '../src/engine/rule.js';
import { TABLE_X, VA_X, X, and, freedTable, freedVma, lockHeld, or, readLocked, vmaScenario } from './lib/vma-world.js';

const PROPERTY = 'no-free-under-fault';

export default defineRule({
  id: 'vma-downgrade-before-isolation',
  title: 'munmap downgrades mmap_lock before the VMAs are isolated',
  severity: 'error',
  rationale:
    'do_vmi_align_munmap() write-locks each VMA of the range, marks it detached and clears the range from ' +
    'the maple tree while holding mmap_lock for write; only then may it downgrade to the read lock and free ' +
    'page tables and VMAs ("VMAs were isolated before we downgraded mmap_lock"). mmap_write_downgrade() ends ' +
    'every VMA write lock at once (vma_end_write_all), so a VMA that is still attached and findable when the ' +
    'lock is downgraded can be read-locked by lock_vma_under_rcu(), and a VMA still in the tree can be found by a ' +
    'fault under the read lock: the fault then maps a page into page tables munmap frees, on a VMA munmap frees ' +
    '(free_pgtables no longer write-locks it when mm_wr_locked is false).',
  references: ['mm-reference §D.1 munmap (6.4 do_vmi_align_munmap), D-I4, D-I5'],
  knownFalsePositives:
    'The fault is anonymous and already has its anon_vma; file-backed VMAs are not VMA-locked in 6.4 and are ' +
    'not covered.',
  path: 'vma-lock',
  triggers: { functions: ['do_vmi_align_munmap', 'do_vmi_munmap', '__vm_munmap', 'unmap_region', 'free_pgtables', 'lock_vma_under_rcu'] },
  scenarios: [
    vmaScenario({
      id: 'vma-fault-vs-munmap',
      title: 'VMA-locked anonymous fault in X vs munmap(X)',
      spec: { fault: true, faultAt: VA_X, munmap: true },
      properties: [
        {
          id: PROPERTY,
          kind: 'never',
          // only the fault takes X's PTL: it is mapping a page into the table munmap freed
          expr: or(and(readLocked(X), freedVma(X)), and(lockHeld('ptl_x'), freedTable(TABLE_X))),
          message: 'munmap freed the VMA or its page table while a fault holds the VMA lock or the table lock',
        },
      ],
    }),
  ],
  match: { property: PROPERTY },
  message: 'mmap_lock downgraded before the VMA was isolated: a VMA-locked fault runs on a VMA munmap frees',
  fixtures: [
    { patch: 'fixtures/vma/downgrade-before-isolation.patch', expect: 'regression', why: 'downgrade moved before the write lock, detach and tree clear' },
    { patch: 'fixtures/vma/downgrade-before-tree-clear.patch', expect: 'regression', why: 'downgrade after the detach, before the tree clear' },
    { patch: 'fixtures/vma/noop-munmap-comments.patch', expect: 'quiet', why: 'comments only' },
    { patch: 'fixtures/vma/fix-anon-vma-after-lock.patch', expect: 'quiet', why: 'a lock_vma_under_rcu change that keeps the isolation order' },
  ],
});
