/**
 * Stalls: states where no thread can change the shared state and not every thread is done.
 *
 * Weak fairness, and why correct code shows no false livelock: a thread whose step would leave the
 * state unchanged (a self-loop: a retry that observes nothing new) counts as blocked, not as "able to
 * move". A state is a stall only when *no* thread can change the world — the world being every cell
 * outside the threads' private areas — neither in one step nor by a run of its own thread-local steps
 * (a retry loop made of several reads, like xa_load + failed try-get, that comes back to where it
 * started). As long as some thread can change the world, the scheduler (weakly fair) will let it, so
 * a spinning waiter in correct code is eventually released and is never reported. When nothing can
 * change, the stall is a deadlock if every waiter waits on a lock or page lock, and a livelock if some
 * waiter is spinning; the wait-for edges say who waits on what and who holds it.
 */
import type { WaitEdge } from './types.js';
import { STEP_OK, newStepCtx, type StepCtx, type TransitionSystem } from '../model/system.js';

export const T_DONE = 0;
export const T_BLOCKED = 1;
export const T_SPIN = 2;
export const T_LOCAL = 3; // only thread-local successors so far
export const T_PROGRESS = 4;

/** Per-thread facts gathered while expanding one state (reused; no allocation per state). */
export interface ThreadFacts {
  status: Uint8Array;
  waitKind: Uint8Array;
  waitObj: Uint8Array;
  waitLoc: (StepCtx['waitLoc'])[];
}

export function newFacts(n: number): ThreadFacts {
  return { status: new Uint8Array(n), waitKind: new Uint8Array(n), waitObj: new Uint8Array(n), waitLoc: new Array(n).fill(null) };
}

export function saveWait(f: ThreadFacts, tid: number, cx: StepCtx): void {
  if (cx.waitKind === 0 && f.waitKind[tid] !== 0) return;
  f.waitKind[tid] = cx.waitKind;
  f.waitObj[tid] = cx.waitObj;
  f.waitLoc[tid] = cx.waitLoc;
}

export function worldEqual(a: Uint8Array, b: Uint8Array, worldSize: number): boolean {
  for (let i = 0; i < worldSize; i++) if (a[i] !== b[i]) return false;
  return true;
}

const CLOSURE_LIMIT = 2000;

/**
 * Runs thread `tid` alone from s (all its choices). True when it can change the world, finish, or
 * reach a state where it cannot step (that state is examined on its own when the search gets there).
 * False when it only cycles through thread-local states: it spins; f keeps the last wait it met.
 */
export function canProgressAlone(
  ts: TransitionSystem,
  s: Uint8Array,
  tid: number,
  f: ThreadFacts,
  memo?: ProgressMemo,
): boolean {
  const fast = walkDeterministic(ts, s, tid, f, memo);
  return fast === UNKNOWN ? searchAlone(ts, s, tid, f) : fast === 1;
}

const UNKNOWN = 2;
const WALK_LIMIT = 4096;
const MEMO_BITS = 16;
const CHAIN_KEEP = 256;

/**
 * Remembers (thread, world, thread area) triples known to reach progress alone: a thread's step
 * depends only on the world and its own area, so every state of a walk that ended in progress, in any
 * global state with the same world, is progress-capable too. Direct-mapped; a miss only costs a walk.
 */
export class ProgressMemo {
  private readonly keys = new Uint32Array(2 << MEMO_BITS);
  private readonly mask = (1 << MEMO_BITS) - 1;
  worldH1 = 0;
  worldH2 = 0;
  private view: Int32Array | null = null;
  readonly chain1 = new Uint32Array(CHAIN_KEEP);
  readonly chain2 = new Uint32Array(CHAIN_KEEP);

  /** Sets the world the next keys are taken in. */
  setWorld(s: Uint8Array, worldSize: number): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x12345678;
    const words = worldSize >> 2;
    if (!this.view || this.view.buffer !== s.buffer) this.view = new Int32Array(s.buffer, s.byteOffset, s.length >> 2);
    const w = this.view;
    for (let i = 0; i < words; i++) {
      h1 = Math.imul(h1 ^ w[i], 0x01000193);
      h2 = Math.imul(h2 + w[i], 0x5bd1e995) ^ (h2 >>> 13);
    }
    for (let i = words << 2; i < worldSize; i++) {
      h1 = Math.imul(h1 ^ s[i], 0x01000193);
      h2 = Math.imul(h2 + s[i], 0x5bd1e995) ^ (h2 >>> 13);
    }
    this.worldH1 = h1;
    this.worldH2 = h2;
  }

  key(x: Uint8Array, tid: number, off: number, len: number, k: number): void {
    let h1 = this.worldH1 ^ Math.imul(tid + 1, 0x9e3779b1);
    let h2 = this.worldH2 + tid;
    for (let i = off; i < off + len; i++) {
      h1 = Math.imul(h1 ^ x[i], 0x01000193);
      h2 = Math.imul(h2 + x[i], 0x5bd1e995) ^ (h2 >>> 13);
    }
    this.chain1[k] = h1 >>> 0;
    this.chain2[k] = (h2 | 1) >>> 0;
  }

  has(k: number): boolean {
    const i = (this.chain1[k] ^ (this.chain2[k] >>> 11)) & this.mask;
    return this.keys[2 * i] === this.chain1[k] && this.keys[2 * i + 1] === this.chain2[k];
  }

  /** Stores chain entries [0, n) as progress-capable. */
  storeChain(n: number): void {
    for (let k = 0; k < n && k < CHAIN_KEEP; k++) {
      const i = (this.chain1[k] ^ (this.chain2[k] >>> 11)) & this.mask;
      this.keys[2 * i] = this.chain1[k];
      this.keys[2 * i + 1] = this.chain2[k];
    }
  }
}

/** Scratch buffers of the deterministic walk, reused across calls of the same state size. */
let scratch: { a: Uint8Array; b: Uint8Array; mark: Uint8Array; cx: StepCtx } | null = null;

function buffers(n: number) {
  if (!scratch || scratch.a.length !== n)
    scratch = { a: new Uint8Array(n), b: new Uint8Array(n), mark: new Uint8Array(n), cx: newStepCtx() };
  return scratch;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Fast path for a thread without unknown conditions on its way: follow its only successor, with
 * Brent's cycle detection. 1 = progress or dead end, 0 = cycles, UNKNOWN = met a choice.
 */
function walkDeterministic(ts: TransitionSystem, s: Uint8Array, tid: number, f: ThreadFacts, memo?: ProgressMemo): number {
  const { a, b, mark, cx } = buffers(s.length);
  const area = ts.threadAreas[tid];
  let x = a;
  let y = b;
  x.set(s);
  mark.set(s);
  let n = 0;
  const known = (z: Uint8Array): boolean => {
    if (!memo || n >= CHAIN_KEEP) return false;
    memo.key(z, tid, area.off, area.len, n);
    if (memo.has(n)) return true;
    n++;
    return false;
  };
  const progress = (): number => {
    memo?.storeChain(n);
    return 1;
  };
  if (known(x)) return 1;
  for (let steps = 0, power = 1, lam = 0; steps < WALK_LIMIT; steps++) {
    cx.choice = 0;
    const r = ts.step(tid, x, y, cx);
    if (cx.bitsUsed > 0) return UNKNOWN;
    if (r !== STEP_OK) {
      saveWait(f, tid, cx);
      return progress();
    }
    if (ts.isDone(y, tid) || !worldEqual(y, s, ts.worldSize)) return progress();
    if (cx.waitKind) saveWait(f, tid, cx);
    if (sameBytes(y, mark)) return 0;
    if (known(y)) return progress();
    if (++lam === power) {
      mark.set(y);
      power *= 2;
      lam = 0;
    }
    [x, y] = [y, x];
  }
  return 1;
}

function searchAlone(ts: TransitionSystem, s: Uint8Array, tid: number, f: ThreadFacts): boolean {
  const cx = newStepCtx();
  const seen = new Set<string>([Buffer.from(s).toString('latin1')]);
  const stack: Uint8Array[] = [s.slice()];
  const out = new Uint8Array(s.length);
  while (stack.length) {
    const x = stack.pop()!;
    let moved = false;
    for (let c = 0, limit = 1; c < limit; c++) {
      cx.choice = c;
      const r = ts.step(tid, x, out, cx);
      if (c >>> cx.bitsUsed) continue;
      limit = Math.max(limit, 1 << cx.bitsUsed);
      if (r !== STEP_OK) {
        saveWait(f, tid, cx);
        continue;
      }
      moved = true;
      if (ts.isDone(out, tid) || !worldEqual(out, s, ts.worldSize)) return true;
      if (cx.waitKind) saveWait(f, tid, cx);
      const key = Buffer.from(out).toString('latin1');
      if (seen.has(key)) continue;
      if (seen.size >= CLOSURE_LIMIT) return true; // cannot tell: assume it can move (no false stall)
      seen.add(key);
      stack.push(out.slice());
    }
    if (!moved) return true; // a dead end: reported (if it is a stall) when that state is expanded
  }
  return false;
}

/** Wait-for edges of the stuck threads: the cycle through holders when there is one, else all. */
export function waitCycle(ts: TransitionSystem, s: Uint8Array, f: ThreadFacts): WaitEdge[] {
  const n = ts.threadNames.length;
  const cx = newStepCtx();
  const edges: (WaitEdge | null)[] = [];
  const holders: number[][] = [];
  for (let t = 0; t < n; t++) {
    if (f.status[t] === T_DONE) {
      edges.push(null);
      holders.push([]);
      continue;
    }
    cx.waitKind = f.waitKind[t];
    cx.waitObj = f.waitObj[t];
    cx.waitLoc = f.waitLoc[t];
    const w = ts.describeWait(s, t, cx);
    const how = f.status[t] === T_BLOCKED ? 'blocked' : 'spinning';
    edges.push({ thread: ts.threadNames[t], waitsFor: w.waitsFor, heldBy: w.heldByText, how, loc: w.loc });
    holders.push(w.heldBy);
  }
  for (let start = 0; start < n; start++) {
    if (!edges[start]) continue;
    const path: number[] = [];
    let cur = start;
    while (edges[cur] && !path.includes(cur)) {
      path.push(cur);
      const next = holders[cur].find((h) => edges[h]);
      if (next === undefined) break;
      cur = next;
    }
    const at = path.indexOf(cur);
    if (edges[cur] && at >= 0 && path.length - at >= 1 && holders[path[path.length - 1]].includes(cur)) {
      const cyc = path.slice(at);
      const first = cyc.indexOf(Math.min(...cyc));
      return [...cyc.slice(first), ...cyc.slice(0, first)].map((t) => edges[t]!);
    }
  }
  return edges.filter((e): e is WaitEdge => e !== null);
}
