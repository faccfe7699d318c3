/**
 * The compiled transition system: what src/model hands to src/explore.
 *
 * A state is a flat canonical Uint8Array: the world cells first (locks, pages, slots, PTEs, TLBs,
 * notifier/secondary-MMU cells, VMAs, observations), then one area per thread (pc + locals + per-thread
 * kernel context). The explorer never interprets bytes; it asks the system to step a thread.
 */
import type { Loc } from './ir.js';

/** Result codes of TransitionSystem.step. */
export const STEP_OK = 0; // successor written to `out`
export const STEP_BLOCKED = 1; // a blocking effect's guard is false (lock held, ...)
export const STEP_SPIN = 2; // the step would not change the state: "blocked until that changes"
export const STEP_DONE = 3; // the thread has finished
export const STEP_CUT = 4; // a bound cut this path (too many choices, local-step budget)

/** What a thread waits for, recorded by the step that failed or spun. */
export const W_NONE = 0;
export const W_LOCK = 1; // lock object (obj = lock id)
export const W_PAGE_LOCK = 2; // page lock (obj = page id)
export const W_FROZEN = 3; // frozen refcount (obj = page id)
export const W_FREED = 4; // freed page (obj = page id)
export const W_SLOT = 5; // page-cache slot content (obj = index)
export const W_VMA = 6; // vma lock (obj = vma id)
export const W_RCU = 7; // RCU readers / GUP-fast
export const W_COND = 8; // some other condition

export interface TraceEvent {
  api: string;
  event: string;
  loc: Loc;
  choices: string[];
}

/** Scratch context of one step; reused by the explorer (no per-step allocation). */
export interface StepCtx {
  /** Choice bits for `any` conditions (bit k = k-th unknown condition met in this step). */
  choice: number;
  bitsUsed: number;
  waitKind: number;
  waitObj: number;
  waitLoc: Loc | null;
  /** Set when the step wrote a world cell (the explorer compares world bytes only then). */
  wroteWorld: boolean;
  /** When non-null, visible steps append a description here (replay only). */
  rec: TraceEvent[] | null;
  /** Choices taken in the current step, only filled when rec is non-null. */
  recChoices: string[];
  /** Event text set by multi-step effects (rmap walk) when recording; '' otherwise. */
  evText: string;
}

export function newStepCtx(): StepCtx {
  return {
    choice: 0,
    bitsUsed: 0,
    waitKind: W_NONE,
    waitObj: 0,
    waitLoc: null,
    wroteWorld: false,
    rec: null,
    recChoices: [],
    evText: '',
  };
}

export interface CompiledProperty {
  id: string;
  kind: 'never' | 'always' | 'eventually' | 'at-end';
  message: string;
  /** Value of the property's expression in state s. */
  value(s: Uint8Array): number;
  /** For 'eventually': the state byte that remembers the expression has held on this path. */
  seenCell: number;
}

export interface WaitInfo {
  waitsFor: string;
  /** Thread indexes holding what is waited for (may be empty: nobody / initial state). */
  heldBy: number[];
  heldByText: string;
  loc: Loc;
}

export interface TransitionSystem {
  scenarioId: string;
  stateSize: number;
  /** World cells are bytes [0, worldSize). */
  worldSize: number;
  threadNames: string[];
  initial: Uint8Array;
  /** Executes one step of thread `tid` from `s` into `out` (same length); returns a STEP_* code. */
  step(tid: number, s: Uint8Array, out: Uint8Array, cx: StepCtx): number;
  /** The same per thread: threadStep[tid](s, out, cx) === step(tid, s, out, cx). */
  threadStep: ((s: Uint8Array, out: Uint8Array, cx: StepCtx) => number)[];
  /**
   * Switches threadStep to faster, costlier-to-build step functions (same results); the explorer
   * calls it once a search grows past a few thousand states. Optional; idempotent.
   */
  upgrade?(): void;
  isDone(s: Uint8Array, tid: number): boolean;
  properties: CompiledProperty[];
  /** Describes the wait recorded in cx (after a BLOCKED/SPIN step or a failed read). */
  describeWait(s: Uint8Array, tid: number, cx: StepCtx): WaitInfo;
  /** "name = value" lines for the parts of the state that matter. */
  describeState(s: Uint8Array): string[];
  /** Where thread `tid` stands in state s. */
  threadLoc(s: Uint8Array, tid: number): Loc;
  /** Unmodelled calls, conditions and fields met while compiling (sorted). */
  unmodelled: string[];
  /**
   * Each thread's private bytes [off, off + len). A thread's step depends only on the world and its
   * own area, so (world, area) determines what the thread can do alone.
   */
  threadAreas: { off: number; len: number }[];
  /** Offset of each thread's pc (2 bytes, little endian; 0xffff = done). */
  pcOffsets: Int32Array;
  /**
   * Per thread, per pc: the state cell whose being non-zero means the thread's next step blocks
   * (a lock or page lock with constant operands), or -1. Lets the explorer skip such threads cheaply.
   */
  blockCells: Int32Array[];
  /** Report stalls (scenario.checkStalls, default true). */
  checkStalls: boolean;
}

/** Error in a scenario or program handed to the model (bad object name, unknown entry function). */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}
