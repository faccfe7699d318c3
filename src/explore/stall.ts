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
export function canProgressAlone(ts: TransitionSystem, s: Uint8Array, tid: number, f: ThreadFacts): boolean {
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
