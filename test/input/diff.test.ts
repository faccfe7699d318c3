import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPatchSet } from '../../src/input/index.js';
import { InputError } from '../../src/input/types.js';
import { mail, ROOT } from './helpers.js';

const opts = { cwd: ROOT };

describe('plain unified diffs and git diff output', () => {
  it('reads renames, new and deleted files, mode changes and binary patches (GIT binary patch)', async () => {
    const set = await readPatchSet([mail('git-diff-kinds.diff')], opts);
    const files = set.patches[0].files.map((f) => ({ old: f.oldPath, new: f.newPath, status: f.status, hunks: f.hunks.length, modes: [f.oldMode, f.newMode] }));
    expect(files).toEqual([
      { old: null, new: 'include/linux/fixture_new.h', status: 'added', hunks: 1, modes: [undefined, '100644'] },
      { old: 'include/linux/mm.h', new: null, status: 'deleted', hunks: 1, modes: ['100644', undefined] },
      { old: null, new: 'logo.bin', status: 'binary', hunks: 0, modes: [undefined, '100644'] },
      { old: 'mm/filemap.c', new: 'mm/filemap.c', status: 'mode-only', hunks: 0, modes: ['100644', '100755'] },
      { old: 'mm/mincore.c', new: 'mm/residency.c', status: 'renamed', hunks: 0, modes: [undefined, undefined] },
    ]);
  });

  it('reads "Binary files ... differ" as a binary file without hunks, reported as skipped', async () => {
    const set = await readPatchSet([mail('git-diff-binary-differ.diff')], opts);
    expect(set.patches[0].files.find((f) => f.newPath === 'logo.bin')?.status).toBe('binary');
    expect(set.notes.filter((n) => n.decision === 'skipped').map((n) => n.reason)).toEqual(['binary file logo.bin: no hunks to check, skipped']);
    expect(set.patches[0].title).toBe('diff of include/linux/fixture_new.h and 4 more file(s)');
  });

  it('reads `diff -ruN` output: strips the directory component and sees created files', async () => {
    const set = await readPatchSet([mail('plain-unified.diff')], opts);
    const p = set.patches[0];
    expect(p.files.map((f) => [f.oldPath, f.newPath, f.status])).toEqual([
      [null, 'include/linux/fixture_mincore.h', 'added'],
      ['include/linux/mm.h', 'include/linux/mm.h', 'modified'],
      ['mm/filemap.c', 'mm/filemap.c', 'modified'],
      ['mm/mincore.c', 'mm/mincore.c', 'modified'],
    ]);
    expect(p.message).toBe('');
  });

  it('gives `git diff`, `diff -ruN` and the series the same hunks', async () => {
    const gitDiff = await readPatchSet([mail('git-diff-series.diff')], opts);
    const plain = await readPatchSet([mail('plain-unified.diff')], opts);
    expect(gitDiff.patches[0].id).toBe(plain.patches[0].id);
    expect(gitDiff.patches[0].files[0].oldBlob).toBe('0000000');
  });

  it('reads stdin for `-`', async () => {
    const bytes = readFileSync(mail('git-diff-series.diff'));
    const set = await readPatchSet(['-'], { cwd: ROOT, stdin: async () => bytes });
    expect(set.patches[0].origin.input).toBe('<stdin>');
    expect(set.patches[0].files).toHaveLength(4);
  });

  it('names stdin in errors', async () => {
    const err = await readPatchSet(['-'], { cwd: ROOT, stdin: async () => Buffer.from('hello\n') }).catch((e: unknown) => e);
    expect((err as InputError).describe()).toMatch(/^<stdin>:1: no patch found/);
  });

  it('reads `git show` output with its commit, author and message', async () => {
    const text = [
      'commit 1111111111111111111111111111111111111111',
      'Author: Ada Fixture <ada@example.org>',
      'Date:   Mon Jan 1 00:00:00 2024 +0000',
      '',
      '    mm: one line',
      '',
      '    More words.',
      '',
      'diff --git a/mm/x.c b/mm/x.c',
      'index 1234567..89abcde 100644',
      '--- a/mm/x.c',
      '+++ b/mm/x.c',
      '@@ -1,2 +1,2 @@',
      ' a',
      '-b',
      '+c',
    ].join('\n');
    const set = await readPatchSet(['-'], { cwd: ROOT, stdin: async () => Buffer.from(text) });
    expect(set.patches[0]).toMatchObject({ title: 'mm: one line', commit: '1'.repeat(40), from: 'Ada Fixture <ada@example.org>', message: 'More words.' });
  });
});
