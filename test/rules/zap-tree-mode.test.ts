/**
 * With a kernel tree (a git repository holding reference 6.3's text), each zap fixture gets the same
 * regressions / fixes as without one (no-tree placement on the reference), and the ones its rules must
 * report are there.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import type { Outcome } from '../../src/engine/types.js';
import { readPatchSet } from '../../src/input/index.js';
import { referenceFiles, root } from './programs.js';

type Check = (set: Awaited<ReturnType<typeof readPatchSet>>, opts: { cwd: string; tree?: string; noCache?: boolean }) => Promise<Outcome>;

const mod = (await import('../../src/engine/index.js').catch(() => ({}))) as { checkPatchSet?: Check };

const zapRules = allRules.filter((r) => r.path === 'zap');
const fixtures = [...new Set(zapRules.flatMap((r) => r.fixtures.map((f) => f.patch)))].sort();

let tree: string | undefined;
afterAll(() => {
  if (tree) rmSync(tree, { recursive: true, force: true });
});

function treeOf6_3(): string {
  if (tree) return tree;
  const dir = mkdtempSync(join(tmpdir(), 'mmreview-zap-tree-'));
  for (const f of referenceFiles('v6.3')) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', GIT_CONFIG_GLOBAL: '/dev/null' };
  for (const args of [['init', '-q'], ['add', '.'], ['commit', '-qm', 'base']]) execFileSync('git', args, { cwd: dir, env, stdio: 'ignore' });
  tree = dir;
  return dir;
}

/** Regressions and fixes of the zap rules (pre-existing findings depend on relevance, not on the patch). */
const summary = (o: Outcome) =>
  o.patches
    .flatMap((p) => p.findings)
    .filter((f) => f.ruleId.startsWith('zap-') && f.classification !== 'pre-existing')
    .map((f) => `${f.classification} ${f.ruleId} ${f.scenario}`)
    .sort();

describe.skipIf(!mod.checkPatchSet)('zap fixtures with --tree', () => {
  it.each(fixtures)('%s: same verdicts with and without a tree', async (patch) => {
    const set = await readPatchSet([resolve(root, patch)], { cwd: root });
    const noTree = await mod.checkPatchSet!(set, { cwd: root });
    const withTree = await mod.checkPatchSet!(set, { cwd: root, tree: treeOf6_3() });
    expect(withTree.patches.flatMap((p) => p.unplaced)).toEqual([]);
    expect(summary(withTree)).toEqual(summary(noTree));
    const expected = zapRules.flatMap((r) => r.fixtures.filter((f) => f.patch === patch && f.expect === 'regression').map(() => r.id));
    for (const id of expected) expect(summary(withTree).some((s) => s.startsWith(`regression ${id} `)), `${patch}: ${id}`).toBe(true);
  });
});
