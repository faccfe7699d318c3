/**
 * Scenario properties → predicates over a state. `tlocal(thread, name)` reads a local of the thread's
 * entry function ('$ret' its return value); `tstate` asks whether the thread is done, blocked (its next
 * step blocks or spins) or running. An 'eventually' property gets one state byte that remembers it
 * has held on the path (set by every step), so it can be checked when all threads are done.
 */
import type { Scenario } from './scenario.js';
import type { InlinedThread } from './inline.js';
import { compileExpr, type Ev, type Scope } from './expr.js';
import type { FieldAccess } from './fields.js';
import type { ThreadAreas, CompiledThread } from './thread.js';
import { DONE_PC, readPc, stepThread } from './thread.js';
import { newStepCtx, STEP_OK, type CompiledProperty } from './system.js';
import type { WorldLayout } from './world.js';

export interface PropertySet {
  compiled: CompiledProperty[];
  stateSize: number;
  markSeen(s: Uint8Array): void;
  bindThreads(threads: CompiledThread[]): void;
}

export function compileProperties(
  sc: Scenario,
  L: WorldLayout,
  inlined: InlinedThread[],
  areas: ThreadAreas[],
  notes: Set<string>,
  fields: Map<string, FieldAccess>,
  firstFree: number,
): PropertySet {
  let threads: CompiledThread[] = [];
  const tidOf = (name: string) => sc.threads.findIndex((t) => t.name === name);
  const cx = newStepCtx();
  let scratch = new Uint8Array(0);
  const scope: Scope = {
    L,
    fields,
    note: (w) => notes.add(w),
    local: () => -1,
    tlocal(thread, name) {
      const tid = tidOf(thread);
      if (tid < 0) return -1;
      if (name === '$ret') return areas[tid].retOff;
      const env = inlined[tid].entryEnv;
      return env.has(name) ? areas[tid].localsOff + env.slot(name) : -1;
    },
    tin(thread, fn): Ev {
      const tid = tidOf(thread);
      if (tid < 0) {
        notes.add(`thread ${thread}`);
        return () => 0;
      }
      const inFn = Uint8Array.from(inlined[tid].code, (f) => (f.loc?.fn === fn ? 1 : 0));
      if (!inFn.includes(1)) notes.add(`function ${fn} in thread ${thread}`);
      return (s) => {
        const pc = readPc(s, areas[tid]);
        return pc < inFn.length ? inFn[pc] : 0;
      };
    },
    tstate(thread, is): Ev {
      const tid = tidOf(thread);
      if (tid < 0) {
        notes.add(`thread ${thread}`);
        return () => 0;
      }
      const done = (s: Uint8Array) => readPc(s, areas[tid]) === DONE_PC;
      const blocked = (s: Uint8Array) => {
        if (done(s)) return false;
        if (scratch.length !== s.length) scratch = new Uint8Array(s.length);
        cx.choice = 0;
        return stepThread(threads[tid], s, scratch, cx) !== STEP_OK;
      };
      if (is === 'done') return (s) => (done(s) ? 1 : 0);
      if (is === 'blocked') return (s) => (blocked(s) ? 1 : 0);
      return (s) => (!done(s) && !blocked(s) ? 1 : 0);
    },
  };
  let off = firstFree;
  const compiled: CompiledProperty[] = sc.properties.map((p) => {
    const ev = compileExpr(p.expr, scope);
    const seenCell = p.kind === 'eventually' ? off++ : -1;
    return { id: p.id, kind: p.kind, message: p.message, value: (s: Uint8Array) => ev(s, cx), seenCell };
  });
  const eventually = compiled.filter((p) => p.seenCell >= 0);
  return {
    compiled,
    stateSize: off,
    markSeen(s) {
      for (const p of eventually) if (!s[p.seenCell] && p.value(s)) s[p.seenCell] = 1;
    },
    bindThreads(t) {
      threads = t;
    },
  };
}
