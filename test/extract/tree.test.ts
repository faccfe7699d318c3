import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchFunctions, touchedFunctions, type FileImagesLike } from '../../src/extract/functions.js';
import { FALLBACK_ERROR_INSIDE, FALLBACK_TEXT, locateFunctions } from '../../src/extract/locate.js';
import type { Patch } from '../../src/input/types.js';
import { buildKernelTree, commitChange, FIXTURE_TREE, formatPatches, git, hugetlbSeriesMails, REFERENCE_TREE, showFile, type KernelTree } from '../helpers/kernel-tree.js';
import { simplePatch } from './simple-patch.js';

/** Images of every file of a patch from two commits of the tree. */
function imagesAt(tree: KernelTree, patch: Patch, pre: string, post: string): FileImagesLike[] {
  return patch.files.map((f) => ({
    path: f.newPath!,
    pre: { path: f.oldPath!, text: showFile(tree, pre, f.oldPath!), source: `commit ${pre}` },
    post: { path: f.newPath!, text: showFile(tree, post, f.newPath!), source: `commit ${post}` },
  }));
}

const names = (list: { name: string; declarationOnly?: boolean }[]) => list.map((f) => f.name + (f.declarationOnly ? ' (decl)' : ''));

describe('fixture kernel tree', () => {
  let tree: KernelTree;
  let mails: string[];
  let commits: string[];
  beforeAll(() => {
    tree = buildKernelTree();
    mails = hugetlbSeriesMails(tree);
    commits = [tree.base, ...git(tree.dir, ['rev-list', '--reverse', `${tree.base}..HEAD`]).trim().split('\n')];
  });
  afterAll(() => tree?.cleanup());

  it('is a git repository with the reference C laid over the fixtures', () => {
    expect(existsSync(join(tree.dir, '.git'))).toBe(true);
    expect(existsSync(join(tree.dir, 'mm/hugetlb.c'))).toBe(true);
    for (const f of tree.fromReference) {
      expect(showFile(tree, tree.base, f)).toBe(readFileSync(join(REFERENCE_TREE, f), 'utf8'));
    }
    if (existsSync(join(REFERENCE_TREE, 'mm/khugepaged.c'))) expect(tree.fromReference).toContain('mm/khugepaged.c');
    const plain = buildKernelTree({ reference: false });
    try {
      expect(plain.fromReference).toEqual([]);
      expect(showFile(plain, plain.base, 'mm/khugepaged.c')).toBe(readFileSync(join(FIXTURE_TREE, 'mm/khugepaged.c'), 'utf8'));
    } finally {
      plain.cleanup();
    }
  });

  it('locates the functions of the unmap path with clean tree-sitter nodes', () => {
    const hugetlb = locateFunctions(showFile(tree, tree.base, 'mm/hugetlb.c'));
    expect(names(hugetlb.filter((s) => !s.declarationOnly))).toEqual(expect.arrayContaining([
      'hugetlb_fixture_init', 'hugetlb_vma_lock_read', 'hugetlb_vma_unlock_write', '__hugetlb_vma_unlock_write_free',
      '__unmap_hugepage_range', '__unmap_hugepage_range_final', 'unmap_hugepage_range', 'hugetlb_vm_op_close', 'want_pmd_share',
    ]));
    // container_of() takes a type as argument: tree-sitter reports an ERROR inside the function, whose
    // function_definition node is still used. want_pmd_share unbalances its braces across #ifdef
    // branches: tree-sitter loses it and the header + brace-matching fallback finds it.
    expect(hugetlb.filter((s) => s.fallback).map((s) => [s.name, s.fallback])).toEqual([
      ['hugetlb_vma_lock_release', FALLBACK_ERROR_INSIDE],
      ['want_pmd_share', FALLBACK_TEXT],
    ]);
    expect(hugetlb.find((s) => s.name === 'want_pmd_share')).toMatchObject({ start: 249, end: 263 });
    const memory = locateFunctions(showFile(tree, tree.base, 'mm/memory.c'));
    expect(names(memory)).toEqual([
      'should_zap_cows', 'zap_pte_range', 'zap_pmd_range', 'unmap_page_range', 'unmap_single_vma', 'unmap_vmas',
      'zap_page_range', 'zap_page_range_single', 'zap_vma_ptes',
    ]);
    expect(memory.every((s) => !s.fallback)).toBe(true);
  });

  it('locates syscalls, iterator loops and labels in madvise.c, mmap.c and mincore.c', () => {
    expect(names(locateFunctions(showFile(tree, tree.base, 'mm/madvise.c')))).toContain('sys_madvise');
    const mmap = locateFunctions(showFile(tree, tree.base, 'mm/mmap.c'));
    expect(names(mmap)).toEqual(['unmap_region', 'remove_mt', 'do_vmi_align_munmap', 'do_vmi_munmap', '__vm_munmap', 'vm_munmap', 'sys_munmap', 'exit_mmap']);
    const fixture = (f: string) => locateFunctions(readFileSync(join(FIXTURE_TREE, f), 'utf8'));
    expect(fixture('mm/khugepaged.c').map((s) => [s.name, s.fallback])).toEqual([['collapse_file', undefined]]);
    expect(names(fixture('mm/filemap.c'))).toEqual(['filemap_get_entry', 'filemap_get_incore_folio', 'filemap_get_folios', 'folio_seek_hole_data']);
    expect(names(fixture('mm/mincore.c'))).toEqual(['mincore_page', 'mincore_pte_range', 'sys_mincore']);
    const header = locateFunctions(showFile(tree, tree.base, 'include/linux/hugetlb.h'));
    expect(header.filter((s) => s.name === 'unmap_hugepage_range').map((s) => s.declarationOnly)).toEqual([true, false]);
  });

  it('produces a series of format-patch mails with a cover letter', () => {
    expect(mails).toHaveLength(4);
    expect(mails[0]).toMatch(/Subject: \[PATCH 0\/3\] hugetlb: fix MADV_DONTNEED vs vma_lock/);
    expect(mails[2]).toMatch(/Subject: \[PATCH 2\/3\]/);
    expect(mails[0]).toContain('base-commit: ' + tree.base);
  });

  it('finds the touched functions of each patch from the tree images and from the fragments alike', () => {
    const expected = [
      ['madvise_dontneed_single_vma'],
      ['__unmap_hugepage_range_final', 'unmap_vmas'],
      ['__unmap_hugepage_range', 'unmap_hugepage_range'],
    ];
    mails.slice(1).forEach((mail, k) => {
      const patch = simplePatch(mail);
      const withTree = touchedFunctions(patch, imagesAt(tree, patch, commits[k], commits[k + 1]));
      expect(names(withTree)).toEqual(expected[k]);
      expect(withTree.every((f) => f.kind === 'changed' && !f.fromFragment && !f.fallback)).toBe(true);
      expect(names(touchedFunctions(patch))).toEqual(expected[k]);
    });
  });

  it('gives exact changed lines inside each function', () => {
    const patch = simplePatch(mails[2]);
    const pf = patchFunctions(patch, imagesAt(tree, patch, commits[1], commits[2]));
    const final = pf.files.find((f) => f.path === 'mm/hugetlb.c')!.functions[0];
    const post = showFile(tree, commits[2], 'mm/hugetlb.c').split('\n');
    expect(final.addedLines.map((n) => post[n - 1].trim())).toEqual([
      'if (zap_flags & ZAP_FLAG_UNMAP) {',
      '__hugetlb_vma_unlock_write_free(vma);',
      'i_mmap_unlock_write(vma->vm_file->f_mapping);',
      '} else {',
      'i_mmap_unlock_write(vma->vm_file->f_mapping);',
      'hugetlb_vma_unlock_write(vma);',
      '}',
    ]);
    expect(pf.files.find((f) => f.path === 'include/linux/mm.h')?.functions).toEqual([]);
  });

  it('tells prototypes from the static inline stubs of the same function in a header', () => {
    const t = buildKernelTree({ reference: false });
    try {
      commitChange(t, 'hugetlb: lock helpers return whether they locked', '', [
        { path: 'include/linux/hugetlb.h', from: 'void hugetlb_vma_lock_read(struct vm_area_struct *vma);', to: 'bool hugetlb_vma_lock_read(struct vm_area_struct *vma);' },
        { path: 'include/linux/hugetlb.h', from: 'static inline void hugetlb_vma_lock_read(struct vm_area_struct *vma)\n{\n}', to: 'static inline bool hugetlb_vma_lock_read(struct vm_area_struct *vma)\n{\n\treturn false;\n}' },
      ]);
      const [mail] = formatPatches(t, `${t.base}..HEAD`);
      const patch = simplePatch(mail);
      const head = git(t.dir, ['rev-parse', 'HEAD']).trim();
      const withTree = touchedFunctions(patch, imagesAt(t, patch, t.base, head));
      expect(withTree.map((f) => [f.name, !!f.declarationOnly, f.kind, f.fromFragment])).toEqual([
        ['hugetlb_vma_lock_read', true, 'changed', false],
        ['hugetlb_vma_lock_read', false, 'changed', false],
      ]);
      expect(touchedFunctions(patch).map((f) => [f.name, !!f.declarationOnly])).toEqual([
        ['hugetlb_vma_lock_read', true],
        ['hugetlb_vma_lock_read', false],
      ]);
    } finally {
      t.cleanup();
    }
  });

  it('reads the series through intake and resolves images from the tree', async () => {
    const { readPatchSet } = await import('../../src/input/index.js');
    const { resolveImages } = await import('../../src/input/images.js');
    const dir = mkdtempSync(join(tmpdir(), 'mmreview-series-'));
    try {
      const mbox = join(dir, 'series.mbox');
      writeFileSync(mbox, mails.join('\n'));
      const set = await readPatchSet([mbox], { cwd: dir });
      expect(set.patches.map((p) => p.position.index)).toEqual([1, 2, 3]);
      expect(set.cover?.subject).toContain('hugetlb: fix MADV_DONTNEED vs vma_lock');
      const images = await resolveImages(set, tree.dir);
      const got = set.patches.map((p, k) => names(touchedFunctions(p, images[k].files)));
      expect(got).toEqual([['madvise_dontneed_single_vma'], ['__unmap_hugepage_range_final', 'unmap_vmas'], ['__unmap_hugepage_range', 'unmap_hugepage_range']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
