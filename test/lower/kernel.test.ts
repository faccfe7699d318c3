/**
 * Robustness on real C. Always: the project's reference kernel (src/reference) lowers without a
 * lowering failure. Opt-in (MMREVIEW_LINUX_TREE=/path/to/linux): every function of the files the
 * model covers lowers; skipped cleanly without a tree.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lowerFunctions } from '../../src/extract/lower/index.js';

function cFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? cFiles(p) : p.endsWith('.c') ? [p] : [];
    });
}

function failures(path: string): string[] {
  return lowerFunctions(readFileSync(path, 'utf8'), path, { assume: { HPAGE_PMD_NR: 4 } }).flatMap((f) =>
    f.unmodelled.filter((u) => u.name.startsWith('lowering failed')).map((u) => `${f.name}:${u.loc.line} ${u.name}`),
  );
}

describe('real C', () => {
  const reference = cFiles('src/reference');
  it.skipIf(reference.length === 0)('the reference kernel lowers without failures', () => {
    for (const f of reference) expect(failures(f), f).toEqual([]);
  });

  it.skipIf(reference.length === 0)('never throws on truncated or damaged C', () => {
    const text = readFileSync(reference[0], 'utf8');
    const lines = text.split('\n');
    let seed = 12345;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let k = 0; k < 25; k++) {
      const cut = text.slice(0, rand(text.length));
      const damaged = lines.filter(() => rand(7) !== 0).join('\n');
      for (const src of [cut, damaged]) expect(() => lowerFunctions(src, 'damaged.c')).not.toThrow();
    }
  });

  const tree = process.env.MMREVIEW_LINUX_TREE;
  const files = ['khugepaged', 'memory', 'hugetlb', 'madvise', 'filemap', 'mmap'].map((n) => `${tree}/mm/${n}.c`);
  it.skipIf(!tree || !files.every(existsSync))('every function of the modelled Linux files lowers', () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const fns = lowerFunctions(text, f);
      // every top-level body `{` at column 0 belongs to a lowered function
      const bodies = text.split('\n').flatMap((l, i) => (l === '{' ? [i + 1] : []));
      const uncovered = bodies.filter((line) => !fns.some((fn) => fn.range[0] <= line && line <= fn.range[1]));
      expect(uncovered, f).toEqual([]);
      expect(failures(f), f).toEqual([]);
    }
  });
});
