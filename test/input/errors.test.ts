import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPatchSet } from '../../src/input/index.js';
import { InputError } from '../../src/input/types.js';
import { mail, ROOT, tempDir } from './helpers.js';

const opts = { cwd: ROOT };

async function failure(inputs: string[], cwd = ROOT): Promise<InputError> {
  const err = await readPatchSet(inputs, { cwd }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('bad input', () => {
  it('a text without a patch says what was seen', async () => {
    const err = await failure([mail('no-patch.txt')]);
    expect(err.describe()).toBe(`${mail('no-patch.txt')}:1: no patch found (9 lines of text without mail headers; no diff or hunk header)`);
  });

  it('a hunk whose counts cannot be met names the @@ line', async () => {
    const err = await failure([mail('malformed-hunk.patch')]);
    expect(err.line).toBe(25);
    expect(err.message).toMatch(/^hunk @@ -23,8 \+23,30 @@ cannot be satisfied/);
  });

  it('a truncated mbox names the line of the cut hunk', async () => {
    const err = await failure([mail('truncated.mbox')]);
    expect(err.line).toBe(119);
    expect(err.message).toMatch(/the text ends/);
  });

  it('a mail whose header block never ends is truncated', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cut.eml'), 'From: a@b\nSubject: [PATCH] x\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n');
    const err = await failure(['cut.eml'], dir);
    expect(err.describe()).toBe('cut.eml:3: truncated mail: header block never ends (no blank line before the body)');
  });

  it('a hunk with more lines than its counts is malformed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'long.diff'), ['--- a/x.c', '+++ b/x.c', '@@ -1,2 +1,2 @@', ' a', '-b', '+c', '+d', ''].join('\n'));
    const err = await failure(['long.diff'], dir);
    expect(err.line).toBe(7);
    expect(err.message).toMatch(/more lines than its header counts/);
  });

  it('a binary file is rejected with the line of its first NUL', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blob.bin'), Buffer.from([0x61, 0x0a, 0x62, 0x0a, 0x00, 0x01, 0x02]));
    const err = await failure(['blob.bin'], dir);
    expect(err.describe()).toBe('blob.bin:3: binary file: not a patch, mail or mbox');
  });

  it('a binary file whose NUL follows other control bytes (an ELF header) is rejected too', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'prog'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x0a]));
    const err = await failure(['prog'], dir);
    expect(err.describe()).toBe('prog:1: binary file: not a patch, mail or mbox');
  });

  it('corrupt gzip data is an InputError, not a crash', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]));
    const err = await failure(['bad.gz'], dir);
    expect(err.message).toMatch(/^corrupt gzip data/);
  });

  it('a directory is not an input', async () => {
    const err = await failure([tempDir()]);
    expect(err.message).toBe('not a regular file');
  });

  it('no inputs at all is an InputError', async () => {
    await expect(readPatchSet([], opts)).rejects.toBeInstanceOf(InputError);
  });
});

describe('safety', () => {
  it('file names from a diff never cause writes; the input stays as it was', async () => {
    const dir = tempDir();
    const evil = ['diff --git a/../../escape.c b/../../escape.c', 'new file mode 100644', '--- /dev/null', '+++ b/../../escape.c', '@@ -0,0 +1 @@', '+int x;', ''].join('\n');
    writeFileSync(join(dir, 'evil.diff'), evil);
    const before = readdirSync(dir);
    const set = await readPatchSet(['evil.diff'], { cwd: dir });
    expect(set.patches[0].files[0].newPath).toBe('../../escape.c');
    expect(readdirSync(dir)).toEqual(before);
    expect(readFileSync(join(dir, 'evil.diff'), 'utf8')).toBe(evil);
    expect(existsSync(join(dir, '..', '..', 'escape.c'))).toBe(false);
  });
});
