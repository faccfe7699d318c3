import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/explore/index.js';
import { abba, fairSpin, retryLoop, spinUnderLock } from './programs.js';

const opts = { maxStates: 100_000, maxMillis: 20_000 };

describe('stalls', () => {
  it('finds the ABBA deadlock with its wait-for cycle', () => {
    const r = runScenario(abba(), opts);
    const v = r.verdicts[0].verdict;
    expect(v.kind).toBe('deadlock');
    if (v.kind !== 'deadlock') return;
    expect(v.cycle.map((e) => [e.thread, e.waitsFor, e.heldBy, e.how])).toEqual([
      ['t1', 'lock B', 't2', 'blocked'],
      ['t2', 'lock A', 't1', 'blocked'],
    ]);
    expect(r.verdicts[0].trace?.steps.map((s) => `${s.thread}:${s.event}`)).toEqual(['t1:LOCK(A, W)', 't2:LOCK(B, W)']);
  });

  it('reports a lock-ordered program clean', () => {
    const r = runScenario(abba(true), opts);
    expect(r.verdicts.map((v) => v.verdict.kind)).toEqual(['ok']);
    expect(r.stats.complete).toBe(true);
  });

  it('finds a thread spinning under a spinlock the other thread needs as a livelock', () => {
    const r = runScenario(spinUnderLock(), opts);
    const v = r.verdicts[0].verdict;
    expect(v.kind).toBe('livelock');
    if (v.kind !== 'livelock') return;
    expect(v.cycle.map((e) => `${e.thread} ${e.how} on ${e.waitsFor} held by ${e.heldBy}`)).toEqual([
      'waiter spinning on page lock of p held by holder',
      'holder blocked on lock PTL held by waiter',
    ]);
    expect(v.cycle[0].loc).toMatchObject({ file: 'waiter.c', line: 2 });
  });

  it('gives no false livelock for a waiter that another thread releases (weak fairness)', () => {
    const r = runScenario(fairSpin(), opts);
    expect(r.verdicts.map((v) => v.verdict.kind)).toEqual(['ok']);
  });

  it('sees a retry loop of two reads (xa_load + failed try-get) as spinning', () => {
    const r = runScenario(retryLoop(false), opts);
    const v = r.verdicts[0].verdict;
    expect(v.kind).toBe('livelock');
    if (v.kind !== 'livelock') return;
    expect(v.cycle.map((e) => `${e.thread} ${e.how} on ${e.waitsFor} held by ${e.heldBy}`)).toEqual([
      'collapse blocked on lock PTL held by lookup',
      'lookup spinning on frozen refcount of p held by collapse',
    ]);
  });

  it('keeps the same retry loop clean when the freezer never needs the PTL afterwards', () => {
    expect(runScenario(retryLoop(true), opts).verdicts.map((v) => v.verdict.kind)).toEqual(['ok']);
  });

  it('finds the same stall in DFS mode', () => {
    expect(runScenario(abba(), { ...opts, mode: 'dfs' }).verdicts[0].verdict.kind).toBe('deadlock');
    expect(runScenario(abba(true), { ...opts, mode: 'dfs' }).verdicts[0].verdict.kind).toBe('ok');
  });

  it('can be told not to report stalls', () => {
    const input = abba();
    input.scenario.checkStalls = false;
    expect(runScenario(input, opts).verdicts[0].verdict.kind).toBe('ok');
  });
});
