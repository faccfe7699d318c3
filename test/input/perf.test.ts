/** Intake speed on the largest seed: well under 100 ms per read once warm (median of many reads). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPatchSet } from '../../src/input/index.js';
import { ROOT, SEEDS } from './helpers.js';

describe('intake speed', () => {
  it.skipIf(!existsSync(SEEDS))('reads seed 001 (the largest seed) in well under 100 ms after warm-up', async () => {
    const input = join(SEEDS, '001_b4639c94fadb0b62.txt');
    for (let i = 0; i < 3; i++) await readPatchSet([input], { cwd: ROOT });
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const start = performance.now();
      const set = await readPatchSet([input], { cwd: ROOT });
      times.push(performance.now() - start);
      expect(set.patches).toHaveLength(1);
    }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(50);
  });
});
