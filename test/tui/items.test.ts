import { describe, expect, it } from 'vitest';
import { reviewItems } from '../../src/tui/items.js';
import type { Finding, Outcome } from '../../src/engine/types.js';
import { fixed, regression } from './fixtures.js';

const preExisting: Finding = { ...regression, ruleId: 'collapse-seek-hole-sees-hole', classification: 'pre-existing' };

function outcomeOf(findings: Finding[]): Outcome {
  return {
    schema: 1,
    inputs: ['x.patch'],
    notes: [],
    patches: [{ patchId: regression.patch.id, title: regression.patch.title, quoted: false, repaired: false, base: 'reference', findings, runs: [], unplaced: [], unmodelled: [] }],
  };
}

describe('review list order', () => {
  it('puts regressions first, then fixes, then pre-existing problems, keeping the engine order inside each', () => {
    const items = reviewItems(outcomeOf([preExisting, fixed, regression]));
    expect(items.map((i) => i.finding.classification)).toEqual(['regression', 'fixed', 'pre-existing']);
  });
});
