import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile.js';
import { STEP_OK, newStepCtx, type TransitionSystem } from '../../src/model/system.js';
import { explore, runScenario } from '../../src/explore/index.js';
import { collapseVsMincore } from '../../src/model/bench-collapse.js';
import { abba, counter, unknownBranch } from './programs.js';

const opts = { maxStates: 100_000, maxMillis: 20_000 };

/** Brute force: plain BFS with string keys, the depth of the first state where `bad` holds. */
function bruteForceDepth(ts: TransitionSystem, bad: (s: Uint8Array) => boolean): number {
  const cx = newStepCtx();
  let level: Uint8Array[] = [ts.initial.slice()];
  const seen = new Set([Buffer.from(ts.initial).toString('hex')]);
  for (let depth = 0; level.length; depth++) {
    const next: Uint8Array[] = [];
    for (const s of level) {
      if (bad(s)) return depth;
      for (let t = 0; t < ts.threadNames.length; t++) {
        for (let c = 0; c < 4; c++) {
          cx.choice = c;
          const out = new Uint8Array(s.length);
          if (ts.step(t, s, out, cx) !== STEP_OK || c >>> cx.bitsUsed) continue;
          const k = Buffer.from(out).toString('hex');
          if (!seen.has(k)) {
            seen.add(k);
            next.push(out);
          }
        }
      }
    }
    level = next;
  }
  return -1;
}

describe('search', () => {
  it('reports the shortest counterexample (checked against a brute-force search)', () => {
    for (const target of [3, 4, 5, 6]) {
      const ts = compileModel(counter(target));
      const r = explore(ts, opts);
      const prop = ts.properties[0];
      const depth = bruteForceDepth(ts, (s) => prop.value(s) !== 0);
      expect(depth).toBeGreaterThan(0);
      expect(r.verdicts[0].verdict).toMatchObject({ kind: 'violation', property: 'hits' });
      expect(r.verdicts[0].trace?.steps.length).toBe(depth);
    }
  });

  it('explores both branches of an unknown condition', () => {
    const r = runScenario(unknownBranch(), opts);
    const props = r.verdicts.map((v) => (v.verdict.kind === 'violation' ? v.verdict.property : v.verdict.kind)).sort();
    expect(props).toEqual(['saw-1', 'saw-2']);
    const choices = r.verdicts.map((v) => v.trace?.steps[0].choices?.[0]).sort();
    expect(choices).toEqual(['guess.c:1=false', 'guess.c:1=true']);
  });

  it('stops at the first verdict when asked', () => {
    expect(runScenario(unknownBranch(), { ...opts, stopAtFirst: true }).verdicts).toHaveLength(1);
  });

  it('ends as inconclusive at the state bound, with the figures reached', () => {
    const r = runScenario(collapseVsMincore(8, 6, 'A'), { maxStates: 2000, maxMillis: 60_000 });
    const v = r.verdicts[r.verdicts.length - 1].verdict;
    expect(v.kind).toBe('inconclusive');
    if (v.kind === 'inconclusive') expect(v.reason).toMatch(/^state bound reached: \d+ states, depth \d+/);
    expect(r.stats.complete).toBe(false);
    expect(r.stats.states).toBeGreaterThanOrEqual(2000);
  });

  it('ends as inconclusive at the time bound', () => {
    const r = runScenario(collapseVsMincore(8, 8, 'A'), { maxStates: 10_000_000, maxMillis: 1 });
    expect(r.verdicts.map((v) => v.verdict.kind)).toEqual(['inconclusive']);
  });

  it('reproduces the benchmark counts of the naive baseline on small sizes', () => {
    // figures from shared/bench/collapse-vs-mincore/bfs_baseline.mjs (N NM A await)
    for (const [n, nm, states, transitions] of [
      [2, 1, 116, 190],
      [3, 2, 600, 1080],
      [4, 2, 872, 1572],
    ]) {
      const r = runScenario(collapseVsMincore(n, nm, 'A'), opts);
      expect([r.stats.states, r.stats.transitions, r.verdicts[0].verdict.kind]).toEqual([states, transitions, 'ok']);
    }
  });

  it('gives the same figures with the closure stepper as with generated code', () => {
    for (const variant of ['A', 'B'] as const) {
      const input = collapseVsMincore(3, 2, variant);
      const a = explore(compileModel(input, { generated: true }), opts);
      const b = explore(compileModel(input, { generated: false }), opts);
      expect([b.stats.states, b.stats.transitions, b.verdicts[0].verdict]).toEqual([a.stats.states, a.stats.transitions, a.verdicts[0].verdict]);
    }
    const spin = explore(compileModel(abba(), { generated: false }), opts);
    expect(spin.verdicts[0].verdict.kind).toBe('deadlock');
  });

  it('switches to generated steppers mid-search without changing the figures', () => {
    const input = collapseVsMincore(4, 6, 'A');
    const auto = compileModel(input);
    const before = auto.threadStep.slice();
    const a = explore(auto, { maxStates: 1_000_000, maxMillis: 60_000 });
    expect(auto.threadStep.every((f, i) => f !== before[i])).toBe(true);
    const b = explore(compileModel(input, { generated: false }), { maxStates: 1_000_000, maxMillis: 60_000 });
    expect([a.stats.states, a.stats.transitions]).toEqual([b.stats.states, b.stats.transitions]);
    expect(a.stats.states).toBeGreaterThan(20_000);
  });

  it('finds the variant-B stall of the benchmark with the 19-state trace', () => {
    const r = runScenario(collapseVsMincore(8, 1, 'B'), { ...opts, stopAtFirst: true });
    expect(r.verdicts[0].verdict.kind).toBe('livelock');
    expect(r.verdicts[0].trace?.steps.length).toBe(18);
    expect(r.stats.states).toBe(163);
  });

  it('keeps at most 32 bytes per stored state on a larger run', () => {
    const r = runScenario(collapseVsMincore(4, 6, 'A'), { maxStates: 1_000_000, maxMillis: 60_000 });
    expect(r.stats.states).toBeGreaterThan(30_000);
    expect(r.stats.bytesPerState).toBeLessThanOrEqual(32);
  });

  it('gives the same deadlock with DFS as with BFS', () => {
    const bfs = runScenario(abba(), opts);
    const dfs = runScenario(abba(), { ...opts, mode: 'dfs' });
    expect(dfs.verdicts[0].verdict).toEqual(bfs.verdicts[0].verdict);
  });
});
