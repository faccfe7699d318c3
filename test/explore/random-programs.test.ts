/**
 * Property-based check of the whole compile + search path on random small programs: the generated
 * step functions and the closure steppers give the same state space, and the explorer's count of
 * distinct states equals a plain string-keyed search over the same transition system.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FnBuilder, any, bin, c, lv, obj, program, q } from '../../src/model/builder.js';
import { compileModel } from '../../src/model/compile.js';
import { STEP_OK, newStepCtx, type TransitionSystem } from '../../src/model/system.js';
import { explore } from '../../src/explore/index.js';
import { replayDetailed } from '../../src/explore/replay.js';
import type { ModelInput } from '../../src/model/scenario.js';

type Op = {
  k: 'lock' | 'unlock' | 'plock' | 'punlock' | 'store' | 'load' | 'tryget' | 'put' | 'step' | 'inc' | 'skip' | 'spin' | 'retry' | 'freeze' | 'unfreeze';
  x: number;
};

const opArb: fc.Arbitrary<Op> = fc.record({
  k: fc.constantFrom('lock', 'unlock', 'plock', 'punlock', 'store', 'load', 'tryget', 'put', 'step', 'inc', 'skip', 'spin', 'retry', 'freeze', 'unfreeze'),
  x: fc.integer({ min: 0, max: 1 }),
});

function thread(name: string, ops: Op[]) {
  const b = new FnBuilder(name, [], ['v', 'n'], `${name}.c`);
  const locks = ['la', 'lb'];
  ops.forEach((op, i) => {
    b.label(`i${i}`);
    const page = obj(`p${op.x}`);
    switch (op.k) {
      case 'lock': return void b.eff('lock', [obj(locks[op.x]), c(0)], 'spin_lock');
      case 'unlock': return void b.eff('unlock', [obj(locks[op.x])], 'spin_unlock');
      case 'plock': return void b.eff('page_lock', [page], 'lock_page');
      case 'punlock': return void b.eff('page_unlock', [page], 'unlock_page');
      case 'store': return void b.eff('xa_store', [c(op.x), lv('v')], 'xas_store');
      case 'load': return void b.eff('xa_load', [c(op.x)], 'xas_load', 'v');
      case 'tryget': return void b.eff('ref_tryget', [page], 'folio_try_get', 'n');
      case 'put': return void b.eff('ref_put', [page, c(1)], 'folio_put');
      case 'step': return void b.step('step');
      case 'inc': return void b.set('n', bin('+', lv('n'), c(1)));
      // an unknown condition skips the next instruction
      case 'skip': return void b.br(any('?'), `i${i + 2}`, `i${i + 1}`);
      // wait while the page is locked (a local loop that changes nothing)
      case 'spin': return void b.br(q('page_locked', page), `i${i}`, `i${i + 1}`);
      // a lookup that retries while the try-get fails: two visible reads per pass
      case 'retry':
        b.eff('xa_load', [c(op.x)], 'xas_load', 'v').eff('ref_tryget', [lv('v')], 'folio_try_get', 'n');
        return void b.br(lv('n'), `i${i + 1}`, `i${i}`);
      case 'freeze': return void b.eff('ref_freeze', [page, c(op.x + 1)], 'page_ref_freeze', 'n');
      case 'unfreeze': return void b.eff('ref_unfreeze', [page, c(op.x + 1)], 'page_ref_unfreeze');
    }
  });
  b.label(`i${ops.length}`).eff('sleep', [], 'cond_resched').label(`i${ops.length + 1}`).ret();
  return b.build();
}

function input(a: Op[], b: Op[]): ModelInput {
  return {
    scenario: {
      id: 'random',
      title: 'random',
      objects: [
        { kind: 'lock', name: 'la', class: 'spin', label: 'A' },
        { kind: 'lock', name: 'lb', class: 'mutex', label: 'B' },
        { kind: 'mapping', name: 'm', label: 'm', slots: 2, shmem: true },
        { kind: 'page', name: 'p0', label: 'p0', ref: 1, index: 0 },
        { kind: 'page', name: 'p1', label: 'p1', ref: 2, index: 1 },
      ],
      threads: [
        { name: 't1', entry: 't1', args: {} },
        { name: 't2', entry: 't2', args: {} },
      ],
      assume: {},
      properties: [],
      bounds: { maxStates: 100_000, maxMillis: 20_000 },
    },
    program: program('random', thread('t1', a), thread('t2', b)),
  };
}

function plainCount(ts: TransitionSystem): number {
  const cx = newStepCtx();
  const seen = new Set([Buffer.from(ts.initial).toString('hex')]);
  const todo = [ts.initial.slice()];
  while (todo.length) {
    const s = todo.pop()!;
    for (let t = 0; t < ts.threadNames.length; t++)
      for (let ch = 0, limit = 1; ch < limit; ch++) {
        cx.choice = ch;
        const out = new Uint8Array(s.length);
        const r = ts.step(t, s, out, cx);
        if (ch >>> cx.bitsUsed) continue;
        limit = Math.max(limit, 1 << cx.bitsUsed);
        const key = Buffer.from(out).toString('hex');
        if (r === STEP_OK && !seen.has(key)) {
          seen.add(key);
          todo.push(out);
        }
      }
  }
  return seen.size;
}

function successors(ts: TransitionSystem, s: Uint8Array): Uint8Array[] {
  const cx = newStepCtx();
  const outs: Uint8Array[] = [];
  for (let t = 0; t < ts.threadNames.length; t++)
    for (let ch = 0, limit = 1; ch < limit; ch++) {
      cx.choice = ch;
      const out = new Uint8Array(s.length);
      const r = ts.step(t, s, out, cx);
      if (ch >>> cx.bitsUsed) continue;
      limit = Math.max(limit, 1 << cx.bitsUsed);
      if (r === STEP_OK) outs.push(out);
    }
  return outs;
}

const world = (ts: TransitionSystem, s: Uint8Array) => Buffer.from(s.subarray(0, ts.worldSize)).toString('hex');
const allDone = (ts: TransitionSystem, s: Uint8Array) => ts.threadNames.every((_, t) => ts.isDone(s, t));

/** The definition of a stall, by brute force: from s, no thread ever changes the world or all finish. */
function stuck(ts: TransitionSystem, s: Uint8Array): boolean {
  const w = world(ts, s);
  const seen = new Set([Buffer.from(s).toString('hex')]);
  const todo: Uint8Array[] = [s];
  while (todo.length) {
    const x = todo.pop()!;
    if (allDone(ts, x) || world(ts, x) !== w) return false;
    for (const y of successors(ts, x)) {
      const k = Buffer.from(y).toString('hex');
      if (!seen.has(k)) {
        seen.add(k);
        todo.push(y);
      }
    }
  }
  return true;
}

function reachable(ts: TransitionSystem): Uint8Array[] {
  const seen = new Map<string, Uint8Array>([[Buffer.from(ts.initial).toString('hex'), ts.initial.slice()]]);
  const todo: Uint8Array[] = [ts.initial.slice()];
  while (todo.length)
    for (const y of successors(ts, todo.pop()!)) {
      const k = Buffer.from(y).toString('hex');
      if (!seen.has(k)) {
        seen.set(k, y);
        todo.push(y);
      }
    }
  return [...seen.values()];
}

describe('random programs', () => {
  it('reports a stall exactly when some reachable state is stuck, and only at stuck states', () => {
    const ops = fc.array(opArb, { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(ops, ops, (a, b) => {
        const ts = compileModel(input(a, b));
        const r = explore(ts, { maxStates: 100_000, maxMillis: 20_000 });
        const stalls = r.verdicts.filter((v) => v.verdict.kind === 'deadlock' || v.verdict.kind === 'livelock');
        for (const v of stalls) {
          const final = replayDetailed(ts, v.trace!.schedule!).final.subarray(0, ts.stateSize);
          expect(stuck(ts, final)).toBe(true);
        }
        const anyStuck = reachable(ts).some((s) => stuck(ts, s));
        expect(stalls.length > 0).toBe(anyStuck);
      }),
      { numRuns: 120 },
    );
  });

  it('generated and closure steppers agree, and the state count matches a plain search', () => {
    const ops = fc.array(opArb, { minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(ops, ops, (a, b) => {
        const inp = input(a, b);
        const gen = compileModel(inp, { generated: true });
        const clo = compileModel(inp, { generated: false });
        const rg = explore(gen, { maxStates: 100_000, maxMillis: 20_000 });
        const rc = explore(clo, { maxStates: 100_000, maxMillis: 20_000 });
        expect(rc.stats.states).toBe(rg.stats.states);
        expect(rc.stats.transitions).toBe(rg.stats.transitions);
        expect(rc.verdicts.map((v) => v.verdict)).toEqual(rg.verdicts.map((v) => v.verdict));
        expect(plainCount(gen)).toBe(rg.stats.states);
      }),
      { numRuns: 120 },
    );
  });
});
