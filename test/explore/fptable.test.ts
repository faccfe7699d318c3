import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FingerprintTable } from '../../src/explore/fptable.js';
import { hashWords } from '../../src/explore/hash.js';

describe('fingerprint table', () => {
  it('answers like a Set of 64-bit fingerprints, across growth', () => {
    const pair = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }));
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 3000 }), (pairs) => {
        const table = new FingerprintTable(16);
        const set = new Set<string>();
        for (const [a, b] of pairs) {
          // the table forces the low bit of the second word; the reference set does the same
          const key = `${a}:${(b | 1) >>> 0}`;
          expect(table.insert(a, b)).toBe(!set.has(key));
          set.add(key);
        }
        expect(table.size).toBe(set.size);
        for (const [a, b] of pairs) expect(table.has(a, b)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('hashes states that differ in one byte apart', () => {
    const a = new Uint8Array(64);
    const b = new Uint8Array(64);
    b[37] = 1;
    const ha = { h1: 0, h2: 0 };
    const hb = { h1: 0, h2: 0 };
    hashWords(new Int32Array(a.buffer), ha);
    hashWords(new Int32Array(b.buffer), hb);
    expect([ha.h1, ha.h2]).not.toEqual([hb.h1, hb.h2]);
  });
});
