import { describe, expect, it } from 'vitest';
import { actionOf, initialState, listWindow, reduce } from '../../src/tui/state.js';

describe('review keys', () => {
  it('maps j/k, arrows, g/G, enter and q to actions', () => {
    expect(actionOf('j', {})).toBe('down');
    expect(actionOf('', { downArrow: true })).toBe('down');
    expect(actionOf('k', {})).toBe('up');
    expect(actionOf('', { upArrow: true })).toBe('up');
    expect(actionOf('', { return: true })).toBe('toggle');
    expect(actionOf('q', {})).toBe('quit');
    expect(actionOf('g', {})).toBe('first');
    expect(actionOf('G', {})).toBe('last');
    expect(actionOf('x', {})).toBeUndefined();
  });

  it('moves within bounds and marks the item left as finished', () => {
    let s = initialState();
    s = reduce(s, 'up', 3);
    expect(s.selected).toBe(0);
    expect(s.finished.size).toBe(0);
    s = reduce(reduce(s, 'down', 3), 'down', 3);
    expect(s.selected).toBe(2);
    expect([...s.finished].sort()).toEqual([0, 1]);
    expect(reduce(s, 'down', 3)).toBe(s);
    s = reduce(s, 'first', 3);
    expect(s.selected).toBe(0);
    expect([...s.finished].sort()).toEqual([0, 1, 2]);
    expect(reduce(s, 'last', 3).selected).toBe(2);
  });

  it('toggles details, keeps them while moving, and quits', () => {
    const s = reduce(initialState(), 'toggle', 2);
    expect(s.expanded).toBe(true);
    expect(reduce(s, 'down', 2).expanded).toBe(true);
    expect(reduce(s, 'toggle', 2).expanded).toBe(false);
    expect(reduce(initialState(), 'toggle', 0).expanded).toBe(false);
    expect(reduce(s, 'quit', 2).quit).toBe(true);
  });

  it('keeps the selection inside the list window', () => {
    expect(listWindow(0, 3, 8)).toEqual([0, 3]);
    expect(listWindow(0, 20, 5)).toEqual([0, 5]);
    expect(listWindow(10, 20, 5)).toEqual([8, 13]);
    expect(listWindow(19, 20, 5)).toEqual([15, 20]);
  });
});
