import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { touchedFunctions } from '../../src/extract/functions.js';
import { PROJECT_ROOT } from '../helpers/kernel-tree.js';

const SEEDS = join(PROJECT_ROOT, '../shared/seeds');
const seed = (name: string) => join(SEEDS, name);
const haveSeeds = existsSync(SEEDS);

async function functionsOfSeed(name: string) {
  const { readPatchSet } = await import('../../src/input/index.js');
  const set = await readPatchSet([seed(name)], { cwd: PROJECT_ROOT });
  expect(set.patches).toHaveLength(1);
  return { patch: set.patches[0], functions: touchedFunctions(set.patches[0]) };
}

describe.skipIf(!haveSeeds)('touched functions of the real seed mails', () => {
  it('seed 001: the v5 3/3 collapse_file patch touches collapse_file only', async () => {
    const { patch, functions } = await functionsOfSeed('001_b4639c94fadb0b62.txt');
    expect(patch.title).toBe('mm/khugepaged: maintain page cache uptodate flag');
    expect(functions.map((f) => [f.file, f.name, f.kind, f.fromFragment])).toEqual([['mm/khugepaged.c', 'collapse_file', 'changed', true]]);
    const [fn] = functions;
    expect(fn.hunks).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(fn.removedLines.length).toBeGreaterThan(20);
    expect(fn.addedLines.length).toBeGreaterThan(5);
  });

  it('seed 000: the quoted hugetlb v5 patch touches the unmap path and the header declarations', async () => {
    const { patch, functions } = await functionsOfSeed('000_48df82138c7e22bf.txt');
    expect(patch.quoted).toBe(true);
    const byName = (file: string) => functions.filter((f) => f.file === file).map((f) => f.name + (f.declarationOnly ? ' (decl)' : ''));
    expect(byName('mm/hugetlb.c')).toEqual(expect.arrayContaining([
      '__unmap_hugepage_range', '__unmap_hugepage_range_final', 'clear_hugetlb_page_range', 'unmap_hugepage_range',
    ]));
    expect(byName('mm/madvise.c')).toEqual(['madvise_dontneed_single_vma']);
    expect(byName('mm/memory.c')).toEqual(['unmap_vmas']);
    expect(byName('include/linux/hugetlb.h')).toEqual(['clear_hugetlb_page_range (decl)', 'clear_hugetlb_page_range']);
    expect(byName('include/linux/mm.h')).toEqual([]);
    const added = functions.filter((f) => f.kind === 'added').map((f) => `${f.file}:${f.name}`);
    expect(added).toEqual(expect.arrayContaining(['mm/hugetlb.c:__unmap_hugepage_range_locking', 'mm/hugetlb.c:clear_hugetlb_page_range']));
    expect(functions.find((f) => f.name === '__unmap_hugepage_range_final' && f.file === 'mm/hugetlb.c')?.kind).toBe('changed');
  });
});
