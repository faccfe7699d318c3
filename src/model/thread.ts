/**
 * One thread: its inlined code compiled to closures, and the step driver.
 *
 * A step runs local instructions (set/br/jmp/call/ret/opaque) until the first visible one (eff/step),
 * executes it, then settles (follows jumps, and finishes the thread on the entry function's return).
 * Local code is thread-private, so running it again after a blocked attempt is harmless.
 * A local loop that comes back to the same place with the same state cannot change anything: the
 * thread is spinning ("blocked until that changes").
 */
import type { Flat, InlinedThread } from './inline.js';
import { compileExpr, compileLValue, type Ev, type Scope } from './expr.js';
import { compileEff, record, type Visible } from './effects.js';
import type { Sem } from './effects-core.js';
import { STEP_BLOCKED, STEP_CUT, STEP_DONE, STEP_OK, STEP_SPIN, type StepCtx } from './system.js';

export const DONE_PC = 0xffff;
const END = -4;
const LOCAL_BUDGET = 4096;

type Local = (t: Uint8Array, cx: StepCtx) => number;

export interface ThreadAreas {
  areaOff: number;
  areaLen: number;
  pcOff: number;
  retOff: number;
  localsOff: number;
}

export interface CompiledThread extends ThreadAreas {
  name: string;
  tid: number;
  code: Flat[];
  local: (Local | null)[];
  visible: (Visible | null)[];
  snap: Uint8Array;
}

export function readPc(s: Uint8Array, th: ThreadAreas): number {
  return s[th.pcOff] | (s[th.pcOff + 1] << 8);
}

function writePc(s: Uint8Array, th: ThreadAreas, pc: number): void {
  s[th.pcOff] = pc & 255;
  s[th.pcOff + 1] = pc >> 8;
}

function hasAny(e: unknown): boolean {
  return JSON.stringify(e).includes('"k":"any"');
}

function compileLocal(f: Flat, pc: number, sc: Scope, areas: ThreadAreas): Local | null {
  const next = pc + 1;
  switch (f.op) {
    case 'set': {
      const e = compileExpr(f.e, sc);
      const w = compileLValue(f.dst, sc);
      return (t, cx) => {
        w(t, cx, e(t, cx));
        return next;
      };
    }
    case 'br':
      return compileBr(f, sc);
    case 'jmp': {
      const to = f.to;
      return () => to;
    }
    case 'opaque':
      return () => next;
    case 'call': {
      const zero = f.zero.map((s) => areas.localsOff + s);
      const params = f.params.map((p) => ({ off: areas.localsOff + p.slot, e: compileExpr(p.e, sc) }));
      const vals: number[] = new Array(params.length).fill(0);
      return (t, cx) => {
        for (let i = 0; i < params.length; i++) vals[i] = params[i].e(t, cx);
        for (const z of zero) t[z] = 0;
        for (let i = 0; i < params.length; i++) t[params[i].off] = vals[i];
        return next;
      };
    }
    default:
      return null;
  }
}

function compileBr(f: Extract<Flat, { op: 'br' }>, sc: Scope): Local {
  const c = compileExpr(f.cond, sc);
  const { t: T, f: F, loc } = f;
  if (!hasAny(f.cond)) return (t, cx) => (c(t, cx) ? T : F);
  const where = `${loc.file}:${loc.line}`;
  return (t, cx) => {
    const v = c(t, cx);
    if (cx.rec) cx.recChoices.push(`${where}=${v ? 'true' : 'false'}`);
    return v ? T : F;
  };
}

/** Compiles `ret`/`end` (they need a scope per frame, so they are built here with the frame's env). */
function compileReturn(f: Flat, sc: (env: Flat) => Scope, areas: ThreadAreas): Local | null {
  if (f.op === 'ret') {
    const e: Ev | null = f.e ? compileExpr(f.e, sc(f)) : null;
    const w = f.dst ? compileLValue(f.dst, sc({ ...f, env: f.dstEnv })) : null;
    const to = f.to;
    return (t, cx) => {
      const v = e ? e(t, cx) : 0;
      if (w) w(t, cx, v);
      return to;
    };
  }
  if (f.op === 'end') {
    const e: Ev | null = f.e ? compileExpr(f.e, sc(f)) : null;
    const ret = areas.retOff;
    return (t, cx) => {
      t[ret] = e ? e(t, cx) : 0;
      return END;
    };
  }
  return null;
}

export function compileThread(
  name: string,
  tid: number,
  inl: InlinedThread,
  areas: ThreadAreas,
  scopeFor: (f: Flat) => Scope,
  sems: Partial<Record<string, Sem>>,
  stateSize: number,
): CompiledThread {
  const code = inl.code;
  const local: (Local | null)[] = [];
  const visible: (Visible | null)[] = [];
  code.forEach((f, pc) => {
    const sc = scopeFor(f);
    if (f.op === 'eff') {
      visible.push(compileEff(f, sc, sems, pc, pc + 1));
      local.push(null);
    } else if (f.op === 'step') {
      const api = f.label ?? 'step';
      const ev = f.label ?? 'STEP';
      const loc = f.loc;
      visible.push((_t, cx) => {
        if (cx.rec) record(cx, api, ev, loc);
        return pc + 1;
      });
      local.push(null);
    } else {
      visible.push(null);
      local.push(compileReturn(f, scopeFor, areas) ?? compileLocal(f, pc, sc, areas));
    }
  });
  return { ...areas, name, tid, code, local, visible, snap: new Uint8Array(stateSize) };
}

/** After a visible step: follow jumps; the entry function's return finishes the thread. */
function settle(th: CompiledThread, t: Uint8Array, cx: StepCtx, pc: number): number {
  for (let hops = 0; hops < 64 && pc < th.code.length; hops++) {
    const f = th.code[pc];
    if (f.op === 'jmp') pc = f.to;
    else if (f.op === 'end') return th.local[pc]!(t, cx) === END ? DONE_PC : pc;
    else return pc;
  }
  return pc;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return false;
  return true;
}

/** Runs one step of the thread from s into out; returns a STEP_* code. */
export function stepThread(th: CompiledThread, s: Uint8Array, out: Uint8Array, cx: StepCtx): number {
  const start = readPc(s, th);
  if (start === DONE_PC) return STEP_DONE;
  out.set(s);
  cx.bitsUsed = 0;
  cx.wroteWorld = false;
  cx.waitKind = 0;
  cx.waitObj = 0;
  cx.waitLoc = null;
  let pc = start;
  let loopPc = -1;
  for (let budget = LOCAL_BUDGET; ; ) {
    if (pc >= th.code.length) return STEP_CUT;
    const vis = th.visible[pc];
    if (vis !== null) {
      const r = vis(out, cx);
      if (r < 0) return STEP_BLOCKED;
      pc = settle(th, out, cx, r);
      break;
    }
    const r = th.local[pc]!(out, cx);
    if (r === END) {
      pc = DONE_PC;
      break;
    }
    if (r <= pc) {
      if (r === pc || --budget < 0) return spinAt(th, cx, pc, budget);
      if (loopPc !== r) {
        loopPc = r;
        if (th.snap.length !== out.length) th.snap = new Uint8Array(out.length);
        th.snap.set(out);
      } else if (equalBytes(out, th.snap)) return spinAt(th, cx, pc, budget);
      else th.snap.set(out);
    }
    pc = r;
  }
  writePc(out, th, pc);
  if (pc === start && equalBytes(out, s)) return STEP_SPIN;
  return STEP_OK;
}

function spinAt(th: CompiledThread, cx: StepCtx, pc: number, budget: number): number {
  cx.waitLoc = th.code[pc].loc ?? null;
  return budget < 0 ? STEP_CUT : STEP_SPIN;
}
