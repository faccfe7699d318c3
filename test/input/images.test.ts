import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveImages } from '../../src/input/images.js';
import { readPatchSet } from '../../src/input/index.js';
import type { PatchSet } from '../../src/input/types.js';
import { baseCommit, git, mail, MAIL, ROOT, tempDir, treeRepo } from './helpers.js';

const opts = { cwd: ROOT };
const squeeze = (t: string) => t.split('\n').map((l) => l.replace(/\s+/g, ''));

async function series(): Promise<PatchSet> {
  return readPatchSet([mail('series-mboxo.mbox')], opts);
}

/** The tree after the whole series, written by hand from the edits (what `git am` would give). */
function expectedFilemapAfterSeries(): string {
  return readFileSync(join(MAIL, 'tree/mm/filemap.c'), 'utf8')
    .replace('\tif (!folio_try_get(entry))\n\t\tgoto again;\n', '\t/*\n\t * A frozen refcount means the folio is being replaced: drop the\n\t * RCU lock before retrying so that the replacer can finish.\n\t */\n\tif (!folio_try_get(entry)) {\n\t\trcu_read_unlock();\n\t\tcond_resched();\n\t\trcu_read_lock();\n\t\tgoto again;\n\t}\n')
    .replace('\t\t++present;\n', '\t\t++present;\n\t\tif (fixture_folio_is_large(entry))\n\t\t\tindex += fixture_folio_pages(entry) - 1;\n');
}

describe('pre- and post-images with a tree', () => {
  it('takes blobs, then base-commit, and chains the series (patch k pre = patch k-1 post)', async () => {
    const dir = treeRepo();
    expect(git(dir, 'rev-parse', 'HEAD').trim()).toBe(baseCommit());
    const images = await resolveImages(await series(), dir);
    const sources = images.map((p) => p.files.map((f) => [f.path, f.pre?.source ?? null, f.post?.source ?? null]));
    expect(sources).toEqual([
      [['mm/filemap.c', 'blob e3f6119', 'post-image of patch 1']],
      [
        ['include/linux/fixture_mincore.h', null, 'post-image of patch 2'],
        // the blob is after the prerequisite patch, which this tree lacks
        ['mm/mincore.c', `base-commit ${baseCommit()}`, 'post-image of patch 2'],
      ],
      [
        ['include/linux/mm.h', 'blob 0d7fdba', 'post-image of patch 3'],
        ['mm/filemap.c', 'post-image of patch 1', 'post-image of patch 3'],
      ],
    ]);
    expect(images.every((p) => p.failures.length === 0)).toBe(true);
    expect(images[2].files[1].post?.text).toBe(expectedFilemapAfterSeries());
    expect(images[1].files[0].post?.text).toContain('static inline unsigned long fixture_span_pages(unsigned long span)');
    expect(images.map((p) => p.patchId)).toEqual((await series()).patches.map((p) => p.id));
  });

  it('falls back to HEAD, then to the working file outside git', async () => {
    const set = await series();
    const first = { ...set, patches: [set.patches[0]] };
    first.patches[0] = { ...first.patches[0], baseCommit: undefined, files: first.patches[0].files.map((f) => ({ ...f, oldBlob: 'deadbee' })) };
    const repo = treeRepo();
    expect((await resolveImages(first, repo))[0].files[0].pre?.source).toBe('HEAD');
    const plain = tempDir();
    cpSync(join(MAIL, 'tree'), plain, { recursive: true });
    const work = await resolveImages(first, plain);
    expect(work[0].files[0].pre?.source).toBe('working file');
    expect(work[0].failures).toEqual([]);
  });

  it('uses fuzz when a context line moved on, and says so', async () => {
    const dir = treeRepo();
    const path = join(dir, 'mm/filemap.c');
    writeFileSync(path, readFileSync(path, 'utf8').replace('\tif (!entry || xa_is_value(entry))\n', '\tif (!entry || xa_is_value(entry) || 0)\n'));
    git(dir, 'commit', '-q', '-am', 'drift');
    const set = await series();
    const one = { ...set, patches: [{ ...set.patches[0], baseCommit: undefined, files: set.patches[0].files.map((f) => ({ ...f, oldBlob: undefined })) }] };
    const images = await resolveImages(one, dir);
    expect(images[0].failures).toEqual([]);
    expect(images[0].files[0].fuzz).toBe(1);
    expect(images[0].files[0].pre?.source).toBe('HEAD');
  });

  it('reports a hunk that does not apply with expected vs found lines, without throwing', async () => {
    const dir = treeRepo();
    const path = join(dir, 'mm/filemap.c');
    writeFileSync(path, readFileSync(path, 'utf8').replace('\tif (!folio_try_get(entry))\n', '\tif (!folio_get_unless_zero(entry))\n'));
    git(dir, 'commit', '-q', '-am', 'renamed call');
    const set = await series();
    const one = { ...set, patches: [{ ...set.patches[0], baseCommit: undefined, files: set.patches[0].files.map((f) => ({ ...f, oldBlob: undefined })) }] };
    const [img] = await resolveImages(one, dir);
    expect(img.failures).toHaveLength(1);
    const f = img.failures[0];
    expect(f).toMatchObject({ patchId: set.patches[0].id, file: 'mm/filemap.c', hunk: 0 });
    expect(f.expected).toContain('\tif (!folio_try_get(entry))');
    expect(f.found).toContain('\tif (!folio_get_unless_zero(entry))');
    expect(f.message).toMatch(/^mm\/filemap.c: hunk #1 @@ -23,8 \+23,16 @@ does not apply at line 23 \(first difference at line 26\), not even with fuzz 2$/);
  });

  it('applies a whitespace-damaged patch ignoring whitespace, to the same code as the pristine one', async () => {
    const dir = treeRepo();
    const damaged = await readPatchSet([mail('archive-damaged.txt')], opts);
    const [img] = await resolveImages({ ...damaged, patches: [damaged.patches[0]] }, dir);
    expect(img.failures).toEqual([]);
    expect(img.files[0].whitespaceInsensitive).toBe(true);
    const [clean] = await resolveImages({ ...(await series()), patches: [(await series()).patches[0]] }, dir);
    expect(squeeze(img.files[0].post!.text)).toEqual(squeeze(clean.files[0].post!.text));
    expect(clean.files[0].whitespaceInsensitive).toBeUndefined();
  });

  it('skips binary files, drops deleted files, and never reads outside the tree', async () => {
    const set = await readPatchSet([mail('git-diff-kinds.diff')], opts);
    const dir = treeRepo();
    const [img] = await resolveImages(set, dir);
    const byPath = Object.fromEntries(img.files.map((f) => [f.path, f]));
    expect(byPath['logo.bin'].skipped).toBe('binary patch');
    expect(byPath['include/linux/mm.h'].post).toBeNull();
    // the diff's blob (after the series) is not in the base tree: HEAD is used, and the deletion
    // does not match it (two of the removed lines came with the series)
    expect(byPath['include/linux/mm.h'].pre?.source).toBe('HEAD');
    expect(img.failures.map((f) => [f.file, f.hunk])).toEqual([['include/linux/mm.h', 0]]);
    expect(byPath['include/linux/fixture_new.h'].post?.text).toBe('/* new */\nint fixture_new(void);\n');

    const outside = tempDir();
    writeFileSync(join(outside, 'secret.c'), 'int secret;\n');
    const evil = ['--- a/../secret.c', '+++ b/../secret.c', '@@ -1 +1 @@', '-int secret;', '+int leaked;', ''].join('\n');
    const evilSet = await readPatchSet(['-'], { cwd: ROOT, stdin: async () => Buffer.from(evil) });
    const plain = join(outside, 'tree');
    cpSync(join(MAIL, 'tree'), plain, { recursive: true });
    const [e] = await resolveImages(evilSet, plain);
    expect(e.files[0]).toMatchObject({ pre: null, post: null, skipped: 'pre-image not found' });
    expect(e.failures[0].hunk).toBe(-1);
    expect(readFileSync(join(outside, 'secret.c'), 'utf8')).toBe('int secret;\n');
  });
});
