/**
 * The R-A1 window opened by a patch is a regression of that patch, pre-existing for a later patch
 * of the same series that leaves it open (fixtures/zap/series-6.1-then-rss.mbox: the 6.1 form of
 * zap_pte_range, then an rss-accounting move on top of it), and fixed by one that closes it again
 * (fixtures/zap/series-revert-then-restore.mbox).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/engine/types.js';
import { readPatchSet } from '../../src/input/index.js';
import { root } from './programs.js';

type Check = (set: Awaited<ReturnType<typeof readPatchSet>>, opts: { cwd: string }) => Promise<Outcome>;
const mod = (await import('../../src/engine/index.js').catch(() => ({}))) as { checkPatchSet?: Check };

describe.skipIf(!mod.checkPatchSet)('zap series', () => {
  it('reports the 6.1 form as a regression, then as pre-existing under the next patch', async () => {
    const set = await readPatchSet([resolve(root, 'fixtures/zap/series-6.1-then-rss.mbox')], { cwd: root });
    const outcome = await mod.checkPatchSet!(set, { cwd: root });
    expect(outcome.patches).toHaveLength(2);
    const of = (i: number) =>
      outcome.patches[i].findings
        .filter((f) => f.ruleId.startsWith('zap-'))
        .map((f) => `${f.classification} ${f.ruleId} ${f.scenario}`)
        .sort();
    expect(of(0)).toEqual(['regression zap-rmap-before-flush zap-vs-writeback-stale-tlb']);
    expect(of(1)).toEqual(['pre-existing zap-rmap-before-flush zap-vs-writeback-stale-tlb']);
  });

  it('reports the revert as a regression and restoring the delayed rmap as the fix', async () => {
    const set = await readPatchSet([resolve(root, 'fixtures/zap/series-revert-then-restore.mbox')], { cwd: root });
    const outcome = await mod.checkPatchSet!(set, { cwd: root });
    const of = (i: number) =>
      outcome.patches[i].findings
        .filter((f) => f.ruleId.startsWith('zap-'))
        .map((f) => `${f.classification} ${f.ruleId} ${f.scenario}`)
        .sort();
    expect(of(0)).toEqual(['regression zap-rmap-before-flush zap-vs-writeback-stale-tlb']);
    expect(of(1)).toEqual(['fixed zap-rmap-before-flush zap-vs-writeback-stale-tlb']);
  });
});
