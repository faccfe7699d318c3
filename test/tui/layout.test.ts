import { describe, expect, it } from 'vitest';
import { expandTabs, gridLine, hunkRows, timelineGrid, truncate, wrap } from '../../src/tui/layout.js';
import { deadlockTrace, regression } from './fixtures.js';

describe('tui layout', () => {
  it('expands tabs to stops of 8 and truncates with an ellipsis', () => {
    expect(expandTabs('\tab\tc')).toBe('        ab      c');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });

  it('wraps at blanks in the second half, else hard', () => {
    expect(wrap('spin_lock(ptl)  [LOCK PTL]', 16)).toEqual(['spin_lock(ptl)', '[LOCK PTL]']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('shows marked hunk lines with two lines of context and elides the rest', () => {
    const rows = hunkRows(regression.hunk!, false);
    expect(rows.map((r) => (r.index < 0 ? r.text : `${r.index}${r.marked ? '*' : ''}`))).toEqual(['⋮ 4 line(s)', '4', '5', '6*', '7', '8', '⋮ 1 line(s)']);
    expect(rows.find((r) => r.marked)).toMatchObject({ marker: '+', text: '        spin_lock(ptl);' });
    expect(hunkRows(regression.hunk!, true)).toHaveLength(regression.hunk!.lines.length);
  });

  it('puts each step in its thread column, threads in order of first appearance', () => {
    const grid = timelineGrid(deadlockTrace, 100, false);
    expect(grid.threads).toEqual(['collapse', 'fault']);
    expect(grid.rows.map((r) => [r.n, r.column])).toEqual([[1, 0], [2, 1], [3, 0], [4, 1]]);
    const line = gridLine(grid, '2', (c) => (c === 1 ? 'X' : ''));
    expect(line.indexOf('X')).toBeGreaterThan(line.indexOf('│', line.indexOf('│') + 1));
  });

  it('adds source locations and choices under each step in details mode, and fits the width', () => {
    const grid = timelineGrid(deadlockTrace, 64, true);
    const fault = grid.rows.filter((r) => r.column === 1).map((r) => r.text);
    expect(fault).toContain('mm/memory.c:120 do_fault()');
    expect(fault).toContain('choice mm/memory.c:118=true');
    expect(timelineGrid(deadlockTrace, 50, true).rows.map((r) => r.text)).toContain('[LOCK PTL(table A)]');
    for (const r of grid.rows) expect(gridLine(grid, String(r.n ?? ''), (c) => (c === r.column ? r.text : '')).length).toBeLessThanOrEqual(64);
  });
});
