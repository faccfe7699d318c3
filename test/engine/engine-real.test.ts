/**
 * The engine with the real lowering, explorer and rules on the built-in demo patch: bounds end runs
 * as inconclusive (never a hang, never a finding), and the output does not change between runs.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPatchSet } from '../../src/engine/index.js';
import { readPatchSet } from '../../src/input/index.js';
import { ROOT } from './helpers.js';

const demo = () => readPatchSet([join(ROOT, 'fixtures', 'demo', 'demo.patch')], { cwd: ROOT });

describe('checkPatchSet (real model)', () => {
  it('ends every run under a tiny budget and makes no finding of a cut run', async () => {
    const start = Date.now();
    const out = await checkPatchSet(await demo(), { cwd: ROOT, budget: { maxStates: 5, maxMillis: 2000 } });
    const [report] = out.patches;
    expect(report.runs.length).toBeGreaterThan(0);
    const cut = new Set(report.runs.filter((r) => r.verdict === 'inconclusive').map((r) => r.scenario));
    expect(report.findings.filter((f) => cut.has(f.scenario))).toEqual([]);
    // a run the explorer did not finish is never complete; a finished one is
    for (const r of report.runs) expect(r.stats.complete).toBe(r.verdict !== 'inconclusive');
    expect(Date.now() - start).toBeLessThan(30_000);
  });

  it('reports a series regression on patch 1 and its fix on patch 2, each naming the other', async () => {
    const set = await readPatchSet([join(ROOT, 'fixtures', 'engine', 'series-freeze-then-fix.mbox')], { cwd: ROOT });
    const [one, two] = (await checkPatchSet(set, { cwd: ROOT })).patches;
    const frozen = (r: typeof one, c: string) => r.findings.filter((f) => f.ruleId === 'collapse-frozen-page-in-cache' && f.classification === c);
    expect(frozen(one, 'regression').length).toBeGreaterThan(0);
    expect(frozen(one, 'regression').every((f) => f.seriesNote === 'fixed later by patch 2/2')).toBe(true);
    expect(frozen(one, 'regression')[0].hunk!.lines[frozen(one, 'regression')[0].hunk!.marked[0]]).toMatch(/^-\s*xas_store\(&xas, hpage\);/);
    expect(frozen(two, 'fixed').map((f) => f.seriesNote)).toEqual(frozen(one, 'regression').map(() => 'regression introduced by patch 1/2'));
    expect(two.base).toMatch(/^patch 1\/2 placed on reference v6\.3/);
    expect(two.findings.filter((f) => f.classification === 'regression')).toEqual([]);
  });

  it('gives byte-identical outcomes on two runs', async () => {
    const a = JSON.stringify(await checkPatchSet(await demo(), { cwd: ROOT }));
    const b = JSON.stringify(await checkPatchSet(await demo(), { cwd: ROOT }));
    expect(a).toBe(b);
  });
});
