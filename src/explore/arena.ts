/**
 * An arena of fixed-size states (a BFS level or the DFS stack): one Int32Array that grows by
 * doubling; states are copied in and out as 32-bit words, with no per-state allocation.
 */
export class StateArena {
  private words: Int32Array;
  private readonly w: number;
  count = 0;

  constructor(stateBytes: number, initialStates = 1024) {
    this.w = stateBytes >> 2;
    this.words = new Int32Array(Math.max(1, this.w * initialStates));
  }

  get bytes(): number {
    return this.words.byteLength;
  }

  push(state: Int32Array): void {
    const at = this.count * this.w;
    if (at + this.w > this.words.length) {
      const bigger = new Int32Array(Math.max(this.words.length * 2, at + this.w));
      bigger.set(this.words);
      this.words = bigger;
    }
    this.words.set(state, at);
    this.count++;
  }

  read(k: number, dst: Int32Array): void {
    const at = k * this.w;
    const src = this.words;
    for (let i = 0, n = this.w; i < n; i++) dst[i] = src[at + i];
  }

  pop(dst: Int32Array): void {
    this.read(--this.count, dst);
  }

  /** Forgets the states (the memory is kept for the next level). */
  clear(): void {
    this.count = 0;
  }
}
