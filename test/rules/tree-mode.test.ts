/**
 * With a kernel tree (a git repository holding the fixture's base reference text), each of our
 * collapse fixtures gets the same verdicts as without one (no-tree placement on the reference).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import type { Outcome } from '../../src/engine/types.js';
import { readPatchSet } from '../../src/input/index.js';
import { missingCapabilities } from './capabilities.js';
import { referenceFiles, root } from './programs.js';

type Check = (set: Awaited<ReturnType<typeof readPatchSet>>, opts: { cwd: string; tree?: string }) => Promise<Outcome>;

const mod = (await import('../../src/engine/index.js').catch(() => ({}))) as { checkPatchSet?: Check };
const gaps = missingCapabilities();
const skip = !mod.checkPatchSet ? 'src/engine does not export checkPatchSet yet' : gaps.join('; ');

/** Our fixtures (not the seed), each with the reference variant its `Fixture base:` line names. */
const fixtures = [...new Set(allRules.flatMap((r) => r.fixtures.map((f) => f.patch)))]
  .filter((p) => p.startsWith('fixtures/collapse/'))
  .sort()
  .map((patch) => ({ patch, base: /^Fixture base: (\S+)/m.exec(readFileSync(resolve(root, patch), 'utf8'))?.[1]?.replace('src/reference/', '') }));

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function treeOf(variant: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmreview-collapse-tree-'));
  dirs.push(dir);
  for (const f of referenceFiles(variant)) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', GIT_CONFIG_GLOBAL: '/dev/null' };
  for (const args of [['init', '-q'], ['add', '.'], ['commit', '-qm', 'base']]) execFileSync('git', args, { cwd: dir, env, stdio: 'ignore' });
  return dir;
}

/**
 * The verdicts a patch gets: regressions and fixes. Pre-existing findings are left out: they depend on
 * which rules a patch makes relevant, and a no-op hunk placed on the reference touches nothing.
 */
const summary = (o: Outcome) =>
  o.patches
    .flatMap((p) => p.findings)
    .filter((f) => f.classification !== 'pre-existing')
    .map((f) => `${f.classification} ${f.ruleId} ${f.scenario}`)
    .sort();

describe.skipIf(skip !== '')(`collapse fixtures with --tree${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it.each(fixtures.map((f) => [f.patch, f] as const))('%s: same verdicts with and without a tree', async (patch, { base }) => {
    expect(base, `${patch} names its base`).toMatch(/^v6\.3/);
    const set = await readPatchSet([resolve(root, patch)], { cwd: root });
    const noTree = await mod.checkPatchSet!(set, { cwd: root });
    const withTree = await mod.checkPatchSet!(set, { cwd: root, tree: treeOf(base!) });
    expect(withTree.patches.flatMap((p) => p.unplaced)).toEqual([]);
    expect(summary(withTree)).toEqual(summary(noTree));
  });
});
