/**
 * Reference variants: newest kernel first, a standalone variant before its overlays; under a tree the
 * reference fills in each function from the newest variant that defines it.
 */
import { describe, expect, it } from 'vitest';
import { treeReference, variantOrder } from '../../src/engine/reference.js';
import { lowerProgram } from '../../src/extract/lower/index.js';

describe('variantOrder', () => {
  it('puts newer kernels first, release candidates below their release, overlays after their base', () => {
    const names = ['v6.1-rc2', 'v6.3-series12', 'v6.4', 'v6.3', 'v6.1', 'v6.10'];
    expect([...names].sort(variantOrder)).toEqual(['v6.10', 'v6.4', 'v6.3', 'v6.3-series12', 'v6.1', 'v6.1-rc2']);
  });
});

describe('treeReference', () => {
  const v = (name: string, files: [string, string][]) => ({ name, files: files.map(([path, text]) => ({ path, text })) });
  it('keeps every standalone variant, newest first, and skips overlays (their base is there)', () => {
    const merged = treeReference([
      v('v6.4', [['mm/memory.c', 'int lock_vma_under_rcu(void) { return 1; }\n']]),
      v('v6.3', [['mm/memory.c', 'int zap_pte_range(void) { return 2; }\nint lock_vma_under_rcu(void) { return 3; }\n']]),
      v('v6.3-series12', [['mm/khugepaged.c', 'int collapse_file(void) { return 4; }\n']]),
    ]);
    expect(merged.name).toBe('v6.4 + v6.3');
    expect(merged.files.map((f) => f.path)).toEqual(['mm/memory.c', 'mm/memory.c']);
    // both files' functions are there; the newest definition of a function wins
    const prog = lowerProgram(merged.files, { origin: 'test' });
    expect([...prog.functions.keys()]).toEqual(['lock_vma_under_rcu', 'zap_pte_range']);
    expect(prog.functions.get('lock_vma_under_rcu')!.range).toEqual([1, 1]);
    expect(JSON.stringify(prog.functions.get('lock_vma_under_rcu')!.body)).toContain('"v":1');
  });
});
