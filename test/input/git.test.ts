import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeRevision } from '../../src/input/git.js';
import { readPatchSet } from '../../src/input/index.js';
import { InputError } from '../../src/input/types.js';
import { git, tempDir, treeRepo } from './helpers.js';

function repoWithTwoCommits(): { dir: string; shas: string[] } {
  const dir = treeRepo();
  writeFileSync(join(dir, 'mm/filemap.c'), `/* one */\n${'x\n'.repeat(3)}`);
  git(dir, 'commit', '-q', '-am', 'mm/filemap: first change');
  writeFileSync(join(dir, 'mm/mincore.c'), '/* two */\n');
  git(dir, 'commit', '-q', '-am', 'mm/mincore: second change');
  const shas = git(dir, 'rev-list', '--reverse', 'HEAD~2..HEAD').trim().split('\n');
  return { dir, shas };
}

describe('git revisions', () => {
  it('reads a range as a numbered series with commit ids', async () => {
    const { dir, shas } = repoWithTwoCommits();
    const set = await readPatchSet(['HEAD~2..HEAD'], { cwd: dir });
    expect(set.patches.map((p) => [p.title, p.position.index, p.commit])).toEqual([
      ['mm/filemap: first change', 1, shas[0]],
      ['mm/mincore: second change', 2, shas[1]],
    ]);
    expect(set.patches[1].files[0].newPath).toBe('mm/mincore.c');
  });

  it('reads one commit by sha', async () => {
    const { dir, shas } = repoWithTwoCommits();
    const set = await readPatchSet([shas[0]], { cwd: dir });
    expect(set.patches).toHaveLength(1);
    expect(set.patches[0].title).toBe('mm/filemap: first change');
    expect(set.patches[0].files[0].oldBlob).toMatch(/^[0-9a-f]+$/);
  });

  it('an input that is neither a file nor a revision is an InputError', async () => {
    const { dir } = repoWithTwoCommits();
    const err = await readPatchSet(['no-such-thing'], { cwd: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toMatch(/^no-such-thing: neither a file nor a git revision/);
  });

  it('outside a work tree a revision is not looked up', async () => {
    const err = await readPatchSet(['HEAD'], { cwd: tempDir() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
  });

  it('never passes option-like or shell-like text to git', async () => {
    expect(['--output=/tmp/x', '-1', 'HEAD;rm', 'a b', 'HEAD..-x'].map(looksLikeRevision)).toEqual([false, false, false, false, false]);
    expect(['HEAD~3..HEAD', 'v6.1', 'abc123^', 'main@{1}'].map(looksLikeRevision)).toEqual([true, true, true, true]);
    const { dir } = repoWithTwoCommits();
    await expect(readPatchSet(['--output=evil'], { cwd: dir })).rejects.toBeInstanceOf(InputError);
  });
});
