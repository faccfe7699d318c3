import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileModel } from '../../src/model/compile.js';
import { explore } from '../../src/explore/index.js';
import { replaySchedule } from '../../src/explore/replay.js';
import { decodeSchedule, encodeSchedule, makeReplayString, parseReplayString, ScheduleError } from '../../src/explore/schedule.js';
import { setReplayResolver } from '../../src/explore/registry.js';
import { replayCommand } from '../../src/cli/replay.js';
import { abba, unknownBranch } from './programs.js';

const opts = { maxStates: 100_000, maxMillis: 20_000 };

describe('schedules', () => {
  it('round-trips any schedule through its compact encoding', () => {
    const move = fc.record({ thread: fc.integer({ min: 0, max: 63 }), choice: fc.integer({ min: 0, max: 1023 }) });
    fc.assert(
      fc.property(fc.array(move, { maxLength: 200 }), (moves) => {
        const text = encodeSchedule(moves);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeSchedule(text)).toEqual(moves);
      }),
    );
  });

  it('makes and parses replay strings (scenario ids may contain dots)', () => {
    const s = makeReplayString('collapse.v5', 'patch:x#1', encodeSchedule([{ thread: 1, choice: 0 }]));
    expect(parseReplayString(s)).toEqual({ scenarioId: 'collapse.v5', programKey: 'patch:x#1', schedule: 'AQ' });
    expect(() => parseReplayString('mmr2.a.b.AQ')).toThrow(ScheduleError);
    expect(() => parseReplayString('mmr1.a.b.!!')).toThrow(ScheduleError);
    expect(() => makeReplayString('a', 'has.dot', '')).toThrow(ScheduleError);
  });
});

describe('replay', () => {
  it('rebuilds the identical trace from the schedule', () => {
    for (const input of [abba(), unknownBranch()]) {
      const ts = compileModel(input);
      const r = explore(ts, { ...opts, programKey: 'k1' });
      for (const v of r.verdicts) {
        const trace = v.trace!;
        expect(trace.replay).toBe(`mmr1.${input.scenario.id}.k1.${trace.schedule}`);
        const again = replaySchedule(ts, parseReplayString(trace.replay).schedule, 'k1');
        expect(JSON.stringify(again)).toBe(JSON.stringify(trace));
      }
    }
  });

  it('refuses a schedule that does not run', () => {
    const ts = compileModel(abba());
    // t1 takes A, t2 takes B, t1 cannot take B
    expect(() => replaySchedule(ts, [{ thread: 0, choice: 0 }, { thread: 1, choice: 0 }, { thread: 0, choice: 0 }])).toThrow(ScheduleError);
  });
});

describe('mmreview replay', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the trace step by step and exits 0', async () => {
    const input = abba();
    const trace = explore(compileModel(input), { ...opts, programKey: 'ref' }).verdicts[0].trace!;
    setReplayResolver(async (scenarioId, programKey) => (scenarioId === 'abba' && programKey === 'ref' ? input : undefined));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await replayCommand(trace.replay)).toBe(0);
    const text = out.mock.calls.map((c) => String(c[0])).join('');
    expect(text).toContain('  1. t1      t1.c:1  spin_lock  [LOCK(A, W)]');
    expect(text).toContain('  2. t2      t2.c:1  spin_lock  [LOCK(B, W)]');
    expect(text).toContain('A = held by t1');
  });

  it('exits 2 with a clear message for an unknown key or a malformed string', async () => {
    setReplayResolver(async () => undefined);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await replayCommand('mmr1.nosuch.ref.AA')).toBe(2);
    expect(await replayCommand('not-a-replay')).toBe(2);
    const text = err.mock.calls.map((c) => String(c[0])).join('');
    expect(text).toContain("unknown scenario 'nosuch' or program 'ref'");
    expect(text).toContain('is not a replay string');
  });
});
