/**
 * Two 32-bit hashes of a state, read as 32-bit words (states are padded to a multiple of 4 bytes):
 * two multiply-xorshift chains with different constants (one multiply per word each), each closed by
 * a full-avalanche finaliser. Together they make the 64-bit fingerprint stored in the visited table.
 */
export interface Hash2 {
  h1: number;
  h2: number;
}

export function hashWords(w: Int32Array, out: Hash2): void {
  let h1 = 0x9747b28c;
  let h2 = 0x2545f491;
  for (let i = 0; i < w.length; i++) {
    const k = w[i];
    h1 = Math.imul(h1 ^ k, 0x9e3779b1);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 + k, 0x85ebca6b);
    h2 ^= h2 >>> 13;
  }
  // murmur3 finalisers: every input bit reaches every output bit
  h1 ^= w.length;
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
