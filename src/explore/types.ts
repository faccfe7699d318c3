/**
 * Results of exploring a scenario: verdicts, counterexample traces, figures.
 * Produced by src/explore, consumed by src/engine and (through Finding) src/report.
 */
import type { Loc } from '../model/ir.js';

export interface TraceStep {
  /** 1-based step number in the whole interleaving. */
  n: number;
  thread: string;
  /** Kernel-visible operation, e.g. "spin_lock(ptl)  [LOCK PTL(table X)]". */
  text: string;
  /** The kernel API called and the model event, kept apart for reporters. */
  api: string;
  event: string;
  loc: Loc;
  /** Nondeterministic choices taken inside this step (unknown conditions), as "file:line=true". */
  choices?: string[];
}

/** Who waits for what, held by whom: one edge of a wait-for cycle. */
export interface WaitEdge {
  thread: string;
  /** 'lock PTL(table X)' or 'frozen refcount of page 0' */
  waitsFor: string;
  heldBy: string;
  /** blocked: sleeping/spinning on a lock; spinning: a retry loop that changes nothing shared. */
  how: 'blocked' | 'spinning';
  loc: Loc;
}

export type Verdict =
  | { kind: 'ok' }
  | { kind: 'violation'; property: string; message: string }
  | { kind: 'deadlock'; cycle: WaitEdge[] }
  | { kind: 'livelock'; cycle: WaitEdge[] }
  | { kind: 'inconclusive'; reason: string };

export interface Trace {
  steps: TraceStep[];
  /** Model state that matters at the failing step, as "name = value" lines. */
  state: string[];
  /** `mmreview replay <replay>` reprints this trace. Encodes scenario id, program digest and choices. */
  replay: string;
  /** The schedule alone (src/explore/schedule.ts), for the engine to assemble its own replay string. */
  schedule?: string;
}

export interface ExploreStats {
  states: number;
  transitions: number;
  /** Deepest BFS level reached. */
  depth: number;
  /** Bytes of the visited-state table per stored state. */
  bytesPerState: number;
  /** False when a bound ended the search. */
  complete?: boolean;
  /** Peak bytes of the BFS frontier / DFS stack (transient, not counted in bytesPerState). */
  frontierPeakBytes?: number;
  /** Steps cut by a bound (local loop budget, too many unknown conditions in one step). */
  cutSteps?: number;
}

export interface ExploreResult {
  scenario: string;
  verdicts: { verdict: Verdict; trace?: Trace }[];
  stats: ExploreStats;
  /** Unmodelled calls and conditions met while exploring (sorted, deduplicated). */
  unmodelled: string[];
}
