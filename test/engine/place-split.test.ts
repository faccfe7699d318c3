/**
 * Hunks read function by function: headers and bodies found without trusting indentation, renamed
 * functions paired through their context lines, header changes placed only on a reference function
 * with the same parameters, and new functions added after the function the patch changed above them.
 */
import { describe, expect, it } from 'vitest';
import { hunkFunctions, pairFunctions, segmentSide } from '../../src/engine/hunk-functions.js';
import { placeHunks } from '../../src/engine/place.js';
import { parameterNames } from '../../src/engine/place-split.js';
import type { Hunk, PatchLine } from '../../src/input/types.js';
import { toyVariant } from './helpers.js';
import { parseDiff } from './diff-helper.js';

const toy = toyVariant('toy');
const L = (kind: PatchLine['kind'], text: string): PatchLine => ({ kind, text });
const hunkOf = (lines: PatchLine[], context = ''): Hunk => ({ index: 0, oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, context, lines });

describe('segmentSide', () => {
  it('finds header, body and end by braces even when indentation is lost', () => {
    const segs = segmentSide(
      ['x = 1;', '}', '', 'static int f(int a,', 'int b)', '{', 'if (a) {', 'b = 2;', '}', 'return b;', '}', ''].map((t) => L(' ', t)),
      'g',
    );
    expect(segs.map((s) => `${s.fn ?? '-'}:${s.role}`)).toEqual([
      'g:tail', 'g:tail', 'g:tail', 'f:header', 'f:header', 'f:open', 'f:body', 'f:body', 'f:body', 'f:body', 'f:close', '-:between',
    ]);
  });

  it('does not take a call, a return or a prototype for a header', () => {
    const segs = segmentSide(['foo(a,', 'b);', 'return bar(c,', 'd);', 'void proto(int a,', 'int b);'].map((t) => L(' ', t)), 'g');
    expect(segs.every((s) => s.role === 'tail')).toBe(true);
  });
});

describe('pairFunctions', () => {
  it('pairs a renamed function through its shared lines, ignoring blank lines a diff matches anywhere', () => {
    const h = hunkOf([
      L('-', 'void old_name(int a,'),
      L('+', 'static void new_name(int a,'),
      L(' ', 'int b)'),
      L(' ', '{'),
      L(' ', 'lock(a);'),
      L('+', '}'),
      L('+', 'void old_name(int a, int b)'),
      L('+', '{'),
      L('+', 'new_name(a, b);'),
      L(' ', ''),
      L(' ', '}'),
    ]);
    const f = hunkFunctions(h, undefined);
    expect(f.headers).toBe(true);
    expect([...pairFunctions(h, f)!]).toEqual([['old_name', 'new_name']]);
  });
});

describe('parameterNames', () => {
  it('takes the last identifier of each parameter', () => {
    expect(parameterNames('static void f(struct mmu_gather *tlb, unsigned long start, zap_flags_t zap_flags, bool x)')).toEqual(['tlb', 'start', 'zap_flags', 'x']);
    expect(parameterNames('int g(void)')).toEqual([]);
    expect(parameterNames('int h(char buf[16], int n)')).toEqual(['buf', 'n']);
  });
});

describe('placeHunks on a header change', () => {
  const headerPatch = (oldParams: string) =>
    parseDiff(
      [
        'diff --git a/mm/toy.c b/mm/toy.c',
        '@@ -6,4 +6,4 @@',
        ' ',
        `-static void toy_reader(${oldParams})`,
        '+static void toy_reader(struct address_space *mapping, pgoff_t index, bool wait)',
        ' {',
        ' \tstruct page *page;',
      ].join('\n'),
    );

  it('replaces the reference header when its parameters are those the patch changes', () => {
    const r = placeHunks(toy.files, headerPatch('struct address_space *mapping, pgoff_t index'));
    expect(r.hunks[0]).toMatchObject({ status: 'placed', function: 'toy_reader' });
    const text = r.files.find((f) => f.path === 'mm/toy.c')!.text;
    expect(text).toContain('static void toy_reader(struct address_space *mapping, pgoff_t index, bool wait)\n{');
    expect(text).not.toContain('toy_reader(struct address_space *mapping, pgoff_t index)\n');
  });

  it('refuses when the reference function has other parameters than the patch expects', () => {
    const r = placeHunks(toy.files, headerPatch('struct address_space *m, pgoff_t i'));
    expect(r.hunks[0].status).toBe('unplaced');
    expect(r.hunks[0].reason).toMatch(/toy_reader\(mapping, index\) is not the toy_reader\(m, i\)/);
    expect(r.files.find((f) => f.path === 'mm/toy.c')!.text).toBe(toy.files.find((f) => f.path === 'mm/toy.c')!.text);
  });
});
