import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { FALLBACK_HUNK_MISMATCH, patchFunctions, touchedFunctions, type FileImagesLike } from '../../src/extract/functions.js';
import { FALLBACK_TEXT } from '../../src/extract/locate.js';
import type { Patch } from '../../src/input/types.js';
import { simplePatch } from './simple-patch.js';

function patchOf(path: string, before: string, after: string): { patch: Patch; images: FileImagesLike[] } {
  const text = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, '', '', { context: 3 });
  const patch = simplePatch(text);
  const images = [{ path, pre: { path, text: before, source: 'HEAD' }, post: { path, text: after, source: 'post-image' } }];
  return { patch, images };
}

const BEFORE = [
  '#include <linux/mm.h>', // 1
  '',
  'static int __init early(void)', // 3
  '{',
  '\treturn 0;',
  '}', // 6
  '',
  'static void zap_one(struct vm_area_struct *vma)', // 8
  '{',
  '\tspinlock_t *ptl;',
  '',
  '\tlist_for_each_entry(p, &vma->list, lru) {',
  '\t\tVM_BUG_ON(!p);',
  '\t\tpage_remove_rmap(p, vma, false);',
  '\t}',
  '\tpte_unmap_unlock(pte, ptl);',
  '}', // 17
  '',
  'static void old_helper(void)', // 19
  '{',
  '\tfoo();',
  '}', // 22
  '',
  'void last(void)', // 24
  '{',
  '\told_helper();',
  '}', // 27
  'EXPORT_SYMBOL(last);',
  '',
].join('\n');

const AFTER = [
  '#include <linux/mm.h>', // 1
  '',
  'static int __init early(void)', // 3
  '{',
  '\treturn 0;',
  '}', // 6
  '',
  'static void zap_one(struct vm_area_struct *vma)', // 8
  '{',
  '\tspinlock_t *ptl;',
  '',
  '\tlist_for_each_entry(p, &vma->list, lru) {',
  '\t\tVM_BUG_ON(!p);',
  '\t}',
  '\ttlb_flush_mmu_tlbonly(tlb);', // 15
  '\tpte_unmap_unlock(pte, ptl);',
  '}', // 17
  '',
  'static void new_helper(void)', // 19
  '{',
  '\tbar();',
  '}', // 22
  '',
  'void last(void)', // 24
  '{',
  '\tnew_helper();',
  '}', // 27
  'EXPORT_SYMBOL_GPL(last);',
  '',
].join('\n');

describe('touchedFunctions with images', () => {
  it('finds changed, added and removed functions in both images', () => {
    const { patch, images } = patchOf('mm/x.c', BEFORE, AFTER);
    const got = touchedFunctions(patch, images).map((f) => [f.name, f.kind, f.preRange, f.postRange, f.removedLines, f.addedLines, f.fromFragment]);
    expect(got).toEqual([
      ['zap_one', 'changed', [8, 17], [8, 17], [14], [15], false],
      ['new_helper', 'added', undefined, [19, 22], [], [19, 21], false],
      ['old_helper', 'removed', [19, 22], undefined, [19, 21], [], false],
      ['last', 'changed', [24, 27], [24, 27], [26, 28], [26, 28], false],
    ]);
  });

  it('uses the images and not the fragments when both could answer', () => {
    const { patch, images } = patchOf('mm/x.c', BEFORE, AFTER);
    const fromTree = touchedFunctions(patch, images);
    patch.files[0].hunks[0].context = 'static void zap_one(struct vm_area_struct *vma)';
    const fromFragments = touchedFunctions(patch);
    expect(fromTree.every((f) => !f.fromFragment)).toBe(true);
    expect(fromFragments.every((f) => f.fromFragment)).toBe(true);
    // The fragment of zap_one starts inside its body: only the tree knows where it begins.
    expect(fromTree.find((f) => f.name === 'zap_one')?.preRange).toEqual([8, 17]);
    expect(fromFragments.find((f) => f.name === 'zap_one')?.preRange?.[0]).toBeGreaterThan(8);
  });

  it('realigns hunks whose line numbers are off, and falls back to fragments when they do not match at all', () => {
    const { patch, images } = patchOf('mm/x.c', BEFORE, AFTER);
    const shifted = '/* one */\n/* two */\n';
    const moved = [{ ...images[0], pre: { ...images[0].pre!, text: shifted + BEFORE }, post: { ...images[0].post!, text: shifted + AFTER } }];
    const zap = touchedFunctions(patch, moved).find((f) => f.name === 'zap_one');
    expect(zap).toMatchObject({ preRange: [10, 19], removedLines: [16], addedLines: [17] });
    const unrelated = [{ ...images[0], pre: { ...images[0].pre!, text: 'int other(void)\n{\n}\n' } }];
    const fallback = touchedFunctions(patch, unrelated);
    expect(fallback.length).toBeGreaterThan(0);
    expect(fallback.every((f) => f.fallback === FALLBACK_HUNK_MISMATCH)).toBe(true);
  });

  it('locates functions in a new file from the post-image only', () => {
    const after = 'static int created(void)\n{\n\treturn 1;\n}\n';
    const text = createTwoFilesPatch('/dev/null', 'b/mm/new.c', '', after, '', '', { context: 3 });
    const patch = simplePatch(text.replace('--- /dev/null', '--- /dev/null').replace(/^\+\+\+ b\/mm\/new.c.*$/m, '+++ b/mm/new.c'));
    const images = [{ path: 'mm/new.c', pre: null, post: { path: 'mm/new.c', text: after, source: 'post-image' } }];
    expect(touchedFunctions(patch, images)).toEqual([
      { file: 'mm/new.c', name: 'created', kind: 'added', postRange: [1, 4], removedLines: [], addedLines: [1, 2, 3, 4], fromFragment: false, hunks: [0] },
    ]);
  });

  it('reports the fallback used for functions tree-sitter could not parse', () => {
    const before = 'static bool w(int v)\n{\n#ifdef A\n\tif (v) {\n#else\n\tif (!v) {\n#endif\n\t\treturn false;\n\t}\n\treturn true;\n}\n';
    const after = before.replace('return true;', 'return v > 1;');
    const { patch, images } = patchOf('mm/w.c', before, after);
    const [fn] = touchedFunctions(patch, images);
    expect(fn).toMatchObject({ name: 'w', kind: 'changed', preRange: [1, 11], removedLines: [10], addedLines: [10] });
    expect(fn.fallback).toBeDefined();
    expect([FALLBACK_TEXT, 'function_definition with ERROR inside']).toContain(fn.fallback);
  });

  it('sorts by file, first line, name and lists skipped files', () => {
    const a = patchOf('mm/b.c', BEFORE, AFTER);
    const b = patchOf('mm/a.c', BEFORE, AFTER);
    const docs = simplePatch('--- a/Documentation/x.rst\n+++ b/Documentation/x.rst\n@@ -1 +1 @@\n-a\n+b\n');
    const patch: Patch = { ...a.patch, files: [...a.patch.files, ...b.patch.files, ...docs.files] };
    const list = touchedFunctions(patch, [...a.images, ...b.images]);
    expect(list.map((f) => `${f.file}:${f.name}`).slice(0, 5)).toEqual(['mm/a.c:zap_one', 'mm/a.c:new_helper', 'mm/a.c:old_helper', 'mm/a.c:last', 'mm/b.c:zap_one']);
    const pf = patchFunctions(patch, [...a.images, ...b.images]);
    expect(pf.files.map((f) => [f.path, f.skipped])).toEqual([
      ['Documentation/x.rst', 'not a C source file'],
      ['mm/a.c', undefined],
      ['mm/b.c', undefined],
    ]);
  });
});
