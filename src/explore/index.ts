/**
 * Public entry points of the explorer: explore a compiled transition system, or compile and explore
 * a scenario. Verdicts come with traces rebuilt by replaying the path of moves to the bad state.
 */
import type { ExploreResult, Trace, Verdict } from './types.js';
import { search, type SearchOutcome } from './search.js';
import { encodeSchedule } from './schedule.js';
import { pathTo, replaySchedule } from './replay.js';
import { compileModel } from '../model/compile.js';
import type { ModelInput } from '../model/scenario.js';
import type { TransitionSystem } from '../model/system.js';

export interface ExploreOptions {
  mode?: 'bfs' | 'dfs';
  maxStates: number;
  maxMillis: number;
  /** Stop at the first verdict (default false: the first verdict of each property / stall kind). */
  stopAtFirst?: boolean;
  /** Program key written into replay strings (default 'p'). */
  programKey?: string;
  /**
   * Stop at the first verdict of this kind (a property, or a stall), for callers that only ask
   * whether it occurs: the answer is the same as a full run's, found sooner when it does occur.
   */
  stopOn?: StopOn;
}

/** A verdict kind to stop at (plain data: it crosses to worker threads). */
export type StopOn = { property: string } | { stall: 'deadlock' | 'livelock' | 'any' };

export function stopsOn(stop: StopOn, v: Verdict): boolean {
  if ('property' in stop) return v.kind === 'violation' && v.property === stop.property;
  if (v.kind !== 'deadlock' && v.kind !== 'livelock') return false;
  return stop.stall === 'any' || stop.stall === v.kind;
}

/** Bytes per stored state: the visited table as allocated, plus 4 (parent) + 2 (move) per state. */
export function bytesPerState(o: Pick<SearchOutcome, 'tableBytes' | 'states'>): number {
  return o.states ? Math.round(((o.tableBytes + 6 * o.states) / o.states) * 100) / 100 : 0;
}

export function explore(ts: TransitionSystem, opts: ExploreOptions): ExploreResult {
  const o = search(ts, {
    mode: opts.mode ?? 'bfs',
    maxStates: opts.maxStates,
    maxMillis: opts.maxMillis,
    stopAtFirst: opts.stopAtFirst ?? false,
    stopWhen: opts.stopOn && ((v) => stopsOn(opts.stopOn!, v)),
  });
  const verdicts: { verdict: Verdict; trace?: Trace }[] = o.found.map((f) => ({
    verdict: f.verdict,
    trace: replaySchedule(ts, encodeSchedule(pathTo(o.parents, o.moves, f.index)), opts.programKey),
  }));
  if (o.boundReason) verdicts.push({ verdict: { kind: 'inconclusive', reason: o.boundReason } });
  else if (verdicts.length === 0) verdicts.push({ verdict: { kind: 'ok' } });
  return {
    scenario: ts.scenarioId,
    verdicts,
    stats: {
      states: o.states,
      transitions: o.transitions,
      depth: o.depth,
      bytesPerState: bytesPerState(o),
      complete: o.complete,
      frontierPeakBytes: o.frontierPeakBytes,
      cutSteps: o.cutSteps,
    },
    unmodelled: ts.unmodelled,
  };
}

/** Compiles the scenario with its program and explores it (bounds from the scenario unless given). */
export function runScenario(input: ModelInput, opts: Partial<ExploreOptions> = {}): ExploreResult {
  const ts = compileModel(input);
  return explore(ts, {
    ...opts,
    maxStates: opts.maxStates ?? input.scenario.bounds.maxStates,
    maxMillis: opts.maxMillis ?? input.scenario.bounds.maxMillis,
  });
}

export { compileModel };
export { encodeSchedule, decodeSchedule, makeReplayString, parseReplayString } from './schedule.js';
export { replaySchedule } from './replay.js';
export { setReplayResolver, getReplayResolver, type ReplayResolver } from './registry.js';
