/**
 * The vma-lock rules through the whole pipeline (intake → no-tree placement on v6.4 → lowering →
 * exploration → classification → culprit hunk): which patch of a series gets which verdict, where the
 * finding points, and that a vma fixture runs no scenario of another path.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPatchSet } from '../../src/engine/index.js';
import type { Finding, Outcome } from '../../src/engine/types.js';
import { readPatchSet } from '../../src/input/index.js';
import { root } from './programs.js';

const outcomes = new Map<string, Promise<Outcome>>();
function check(fixture: string): Promise<Outcome> {
  let o = outcomes.get(fixture);
  if (!o) {
    o = readPatchSet([resolve(root, fixture)], { cwd: root }).then((set) => checkPatchSet(set, { cwd: root }));
    outcomes.set(fixture, o);
  }
  return o;
}

const mine = (fs: Finding[]) => fs.filter((f) => f.ruleId.startsWith('vma-')).map((f) => `${f.ruleId} ${f.classification}`).sort();

describe('vma-lock fixtures through the engine', () => {
  it('the fix then the test moved back: patch 1 fixes R-D1, patch 2 brings it back, at the moved test', async () => {
    const out = await check('fixtures/vma/series-fix-then-move-back.mbox');
    expect(out.patches).toHaveLength(2);
    expect(out.patches.map((p) => p.base.startsWith('reference v6.4') || p.base.startsWith('patch 1/2'))).toEqual([true, true]);
    expect(mine(out.patches[0].findings)).toEqual(['vma-lock-anon-vma-before-lock fixed']);
    expect(mine(out.patches[1].findings)).toEqual(['vma-lock-anon-vma-before-lock regression']);
    const f = out.patches[1].findings.find((x) => x.ruleId === 'vma-lock-anon-vma-before-lock')!;
    expect(f.location.file).toBe('mm/memory.c');
    expect(f.trace?.steps.some((s) => /VMA_FREE\(VMA X/.test(s.event))).toBe(true);
  });

  it('the early downgrade: a regression of D-I5 pointed at do_vmi_align_munmap, R-D1 unchanged', async () => {
    const out = await check('fixtures/vma/downgrade-before-isolation.patch');
    const findings = out.patches[0].findings;
    expect(mine(findings)).toEqual(['vma-downgrade-before-isolation regression', 'vma-lock-anon-vma-before-lock pre-existing']);
    const f = findings.find((x) => x.ruleId === 'vma-downgrade-before-isolation')!;
    expect(f.location.file).toBe('mm/mmap.c');
    expect(f.location.function).toBe('do_vmi_align_munmap');
  });

  it('comment-only changes run nothing new and report nothing new', async () => {
    const out = await check('fixtures/vma/noop-munmap-comments.patch');
    expect(out.patches[0].findings).toEqual([]);
    expect(out.patches[0].unplaced).toEqual([]);
  });

  it('runs only vma-lock scenarios for a lock_vma_under_rcu patch', async () => {
    const out = await check('fixtures/vma/fix-anon-vma-after-lock.patch');
    const scenarios = [...new Set(out.patches[0].runs.map((r) => r.scenario))].sort();
    expect(scenarios).toEqual(['vma-fault-vs-dontunmap-munmap', 'vma-fault-vs-munmap']);
    expect(out.patches[0].runs.every((r) => r.verdict !== 'inconclusive')).toBe(true);
  });
});
