/**
 * Schedules and replay strings. A schedule is the sequence of moves from the initial state; a move
 * is (thread, choice), where choice holds the bits taken by unknown conditions in that step.
 * Encoding: each move as the number thread + 64 × choice, written as a base-128 varint, the bytes
 * in base64url (no padding). Deterministic and URL-safe; a replay string is
 * `mmr1.<scenarioId>.<programKey>.<schedule>` (the program key has no dots).
 */
export interface Move {
  thread: number;
  choice: number;
}

export const MOVE_THREAD_BITS = 6;

export function moveCode(m: Move): number {
  return m.thread | (m.choice << MOVE_THREAD_BITS);
}

export function moveOf(code: number): Move {
  return { thread: code & ((1 << MOVE_THREAD_BITS) - 1), choice: code >>> MOVE_THREAD_BITS };
}

export function encodeSchedule(moves: Move[]): string {
  const bytes: number[] = [];
  for (const m of moves) {
    let v = moveCode(m);
    while (v >= 128) {
      bytes.push((v & 127) | 128);
      v >>>= 7;
    }
    bytes.push(v);
  }
  return Buffer.from(bytes).toString('base64url');
}

export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

export function decodeSchedule(text: string): Move[] {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ScheduleError(`schedule '${text}' is not base64url`);
  const bytes = Buffer.from(text, 'base64url');
  const moves: Move[] = [];
  let v = 0;
  let shift = 0;
  for (const b of bytes) {
    v |= (b & 127) << shift;
    if (b & 128) {
      shift += 7;
      if (shift > 28) throw new ScheduleError('schedule has an over-long move');
      continue;
    }
    moves.push(moveOf(v));
    v = 0;
    shift = 0;
  }
  if (shift !== 0) throw new ScheduleError('schedule ends inside a move');
  return moves;
}

const PREFIX = 'mmr1';

export function makeReplayString(scenarioId: string, programKey: string, schedule: string): string {
  if (programKey.includes('.') || programKey === '') throw new ScheduleError(`program key '${programKey}' must be non-empty, without dots`);
  return `${PREFIX}.${scenarioId}.${programKey}.${schedule}`;
}

export interface ReplayParts {
  scenarioId: string;
  programKey: string;
  schedule: string;
}

export function parseReplayString(text: string): ReplayParts {
  const parts = text.trim().split('.');
  if (parts.length < 4 || parts[0] !== PREFIX)
    throw new ScheduleError(`'${text}' is not a replay string (expected ${PREFIX}.<scenario>.<program>.<schedule>)`);
  const schedule = parts[parts.length - 1];
  const programKey = parts[parts.length - 2];
  const scenarioId = parts.slice(1, -2).join('.');
  if (!scenarioId || !programKey) throw new ScheduleError(`'${text}' lacks a scenario or program key`);
  decodeSchedule(schedule);
  return { scenarioId, programKey, schedule };
}
