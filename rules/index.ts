/**
 * Every rule mmreview runs, listed explicitly (one file per rule, id = file name).
 */
import type { Rule } from '../src/engine/rule.js';
import collapseFillsUffdMissingHole from './collapse-fills-uffd-missing-hole.js';
import collapseFrozenPageInCache from './collapse-frozen-page-in-cache.js';
import collapseLookupSpinsOnFrozen from './collapse-lookup-spins-on-frozen.js';
import collapseMincoreNotResident from './collapse-mincore-not-resident.js';
import collapsePagecacheConsistent from './collapse-pagecache-consistent.js';
import collapseRetractUnsynchronised from './collapse-retract-unsynchronised.js';
import collapseSeekHoleSeesHole from './collapse-seek-hole-sees-hole.js';
import collapseUncontendedFails from './collapse-uncontended-fails.js';
import zapDirtyUnlockBeforeFlush from './zap-dirty-unlock-before-flush.js';
import zapFreeBeforeFlush from './zap-free-before-flush.js';
import zapRmapBeforeFlush from './zap-rmap-before-flush.js';
import hugetlbFinalUnmapLockOrder from './hugetlb-final-unmap-lock-order.js';
import hugetlbTruncateLockOrder from './hugetlb-truncate-lock-order.js';
import hugetlbVmaLockLive from './hugetlb-vma-lock-live.js';
import hugetlbZapOutsideNotifier from './hugetlb-zap-outside-notifier.js';
import vmaDowngradeBeforeIsolation from './vma-downgrade-before-isolation.js';
import vmaLockAnonVmaBeforeLock from './vma-lock-anon-vma-before-lock.js';

export const allRules: Rule[] = [
  collapseFillsUffdMissingHole,
  collapseFrozenPageInCache,
  collapseLookupSpinsOnFrozen,
  collapseMincoreNotResident,
  collapsePagecacheConsistent,
  collapseRetractUnsynchronised,
  collapseSeekHoleSeesHole,
  collapseUncontendedFails,
  hugetlbFinalUnmapLockOrder,
  hugetlbTruncateLockOrder,
  hugetlbVmaLockLive,
  hugetlbZapOutsideNotifier,
  vmaDowngradeBeforeIsolation,
  vmaLockAnonVmaBeforeLock,
  zapDirtyUnlockBeforeFlush,
  zapFreeBeforeFlush,
  zapRmapBeforeFlush,
];
