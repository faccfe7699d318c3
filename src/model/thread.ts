/**
 * One thread: its inlined code compiled to closures, and the step driver.
 *
 * A step runs local instructions (set/br/jmp/call/ret/opaque) until the first visible one (eff/step),
 * executes it, then settles (follows jumps, and finishes the thread on the entry function's return).
 * Local code is thread-private, so running it again after a blocked attempt is harmless.
 * A local loop that comes back to the same place with the same state cannot change anything: the
 * thread is spinning ("blocked until that changes").
 */
import type { Expr } from './ir.js';
import type { Flat, InlinedThread } from './inline.js';
import { compileExpr, compileLValue, type Ev, type Scope } from './expr.js';
import { genBr, genSet } from './codegen.js';
import { generateStepper, MAX_GENERATED } from './stepgen.js';
import { compileEff, compileGuard, record, type Guard, type Visible } from './effects.js';
import type { Sem } from './effects-core.js';
import { STEP_BLOCKED, STEP_CUT, STEP_DONE, STEP_OK, STEP_SPIN, W_LOCK, W_PAGE_LOCK, type StepCtx } from './system.js';
import { K_LOCK, K_PAGE, PG_LOCK } from './world.js';

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
  /** For blocking effects: true when the effect would block in t (checked before copying). */
  guard: (Guard | null)[];
  /** 1 when the local instruction at pc writes (set, call, ret, end). */
  writes: Uint8Array;
  /**
   * For `lock(L, 0)` / `page_lock(P)` with constant operands: the one cell that decides blocking
   * (-1 otherwise), and the wait it means; checked first, with no call at all.
   */
  fastCell: Int32Array;
  fastKind: Uint8Array;
  fastObj: Uint8Array;
  snap: Uint8Array;
  stepper: Stepper;
}

export function readPc(s: Uint8Array, th: ThreadAreas): number {
  return s[th.pcOff] | (s[th.pcOff + 1] << 8);
}

function hasAny(e: unknown): boolean {
  return JSON.stringify(e).includes('"k":"any"');
}

function compileLocal(f: Flat, pc: number, sc: Scope, areas: ThreadAreas): Local | null {
  const next = pc + 1;
  switch (f.op) {
    case 'set':
      return genSet(f.dst, f.e, sc, next);
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
  const { t: T, f: F, loc } = f;
  if (!hasAny(f.cond)) return genBr(f.cond, sc, T, F);
  const c = compileExpr(f.cond, sc);
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
    if (ret < 0 || !e) return () => END;
    return (t, cx) => {
      t[ret] = e(t, cx);
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
  generated = true,
): CompiledThread {
  const code = inl.code;
  const local: (Local | null)[] = [];
  const visible: (Visible | null)[] = [];
  const guard: (Guard | null)[] = [];
  const writes = new Uint8Array(code.length);
  code.forEach((f, pc) => {
    const sc = scopeFor(f);
    guard.push(f.op === 'eff' ? compileGuard(f, sc, sems) : null);
    writes[pc] = f.op === 'set' || f.op === 'call' || f.op === 'ret' || f.op === 'end' ? 1 : 0;
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
  const fast = fastBlockCells(code, scopeFor);
  const th = { ...areas, name, tid, code, local, visible, guard, writes, ...fast, snap: new Uint8Array(stateSize) };
  const stepper = generated ? generatedStepper(th, scopeFor) : null;
  return { ...th, stepper: stepper ?? makeStepper(th) };
}

/** The generated step function of a compiled thread, or null when the program is too large for it. */
export function generatedStepper(th: Omit<CompiledThread, 'stepper'>, scopeFor: (f: Flat) => Scope): Stepper | null {
  return th.code.length <= MAX_GENERATED ? generateStepper(th, scopeFor, stepHelpers(th)) : null;
}

/** What the generated stepper calls back into (the rare paths). */
function stepHelpers(th: Omit<CompiledThread, 'stepper'>) {
  return {
    settle: (t: Uint8Array, cx: StepCtx, pc: number) => settle(th, t, cx, pc),
    spinAt: (cx: StepCtx, pc: number, budget: number) => spinAt(th, cx, pc, budget),
    snap(t: Uint8Array) {
      if (th.snap.length !== t.length) th.snap = new Uint8Array(t.length);
      th.snap.set(t);
    },
    sameSnap: (t: Uint8Array) => equalBytes(t, th.snap),
    equal: equalBytes,
    sameArea: (a: Uint8Array, b: Uint8Array) => sameArea(a, b, th),
  };
}

function constOperand(e: Expr | undefined, sc: Scope): number {
  if (!e) return 0;
  if (e.k === 'const') return e.v & 255;
  if (e.k === 'obj') return sc.L.byName.get(e.name) ?? -1;
  return -1;
}

function fastBlockCells(code: Flat[], scopeFor: (f: Flat) => Scope) {
  const fastCell = new Int32Array(code.length).fill(-1);
  const fastKind = new Uint8Array(code.length);
  const fastObj = new Uint8Array(code.length);
  code.forEach((f, pc) => {
    if (f.op !== 'eff' || (f.eff !== 'lock' && f.eff !== 'page_lock')) return;
    const L = scopeFor(f).L;
    const id = constOperand(f.args[0], scopeFor(f));
    if (id <= 0 || id >= L.names.length) return;
    if (f.eff === 'lock') {
      if (L.kind[id] !== K_LOCK || L.lockRw[id] || constOperand(f.args[1], scopeFor(f)) !== 0) return;
      fastCell[pc] = L.base[id];
      fastKind[pc] = W_LOCK;
    } else {
      if (L.kind[id] !== K_PAGE) return;
      fastCell[pc] = L.base[id] + PG_LOCK;
      fastKind[pc] = W_PAGE_LOCK;
    }
    fastObj[pc] = id;
  });
  return { fastCell, fastKind, fastObj };
}

/** After a visible step: follow jumps; the entry function's return finishes the thread. */
function settle(th: Omit<CompiledThread, 'stepper'>, t: Uint8Array, cx: StepCtx, pc: number): number {
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

export type Stepper = (s: Uint8Array, out: Uint8Array, cx: StepCtx) => number;

/** Runs one step of the thread from s into out; returns a STEP_* code. */
export function stepThread(th: CompiledThread, s: Uint8Array, out: Uint8Array, cx: StepCtx): number {
  return th.stepper(s, out, cx);
}

/**
 * The step function of one thread, as a closure over that thread's tables (so every call site in
 * it sees only this thread's instructions).
 * Until the first write the step reads s in place (t === s): a thread blocked on a lock, or spinning
 * in a read-only loop, costs no copy. The copy into out happens before the first writing instruction.
 */
export function makeStepper(th: Omit<CompiledThread, 'stepper'>): Stepper {
  const { code, visible, guard, local, writes, fastCell, fastKind, fastObj, pcOff } = th;
  const n = code.length;
  return (s, out, cx) => {
    const start = s[pcOff] | (s[pcOff + 1] << 8);
    if (start === DONE_PC) return STEP_DONE;
    const fc = fastCell[start];
    if (fc >= 0 && s[fc] !== 0) {
      cx.waitKind = fastKind[start];
      cx.waitObj = fastObj[start];
      cx.waitLoc = code[start].loc ?? null;
      return STEP_BLOCKED;
    }
    cx.bitsUsed = 0;
    cx.wroteWorld = false;
    cx.waitKind = 0;
    cx.waitObj = 0;
    cx.waitLoc = null;
    let t = s;
    let pc = start;
    let loopPc = -1;
    for (let budget = LOCAL_BUDGET; ; ) {
      if (pc >= n) return STEP_CUT;
      const vis = visible[pc];
      if (vis !== null) {
        if (t === s) {
          const g = guard[pc];
          if (g !== null) {
            const bits = cx.bitsUsed;
            if (g(s, cx)) return STEP_BLOCKED;
            cx.bitsUsed = bits;
          }
          out.set(s);
          t = out;
        }
        const r = vis(t, cx);
        if (r < 0) return STEP_BLOCKED;
        pc = settle(th, t, cx, r);
        break;
      }
      if (t === s && writes[pc]) {
        out.set(s);
        t = out;
      }
      const r = local[pc]!(t, cx);
      if (r === END) {
        pc = DONE_PC;
        break;
      }
      if (r <= pc) {
        if (r === pc || --budget < 0) return spinAt(th, cx, pc, budget);
        if (loopPc !== r) {
          loopPc = r;
          if (th.snap.length !== t.length) th.snap = new Uint8Array(t.length);
          th.snap.set(t);
        } else if (t === s || equalBytes(t, th.snap)) return spinAt(th, cx, pc, budget);
        else th.snap.set(t);
      }
      pc = r;
    }
    if (t === s) out.set(s);
    out[pcOff] = pc & 255;
    out[pcOff + 1] = pc >> 8;
    if (pc === start && sameArea(out, s, th) && (!cx.wroteWorld || equalBytes(out, s))) return STEP_SPIN;
    return STEP_OK;
  };
}

/** Without world writes only the thread's own area can differ. */
function sameArea(a: Uint8Array, b: Uint8Array, th: ThreadAreas): boolean {
  for (let i = th.areaOff + th.areaLen - 1; i >= th.areaOff; i--) if (a[i] !== b[i]) return false;
  return true;
}

function spinAt(th: Omit<CompiledThread, 'stepper'>, cx: StepCtx, pc: number, budget: number): number {
  cx.waitLoc = th.code[pc].loc ?? null;
  return budget < 0 ? STEP_CUT : STEP_SPIN;
}
