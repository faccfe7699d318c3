/**
 * Rebuilding traces: re-execute a schedule step by step from the initial state, recording the
 * kernel event of every visible step. The explorer keeps no states for this, only parent pointers
 * and moves, so a counterexample is its path of moves replayed.
 */
import type { Trace, TraceStep } from './types.js';
import { decodeSchedule, encodeSchedule, makeReplayString, moveOf, ScheduleError, type Move } from './schedule.js';
import { paddedSize } from './hash.js';
import { STEP_OK, newStepCtx, type TraceEvent, type TransitionSystem } from '../model/system.js';

export interface ReplayResult {
  trace: Trace;
  /** The state after the last step (padded). */
  final: Uint8Array;
}

function stepText(api: string, event: string): string {
  return api && api !== event ? `${api}  [${event}]` : event;
}

/** Replays `schedule` (encoded or as moves); throws ScheduleError when a move cannot run. */
export function replayDetailed(ts: TransitionSystem, schedule: string | Move[], programKey = 'p'): ReplayResult {
  const moves = typeof schedule === 'string' ? decodeSchedule(schedule) : schedule;
  const S = paddedSize(ts.stateSize);
  let s = new Uint8Array(S);
  s.set(ts.initial);
  let out = new Uint8Array(S);
  const cx = newStepCtx();
  const steps: TraceStep[] = [];
  moves.forEach((m, i) => {
    if (m.thread >= ts.threadNames.length) throw new ScheduleError(`move ${i + 1}: no thread ${m.thread}`);
    const rec: TraceEvent[] = [];
    cx.rec = rec;
    cx.recChoices.length = 0;
    cx.evText = '';
    cx.choice = m.choice;
    const before = ts.threadLoc(s, m.thread);
    const r = ts.step(m.thread, s, out, cx);
    if (r !== STEP_OK) throw new ScheduleError(`move ${i + 1}: thread ${ts.threadNames[m.thread]} cannot step here`);
    const ev = rec[0] ?? { api: 'return', event: 'DONE', loc: before, choices: cx.recChoices.slice() };
    const step: TraceStep = {
      n: i + 1,
      thread: ts.threadNames[m.thread],
      text: stepText(ev.api, ev.event),
      api: ev.api,
      event: ev.event,
      loc: ev.loc,
    };
    if (ev.choices.length) step.choices = ev.choices;
    steps.push(step);
    [s, out] = [out, s];
  });
  cx.rec = null;
  const encoded = typeof schedule === 'string' ? schedule : encodeSchedule(moves);
  const trace: Trace = {
    steps,
    state: ts.describeState(s),
    replay: makeReplayString(ts.scenarioId, programKey, encoded),
    schedule: encoded,
  };
  return { trace, final: s };
}

export function replaySchedule(ts: TransitionSystem, schedule: string | Move[], programKey = 'p'): Trace {
  return replayDetailed(ts, schedule, programKey).trace;
}

/** The moves from the initial state to state `index`, following parent pointers. */
export function pathTo(parents: Uint32Array, moves: Uint16Array, index: number): Move[] {
  const path: Move[] = [];
  for (let i = index; i !== 0; i = parents[i]) path.push(moveOf(moves[i]));
  return path.reverse();
}
