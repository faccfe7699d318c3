import { describe, expect, it } from 'vitest';
import { findCulprit } from '../../src/engine/culprit.js';
import type { HunkInfo } from '../../src/engine/sides.js';

const hunk = (ordinal: number, noop = false) => ({ ordinal, noop, file: 'mm/x.c' }) as unknown as HunkInfo;
const hunks = [hunk(0, true), hunk(1), hunk(2), hunk(3)];

describe('findCulprit', () => {
  it('takes the first hunk whose removal makes a regression disappear, skipping no-op hunks', async () => {
    const asked: number[] = [];
    const r = await findCulprit(hunks, 'regression', async (n) => (asked.push(n), n !== 2));
    expect(r.hunk?.ordinal).toBe(2);
    expect(asked).toEqual([1, 2]);
  });

  it('takes the first hunk whose removal brings a fixed problem back', async () => {
    const r = await findCulprit(hunks, 'fixed', async (n) => n === 3);
    expect(r.hunk?.ordinal).toBe(3);
  });

  it('falls back to the hunk that shows the regression alone when two hunks each cause it', async () => {
    const r = await findCulprit(hunks, 'regression', async () => true, async (n) => n === 3);
    expect(r.hunk?.ordinal).toBe(3);
    expect(r.tried).toBe(6);
  });

  it('gives up (no guess) when nothing tells, and needs no search for a single real hunk', async () => {
    expect((await findCulprit(hunks, 'regression', async () => undefined)).hunk).toBeUndefined();
    expect((await findCulprit([hunk(0, true), hunk(5)], 'regression', async () => undefined)).hunk?.ordinal).toBe(5);
  });
});
