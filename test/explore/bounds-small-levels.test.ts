import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/explore/index.js';
import { collapseVsMincore } from '../../src/model/bench-collapse.js';

describe('bounds across BFS levels', () => {
  // Regression: bounds used to be checked only every 1024 expansions inside one level, so a run made
  // of many small levels never stopped at its bound.
  it('stops at a small state bound even when every level is small', () => {
    const r = runScenario(collapseVsMincore(2, 1, 'A'), { maxStates: 5, maxMillis: 60_000 });
    expect(r.verdicts.at(-1)?.verdict.kind).toBe('inconclusive');
    expect(r.stats.complete).toBe(false);
    expect(r.stats.states).toBeLessThan(20);
  });

  it('stops at the bound in depth-first mode too', () => {
    const r = runScenario(collapseVsMincore(2, 1, 'A'), { mode: 'dfs', maxStates: 5, maxMillis: 60_000 });
    expect(r.verdicts.at(-1)?.verdict.kind).toBe('inconclusive');
  });
});
