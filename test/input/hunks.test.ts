import { describe, expect, it } from 'vitest';
import { type HunkRead, isHunkFailure, parseHunkHeader, readHunk } from '../../src/input/hunks.js';
import { toLines } from '../../src/input/lines.js';

function read(header: string, body: string[], mayBeCut = false) {
  return readHunk(toLines(body.join('\n')), 0, parseHunkHeader(header)!, { mayBeCut });
}
function kinds(r: ReturnType<typeof read>): string {
  if (isHunkFailure(r)) throw new Error(r.reason);
  return r.lines.map((l) => l.kind).join('');
}

describe('hunk header', () => {
  it('parses counts, defaults and function context', () => {
    expect(parseHunkHeader('@@ -5 +5,2 @@ static int f(void)')).toEqual({ oldStart: 5, oldLines: 1, newStart: 5, newLines: 2, context: 'static int f(void)' });
    expect(parseHunkHeader('@@ bogus')).toBeUndefined();
  });
});

describe('reading hunks by their counts', () => {
  it('reads a clean hunk literally and is not repaired', () => {
    const r = read('@@ -1,3 +1,3 @@', [' a', '-b', '+B', ' c']) as HunkRead;
    expect(kinds(r)).toBe(' -+ ');
    expect(r.repaired).toBe(false);
    expect(r.lines.map((l) => [l.oldLine, l.newLine])).toEqual([[1, 1], [2, undefined], [undefined, 2], [3, 3]]);
  });

  it('treats empty lines as blank context (trailing space stripped by mailers) without calling it damage', () => {
    const r = read('@@ -1,3 +1,4 @@', [' a', '', '+b', ' c']) as HunkRead;
    expect(kinds(r)).toBe('  + ');
    expect(r.repaired).toBe(false);
  });

  it('reads a context line that lost its space and starts with ++ as context when the counts say so', () => {
    // old 3 / new 4: `++i;` must be context, else old would be 2
    const r = read('@@ -10,3 +10,4 @@', ['if (x)', '++i;', '+ y();', 'return i;']) as HunkRead;
    expect(kinds(r)).toBe('  + ');
    expect(r.lines[1].text).toBe('++i;');
    expect(r.repaired).toBe(true);
  });

  it('reads `- expr` continuation as context when the counts leave no other reading', () => {
    const r = read('@@ -1,4 +1,4 @@', ['x = a', '- b;', '- y();', '+ z();', 'done();']);
    expect(kinds(r)).toBe('  -+ ');
  });

  it('among readings that fit equally, takes the one with fewer change blocks', () => {
    // `- b;` or `- old();` could be the removed line; the counts fit both. One block wins.
    const r = read('@@ -1,4 +1,4 @@', ['x = a', '- b;', '- old();', '+ new();', 'done();']);
    expect(kinds(r)).toBe('  -+ ');
  });

  it('stops at the signature instead of eating it as a removed line', () => {
    const r = read('@@ -1,2 +1,3 @@', ['a', '++n;', '+ m();', '--', '2.39.5']) as HunkRead;
    expect(kinds(r)).toBe('  +');
    expect(r.next).toBe(3);
  });

  it('fails with a reason when the counts cannot be met', () => {
    const r = read('@@ -1,5 +1,5 @@', [' a', ' b']);
    expect(isHunkFailure(r)).toBe(true);
    if (isHunkFailure(r)) expect(r.reason).toMatch(/cannot be satisfied: the text ends after 2 lines/);
  });

  it('in a quote, refuses a reading that only fits by re-reading +/- lines at the very end (a cut quote)', () => {
    const body = ['a', 'b', '- c', '+ d', '+ e'];
    expect(isHunkFailure(read('@@ -1,4 +1,5 @@', body, true))).toBe(true);
    // the same lines in a posted mail are damage, read by the counts
    expect(kinds(read('@@ -1,4 +1,5 @@', body, false))).toBe('   + ');
  });

  it('does not run into the next hunk or file header', () => {
    const r = read('@@ -1,3 +1,3 @@', ['a', '@@ -9,1 +9,1 @@', 'b', 'c']);
    expect(isHunkFailure(r)).toBe(true);
  });

  it('skips "\\ No newline at end of file" markers', () => {
    const r = read('@@ -1,1 +1,1 @@', ['-a', '\\ No newline at end of file', '+b', '\\ No newline at end of file']);
    expect(kinds(r)).toBe('-+');
  });
});
