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

export const allRules: Rule[] = [
  collapseFillsUffdMissingHole,
  collapseFrozenPageInCache,
  collapseLookupSpinsOnFrozen,
  collapseMincoreNotResident,
  collapsePagecacheConsistent,
  collapseRetractUnsynchronised,
  collapseSeekHoleSeesHole,
];
