/**
 * Two 32-bit hashes of a state, read as 32-bit words (states are padded to a multiple of 4 bytes):
 * each word is mixed with per-position keys (one multiply per word and hash) and the terms are summed,
 * so the loop has no long dependency chain; each sum gets a full-avalanche finaliser. Together they
 * make the 64-bit fingerprint stored in the visited table.
 */
export interface Hash2 {
  h1: number;
  h2: number;
}

/** Per-position keys (xorshift32 sequence): word i of a state is mixed with keys of position i. */
const KEYS = 4096;
const P1 = new Int32Array(KEYS);
const P2 = new Int32Array(KEYS);
{
  let x = 0x12345678;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x;
  };
  for (let i = 0; i < KEYS; i++) {
    P1[i] = next();
    P2[i] = next();
  }
}

export function hashWords(w: Int32Array, out: Hash2): void {
  let h1 = 0;
  let h2 = 0;
  const n = w.length < KEYS ? w.length : KEYS;
  for (let i = 0; i < n; i++) {
    // independent terms: no long dependency chain through the multiplies
    const k = w[i];
    let a = Math.imul(k ^ P1[i], 0x9e3779b1);
    a ^= a >>> 16;
    let b = Math.imul(k ^ P2[i], 0x85ebca6b);
    b ^= b >>> 13;
    h1 = (h1 + a) | 0;
    h2 = (h2 + b) | 0;
  }
  for (let i = KEYS; i < w.length; i++) {
    h1 = Math.imul(h1 ^ w[i], 0x9e3779b1);
    h2 = Math.imul(h2 + w[i], 0x85ebca6b);
  }
  // murmur3 finalisers: every input bit reaches every output bit
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 ^= h2 >>> 16;
  h2 = Math.imul(h2, 0x7feb352d);
  h2 ^= h2 >>> 15;
  h2 = Math.imul(h2, 0x846ca68b);
  h2 ^= h2 >>> 16;
  out.h1 = h1 >>> 0;
  out.h2 = h2 >>> 0;
}

/** Bytes rounded up to whole 32-bit words. */
export function paddedSize(n: number): number {
  return (n + 3) & ~3;
}
