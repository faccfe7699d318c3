import { describe, expect, it } from 'vitest';
import { checkPatchSet, classify } from '../../src/engine/index.js';
import type { Patch, PatchSet } from '../../src/input/types.js';
import { fakeDeps, toyRule, toyScenario, type FakeLog } from './fakes.js';
import { fixturePatch } from './helpers.js';

function inSeries(patches: Patch[]): PatchSet {
  return {
    patches: patches.map((p, k) => ({ ...p, position: { version: 2, index: k + 1, total: patches.length, tags: [] } })),
    notes: [],
  };
}

const lone = (name: string): PatchSet => ({ patches: [fixturePatch(name)], notes: [] });

describe('classify', () => {
  const hit = { state: 'hit' as const, verdict: { kind: 'ok' as const } };
  const miss = { state: 'miss' as const };
  const inc = { state: 'inconclusive' as const, reason: 'bound' };
  it('compares before and after', () => {
    expect(classify(miss, hit)).toBe('regression');
    expect(classify(hit, miss)).toBe('fixed');
    expect(classify(hit, hit)).toBe('pre-existing');
    expect(classify(miss, miss)).toBeUndefined();
  });
  it('never turns an inconclusive run into a finding', () => {
    expect(classify(inc, hit)).toBeUndefined();
    expect(classify(hit, inc)).toBeUndefined();
  });
});

describe('checkPatchSet (fake model)', () => {
  it('reports a regression on the hunk that removed the store, at the line after the removed block', async () => {
    const out = await checkPatchSet(lone('toy-move-store.patch'), { cwd: '.' }, fakeDeps());
    const [report] = out.patches;
    expect(report.base).toMatch(/^reference toy \(no tree; 1 of 1 hunks? placed/);
    expect(report.findings).toHaveLength(1);
    const f = report.findings[0];
    expect(f).toMatchObject({ ruleId: 'toy-frozen-findable', classification: 'regression', scenario: 'toy-frozen-vs-reader' });
    expect(f.location).toEqual({ file: 'mm/toy.c', line: 123, function: 'toy_collapse' });
    expect(f.hunk!.lines[f.hunk!.marked[0]]).toBe('-\t\txa_store(&mapping->i_pages, idx, new_page, GFP_ATOMIC);');
    expect(f.message).toBe('reader meets a frozen page (page 0 frozen in slot 0)');
    expect(f.compared.before).toBe('reference toy');
    expect(report.runs.map((r) => `${r.side}:${r.verdict}`)).toEqual(['after:violation', 'before:ok']);
  });

  it('finds the culprit among several hunks by re-running without each', async () => {
    const log: FakeLog = { explored: [] };
    const out = await checkPatchSet(lone('toy-two-hunks.patch'), { cwd: '.' }, fakeDeps(log));
    const f = out.patches[0].findings[0];
    expect(f.classification).toBe('regression');
    expect(f.hunk!.hunk).toBe(1);
    expect(f.location.line).toBe(124);
    // the culprit search ran the program without hunk 1 (index 0) and without hunk 2 (index 1)
    expect(log.explored.filter((k) => /-h\d$/.test(k)).sort()).toEqual(['patch:test#toy-two-hunks.patch-h0', 'patch:test#toy-two-hunks.patch-h1']);
  });

  it('applies a series in order and says on both patches that a later patch fixes the regression', async () => {
    const out = await checkPatchSet(inSeries([fixturePatch('toy-move-store.patch', 'p1'), fixturePatch('toy-restore-store.patch', 'p2')]), { cwd: '.' }, fakeDeps());
    const [one, two] = out.patches;
    expect(one.findings.map((f) => [f.classification, f.seriesNote])).toEqual([['regression', 'fixed later by patch 2/2']]);
    expect(two.findings.map((f) => [f.classification, f.seriesNote])).toEqual([['fixed', 'regression introduced by patch 1/2']]);
    expect(two.base).toMatch(/^patch 1\/2 placed on reference toy/);
    expect(two.findings[0].hunk!.hunk).toBe(0);
  });

  it('pins a fix on the hunk whose removal brings the problem back', async () => {
    const out = await checkPatchSet(inSeries([fixturePatch('toy-move-store.patch', 'p1'), fixturePatch('toy-restore-two-hunks.patch', 'p2')]), { cwd: '.' }, fakeDeps());
    const fix = out.patches[1].findings[0];
    expect(fix.classification).toBe('fixed');
    expect(fix.hunk!.hunk).toBe(1);
    expect(fix.hunk!.lines[fix.hunk!.marked[0]]).toBe('+\t\txa_store(&mapping->i_pages, idx, new_page, GFP_ATOMIC);');
    expect(fix.location.line).toBe(125);
  });

  it('classifies a problem present before and after a patch as pre-existing', async () => {
    const out = await checkPatchSet(inSeries([fixturePatch('toy-move-store.patch', 'p1'), fixturePatch('toy-stats.patch', 'p2')]), { cwd: '.' }, fakeDeps());
    expect(out.patches[1].findings.map((f) => f.classification)).toEqual(['pre-existing']);
    expect(out.patches[1].findings[0].hunk).toBeUndefined();
    expect(out.patches[1].findings[0].location).toEqual({ file: 'mm/toy.c', line: 125, function: 'toy_collapse' });
    expect(out.patches[0].findings[0].seriesNote).toBeUndefined();
  });

  it('does not run scenarios for a patch with an unplaced hunk, and asks for --tree', async () => {
    const out = await checkPatchSet(lone('toy-absent.patch'), { cwd: '.' }, fakeDeps());
    const [report] = out.patches;
    expect(report.unplaced).toHaveLength(1);
    expect(report.unplaced[0]).toMatch(/^mm\/toy\.c hunk 1 \(@@ -200,4 \+200,4 @@\): anchors not found in toy_collapse.*needs --tree$/);
    expect(report.runs).toEqual([]);
    expect(report.findings).toEqual([]);
  });

  it('records a run cut by the budget as inconclusive and makes no finding of it', async () => {
    const out = await checkPatchSet(lone('toy-move-store.patch'), { cwd: '.', budget: { maxStates: 100, maxMillis: 50 } }, fakeDeps(undefined, { inconclusiveAbove: 500 }));
    const [report] = out.patches;
    expect(report.findings).toEqual([]);
    expect(report.runs.map((r) => r.verdict)).toEqual(['inconclusive', 'inconclusive']);
  });

  it('skips rules whose triggers the patch does not reach', async () => {
    const set = lone('toy-two-hunks.patch');
    set.patches[0].files[0].hunks.splice(1, 1);
    const out = await checkPatchSet(set, { cwd: '.' }, fakeDeps());
    expect(out.patches[0].runs).toEqual([]);
  });

  it('gives identical output on two runs', async () => {
    const set = inSeries([fixturePatch('toy-two-hunks.patch', 'p1'), fixturePatch('toy-stats.patch', 'p2')]);
    const a = JSON.stringify(await checkPatchSet(set, { cwd: '.' }, fakeDeps()));
    const b = JSON.stringify(await checkPatchSet(set, { cwd: '.' }, fakeDeps()));
    expect(a).toBe(b);
  });
});

describe('checkPatchSet on a patch that changes nothing the model runs', () => {
  it('runs no scenario and says why', async () => {
    const set = lone('toy-move-store.patch');
    const hunk = set.patches[0].files[0].hunks[0];
    hunk.lines = hunk.lines.map((l) => (l.kind === ' ' ? l : { ...l, text: '\t/* only a comment */' }));
    const out = await checkPatchSet(set, { cwd: '.' }, fakeDeps());
    expect(out.patches[0].runs).toEqual([]);
    expect(out.patches[0].placement).toContain('the patch changes nothing the model runs (comments, or code outside the model)');
  });
});

describe('checkPatchSet progress', () => {
  it('announces each patch and each run, culprit runs included', async () => {
    const events: string[] = [];
    await checkPatchSet(lone('toy-two-hunks.patch'), { cwd: '.', onProgress: (e) => events.push(e.kind === 'patch' ? `patch ${e.title}` : `${e.side} ${e.verdict}`) }, fakeDeps());
    expect(events).toEqual(['patch toy-two-hunks.patch', 'before ok', 'after violation', 'culprit violation', 'culprit ok']);
  });
});

describe('scenarios of another path', () => {
  it('are not run when neither program defines their entry functions (no inconclusive run)', async () => {
    const deps = fakeDeps();
    const elsewhere = { ...toyScenario, id: 'toy-other-path', threads: [{ name: 'other', entry: 'not_in_this_reference', args: {} }] };
    deps.rules = [{ ...toyRule, scenarios: [toyScenario, elsewhere] }];
    const [report] = (await checkPatchSet(lone('toy-move-store.patch'), { cwd: '.' }, deps)).patches;
    expect(report.runs.map((r) => r.scenario)).toEqual(['toy-frozen-vs-reader', 'toy-frozen-vs-reader']);
    expect(report.findings.map((f) => f.scenario)).toEqual(['toy-frozen-vs-reader']);
  });
});
