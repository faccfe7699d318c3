/**
 * Visited-state table: 64-bit fingerprints (two 32-bit hashes) in an open-addressing Uint32Array
 * with linear probing, sized to a power of two and doubled at 3/4 load. The second word is forced
 * odd so an empty slot (0, 0) never equals a stored fingerprint.
 */
const MAX_LOAD = 0.75;

export class FingerprintTable {
  private slots: Uint32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 16;
    while (cap < initialCapacity) cap <<= 1;
    this.slots = new Uint32Array(cap * 2);
    this.mask = cap - 1;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Inserts (h1, h2); true when it was not there. */
  insert(h1: number, h2: number): boolean {
    h1 >>>= 0;
    h2 = (h2 | 1) >>> 0;
    const slots = this.slots;
    const mask = this.mask;
    let i = (h1 ^ (h2 >>> 7)) & mask;
    for (;;) {
      const a = slots[2 * i];
      const b = slots[2 * i + 1];
      if (b === 0) break;
      if (a === h1 && b === h2) return false;
      i = (i + 1) & mask;
    }
    slots[2 * i] = h1;
    slots[2 * i + 1] = h2;
    if (++this.size > this.capacity * MAX_LOAD) this.grow();
    return true;
  }

  has(h1: number, h2: number): boolean {
    h1 >>>= 0;
    h2 = (h2 | 1) >>> 0;
    let i = (h1 ^ (h2 >>> 7)) & this.mask;
    for (;;) {
      const b = this.slots[2 * i + 1];
      if (b === 0) return false;
      if (this.slots[2 * i] === h1 && b === h2) return true;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const cap = this.capacity * 2;
    this.slots = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    for (let j = 0; j < old.length; j += 2) {
      const h2 = old[j + 1];
      if (h2 === 0) continue;
      const h1 = old[j];
      let i = (h1 ^ (h2 >>> 7)) & this.mask;
      while (this.slots[2 * i + 1] !== 0) i = (i + 1) & this.mask;
      this.slots[2 * i] = h1;
      this.slots[2 * i + 1] = h2;
    }
  }
}
