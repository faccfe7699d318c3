/**
 * The state-space search. BFS keeps the frontier as an arena of state bytes, one level at a time
 * (dropped when the level is done), so the first counterexample found is a shortest one; DFS keeps a
 * stack arena instead (low memory, traces not shortest). Both store, per state, only its fingerprint
 * (visited table), its parent index and the move that reached it; traces are rebuilt by replay.
 */
import { FingerprintTable } from './fptable.js';
import { hashWords, paddedSize, type Hash2 } from './hash.js';
import { StateArena } from './arena.js';
import {
  T_BLOCKED,
  T_DONE,
  T_LOCAL,
  T_PROGRESS,
  T_SPIN,
  canProgressAlone,
  newFacts,
  ProgressMemo,
  saveWait,
  waitCycle,
  type ThreadFacts,
} from './stall.js';
import type { Verdict } from './types.js';
import { STEP_CUT, STEP_DONE, STEP_OK, STEP_SPIN, newStepCtx, type TransitionSystem } from '../model/system.js';

/** States after which the transition system is asked for its faster step functions. */
const UPGRADE_AT = 20_000;

export interface SearchOptions {
  mode: 'bfs' | 'dfs';
  maxStates: number;
  maxMillis: number;
  stopAtFirst: boolean;
  /** Stop once a verdict this accepts is found (the others found before it are kept). */
  stopWhen?: (v: Verdict) => boolean;
}

export interface Found {
  verdict: Verdict;
  index: number;
}

export interface SearchOutcome {
  found: Found[];
  states: number;
  transitions: number;
  depth: number;
  complete: boolean;
  boundReason: string;
  tableBytes: number;
  frontierPeakBytes: number;
  parents: Uint32Array;
  moves: Uint16Array;
  cutSteps: number;
}

class Growable {
  parents = new Uint32Array(1 << 16);
  moves = new Uint16Array(1 << 16);
  set(i: number, parent: number, move: number): void {
    if (i >= this.parents.length) {
      const p = new Uint32Array(this.parents.length * 2);
      p.set(this.parents);
      this.parents = p;
      const m = new Uint16Array(this.moves.length * 2);
      m.set(this.moves);
      this.moves = m;
    }
    this.parents[i] = parent;
    this.moves[i] = move;
  }
}

export function search(ts: TransitionSystem, opts: SearchOptions): SearchOutcome {
  return new Search(ts, opts).run();
}

class Search {
  readonly S: number;
  readonly table = new FingerprintTable(1 << 8);
  readonly links = new Growable();
  readonly cx = newStepCtx();
  readonly out: Uint8Array;
  readonly outW: Int32Array;
  readonly cur: Uint8Array;
  readonly curW: Int32Array;
  readonly h: Hash2 = { h1: 0, h2: 0 };
  readonly facts: ThreadFacts;
  readonly nThreads: number;
  readonly found: Found[] = [];
  readonly kinds = new Set<string>();
  readonly memo = new ProgressMemo();
  /** Properties checked on every state (never / always). */
  readonly stateProps: TransitionSystem['properties'];
  count = 0;
  transitions = 0;
  depth = 0;
  cutSteps = 0;
  stop = false;
  boundReason = '';
  frontier: StateArena;
  frontierPeak = 0;
  deadline: number;

  constructor(
    readonly ts: TransitionSystem,
    readonly opts: SearchOptions,
  ) {
    this.S = paddedSize(ts.stateSize);
    this.out = new Uint8Array(this.S);
    this.outW = new Int32Array(this.out.buffer);
    this.cur = new Uint8Array(this.S);
    this.curW = new Int32Array(this.cur.buffer);
    this.nThreads = ts.threadNames.length;
    this.stateProps = ts.properties.filter((p) => p.kind === 'never' || p.kind === 'always');
    this.facts = newFacts(this.nThreads);
    this.frontier = new StateArena(this.S);
    this.deadline = Date.now() + opts.maxMillis;
  }

  run(): SearchOutcome {
    this.out.fill(0);
    this.out.set(this.ts.initial);
    this.admit(0, 0, true);
    if (this.opts.mode === 'bfs') this.bfs();
    else this.dfs();
    return {
      found: this.found,
      states: this.count,
      transitions: this.transitions,
      depth: this.depth,
      complete: !this.boundReason && !this.stop,
      boundReason: this.boundReason,
      tableBytes: this.table.bytes,
      frontierPeakBytes: this.frontierPeak,
      parents: this.links.parents,
      moves: this.links.moves,
      cutSteps: this.cutSteps,
    };
  }

  private bfs(): void {
    let levelStart = 0;
    let next = new StateArena(this.S);
    while (this.frontier.count > 0 && !this.stop) {
      const level = this.frontier;
      for (let k = 0; k < level.count && !this.stop; k++) {
        level.read(k, this.curW);
        this.expand(levelStart + k, next);
        if (this.boundDue() && this.overBounds()) break;
      }
      if (this.boundReason) break;
      levelStart += level.count;
      this.frontierPeak = Math.max(this.frontierPeak, level.bytes + next.bytes);
      level.clear();
      this.frontier = next;
      next = level;
      if (this.frontier.count > 0) this.depth++;
    }
  }

  private dfs(): void {
    const indexes: number[] = [0];
    while (this.frontier.count > 0 && !this.stop) {
      const idx = indexes.pop()!;
      this.frontier.pop(this.curW);
      const before = this.frontier.count;
      this.expand(idx, this.frontier);
      for (let i = before; i < this.frontier.count; i++) indexes.push(this.count - (this.frontier.count - i));
      this.depth = Math.max(this.depth, indexes.length);
      this.frontierPeak = Math.max(this.frontierPeak, this.frontier.bytes);
      if (this.boundDue() && this.overBounds()) break;
    }
  }

  /** Bounds are checked on every expansion for states and every 256 expansions for time, across levels. */
  private expansions = 0;
  private boundDue(): boolean {
    return this.count >= this.opts.maxStates || (++this.expansions & 255) === 0;
  }

  private overBounds(): boolean {
    if (this.count >= this.opts.maxStates)
      this.boundReason = `state bound reached: ${this.count} states, depth ${this.depth}, ${this.transitions} transitions`;
    else if (Date.now() > this.deadline)
      this.boundReason = `time bound reached (${this.opts.maxMillis} ms): ${this.count} states, depth ${this.depth}`;
    return this.boundReason !== '';
  }

  /** this.out holds a successor: insert it when new, check the state properties on it. */
  private admit(parent: number, move: number, initial = false): void {
    hashWords(this.outW, this.h);
    if (!this.table.insert(this.h.h1, this.h.h2)) return;
    const idx = this.count++;
    if (idx === UPGRADE_AT) this.ts.upgrade?.();
    if (!initial) this.links.set(idx, parent, move);
    else this.links.set(idx, 0, 0xffff);
    this.pushNew();
    for (const p of this.stateProps) {
      const v = p.value(this.out);
      if (p.kind === 'never' ? v !== 0 : v === 0) this.report({ kind: 'violation', property: p.id, message: p.message }, idx, p.id);
    }
  }

  private target: StateArena | null = null;
  private pushNew(): void {
    (this.target ?? this.frontier).push(this.outW);
  }

  private report(verdict: Verdict, index: number, key: string): void {
    if (this.kinds.has(key)) return;
    this.kinds.add(key);
    this.found.push({ verdict, index });
    if (this.opts.stopAtFirst || this.opts.stopWhen?.(verdict)) this.stop = true;
  }

  private expand(idx: number, into: StateArena): void {
    this.target = into;
    const { ts, cx, facts, cur, out } = this;
    let progress = !ts.checkStalls;
    let allDone = true;
    const pcOff = ts.pcOffsets;
    const blockCells = ts.blockCells;
    for (let tid = 0; tid < this.nThreads; tid++) {
      const po = pcOff[tid];
      const pc = cur[po] | (cur[po + 1] << 8);
      if (pc === 0xffff) {
        facts.status[tid] = T_DONE;
        continue;
      }
      facts.status[tid] = T_BLOCKED;
      const bc = blockCells[tid][pc];
      if (bc >= 0 && cur[bc] !== 0) {
        allDone = false;
        continue;
      }
      const step = ts.threadStep[tid];
      for (let c = 0, limit = 1; c < limit; c++) {
        cx.choice = c;
        const r = step(cur, out, cx);
        if (r === STEP_DONE) {
          facts.status[tid] = T_DONE;
          break;
        }
        allDone = false;
        if (c >>> cx.bitsUsed) continue;
        if (cx.bitsUsed) limit = Math.max(limit, 1 << cx.bitsUsed);
        if (r === STEP_OK) {
          this.transitions++;
          if (facts.status[tid] !== T_PROGRESS) {
            const changed = (cx.wroteWorld && !this.worldSame()) || ts.isDone(out, tid);
            facts.status[tid] = changed ? T_PROGRESS : T_LOCAL;
            if (changed) progress = true;
          }
          this.admit(idx, tid | (c << 6));
          if (this.stop) return;
        } else if (r === STEP_SPIN) {
          if (facts.status[tid] === T_BLOCKED) facts.status[tid] = T_SPIN;
        } else if (r === STEP_CUT) {
          this.cutSteps++;
          facts.status[tid] = T_PROGRESS;
          progress = true;
        }
      }
    }
    if (allDone) this.checkEnd(idx);
    else if (!progress) this.checkStall(idx);
  }

  /** World bytes of cur and out are equal (compared as words, then the tail bytes). */
  private worldSame(): boolean {
    const { curW, outW, cur, out } = this;
    const ws = this.ts.worldSize;
    const words = ws >> 2;
    for (let i = 0; i < words; i++) if (curW[i] !== outW[i]) return false;
    for (let i = words << 2; i < ws; i++) if (cur[i] !== out[i]) return false;
    return true;
  }

  /** The waits of threads found blocked or spinning in one step, recomputed for a stall report. */
  private recordWaits(): void {
    const { ts, cx, facts, cur, out } = this;
    for (let tid = 0; tid < this.nThreads; tid++) {
      if (facts.status[tid] !== T_BLOCKED && facts.status[tid] !== T_SPIN) continue;
      facts.waitKind[tid] = 0;
      for (let c = 0, limit = 1; c < limit; c++) {
        cx.choice = c;
        ts.threadStep[tid](cur, out, cx);
        if (c >>> cx.bitsUsed) continue;
        limit = Math.max(limit, 1 << cx.bitsUsed);
        saveWait(facts, tid, cx);
      }
    }
  }

  private checkEnd(idx: number): void {
    for (const p of this.ts.properties) {
      if (p.kind === 'at-end' && p.value(this.cur) === 0)
        this.report({ kind: 'violation', property: p.id, message: p.message }, idx, p.id);
      if (p.kind === 'eventually' && !this.cur[p.seenCell] && p.value(this.cur) === 0)
        this.report({ kind: 'violation', property: p.id, message: p.message }, idx, p.id);
    }
  }

  private checkStall(idx: number): void {
    const { ts, facts, cur } = this;
    const snapshot = cur;
    this.memo.setWorld(cur, ts.worldSize);
    for (let tid = 0; tid < this.nThreads; tid++) {
      if (facts.status[tid] !== T_LOCAL) continue;
      facts.waitKind[tid] = 0;
      if (canProgressAlone(ts, snapshot, tid, facts, this.memo)) return;
    }
    this.recordWaits();
    for (let tid = 0; tid < this.nThreads; tid++) if (facts.status[tid] === T_LOCAL) facts.status[tid] = T_SPIN;
    let spinning = false;
    for (let tid = 0; tid < this.nThreads; tid++) if (facts.status[tid] === T_SPIN) spinning = true;
    const cycle = waitCycle(ts, snapshot, facts);
    const kind = spinning ? 'livelock' : 'deadlock';
    this.report({ kind, cycle }, idx, kind);
  }
}
