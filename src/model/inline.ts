/**
 * Inlining: a thread's entry function and every function it calls become one flat instruction list
 * with resolved local slots. Each inlined call gets fresh locals (zeroed at the call), so a thread's
 * state is its pc plus a fixed array of local bytes. Recursion and calls deeper than the bound
 * become opaque steps (recorded), as do calls to functions the program does not have.
 */
import type { EffectKind, Expr, IrFunction, IrProgram, LValue, Loc } from './ir.js';

/** Local variables of one inlined function instance: name → slot, allocated on first use. */
export class Env {
  private readonly slots = new Map<string, number>();
  constructor(private readonly alloc: { n: number }) {}
  slot(name: string): number {
    let s = this.slots.get(name);
    if (s === undefined) {
      s = this.alloc.n++;
      this.slots.set(name, s);
    }
    return s;
  }
  has(name: string): boolean {
    return this.slots.has(name);
  }
  /** Names a slot of another frame here (an out-parameter's destination); never zeroed at calls. */
  alias(name: string, slot: number): void {
    this.slots.set(name, slot);
    this.aliases.add(name);
  }
  all(): number[] {
    return [...this.slots].filter(([n]) => !this.aliases.has(n)).map(([, s]) => s);
  }
  private readonly aliases = new Set<string>();
}

export type Flat =
  | { op: 'set'; dst: LValue; e: Expr; env: Env; loc: Loc }
  | { op: 'br'; cond: Expr; env: Env; t: number; f: number; loc: Loc }
  | { op: 'jmp'; to: number; loc?: Loc }
  | { op: 'eff'; eff: EffectKind; args: Expr[]; dst?: LValue; env: Env; loc: Loc; api: string }
  | { op: 'step'; loc: Loc; label?: string }
  | { op: 'opaque'; name: string; loc: Loc }
  /** Call setup: zero the callee's locals, then assign the params (args evaluated in the caller's env). */
  | { op: 'call'; params: { slot: number; e: Expr }[]; zero: number[]; env: Env; loc: Loc }
  /** Return from an inlined call: dst (caller env) = e (callee env), then jump to `to`. */
  | { op: 'ret'; e?: Expr; env: Env; dst?: LValue; dstEnv: Env; to: number; loc: Loc }
  /** Return from the thread's entry function: the thread is done. */
  | { op: 'end'; e?: Expr; env: Env; loc: Loc };

export interface InlinedThread {
  code: Flat[];
  entryEnv: Env;
  nLocals: number;
  effects: Set<EffectKind>;
  unmodelled: string[];
}

interface Ctx {
  prog: IrProgram;
  code: Flat[];
  alloc: { n: number };
  maxDepth: number;
  stack: string[];
  effects: Set<EffectKind>;
  unmodelled: string[];
}

const where = (loc: Loc): string => `${loc.file}:${loc.line}`;

export function inlineThread(prog: IrProgram, entry: IrFunction, maxDepth: number): InlinedThread {
  const cx: Ctx = { prog, code: [], alloc: { n: 0 }, maxDepth, stack: [], effects: new Set(), unmodelled: [] };
  const env = new Env(cx.alloc);
  for (const p of entry.params) env.slot(p);
  for (const l of entry.locals) env.slot(l);
  emitBody(cx, entry, env, null);
  return { code: cx.code, entryEnv: env, nLocals: cx.alloc.n, effects: cx.effects, unmodelled: cx.unmodelled };
}

/** The return site of an inlined call, or null for the entry function. */
interface RetSite {
  dst?: LValue;
  dstEnv: Env;
  fixups: Flat[];
}

function emitBody(cx: Ctx, fn: IrFunction, env: Env, site: RetSite | null): void {
  cx.stack.push(fn.name);
  const map: number[] = [];
  const jumps: Flat[] = [];
  for (const ins of fn.body) {
    map.push(cx.code.length);
    emitInstr(cx, ins, env, site, jumps);
  }
  const implicitRet = cx.code.length;
  const endLoc: Loc = { file: fn.file, line: fn.range[1], fn: fn.name };
  emitRet(cx, undefined, env, site, endLoc);
  const target = (i: number): number => (i >= 0 && i < map.length ? map[i] : implicitRet);
  for (const j of jumps) {
    if (j.op === 'br') {
      j.t = target(j.t);
      j.f = target(j.f);
    } else if (j.op === 'jmp') j.to = target(j.to);
  }
  cx.stack.pop();
}

function emitRet(cx: Ctx, e: Expr | undefined, env: Env, site: RetSite | null, loc: Loc): void {
  if (!site) {
    cx.code.push({ op: 'end', e, env, loc });
    return;
  }
  const r: Flat = { op: 'ret', e, env, dst: site.dst, dstEnv: site.dstEnv, to: -1, loc };
  site.fixups.push(r);
  cx.code.push(r);
}

/** Allocates a slot for every local an expression names, so call setup can zero them all. */
export function touchLocals(e: Expr | LValue | undefined, env: Env): void {
  if (!e) return;
  switch (e.k) {
    case 'local':
      env.slot(e.name);
      return;
    case 'field':
      touchLocals(e.obj, env);
      return;
    case 'not':
      touchLocals(e.a, env);
      return;
    case 'bin':
      touchLocals(e.a, env);
      touchLocals(e.b, env);
      return;
    case 'query':
      for (const a of e.args) touchLocals(a, env);
      return;
    default:
      return;
  }
}

function touchInstr(ins: IrFunction['body'][number], env: Env, site: RetSite | null): void {
  switch (ins.op) {
    case 'set':
      touchLocals(ins.dst, env);
      touchLocals(ins.e, env);
      return;
    case 'br':
      touchLocals(ins.cond, env);
      return;
    case 'eff':
    case 'call':
      for (const a of ins.args) touchLocals(a, env);
      touchLocals(ins.dst, env);
      return;
    case 'ret':
      touchLocals(ins.e, env);
      if (site) touchLocals(site.dst, site.dstEnv);
      return;
    default:
      return;
  }
}

function emitInstr(
  cx: Ctx,
  ins: IrFunction['body'][number],
  env: Env,
  site: RetSite | null,
  jumps: Flat[],
): void {
  touchInstr(ins, env, site);
  switch (ins.op) {
    case 'set':
      cx.code.push({ op: 'set', dst: ins.dst, e: ins.e, env, loc: ins.loc });
      return;
    case 'br': {
      const f: Flat = { op: 'br', cond: ins.cond, env, t: ins.t, f: ins.f, loc: ins.loc };
      jumps.push(f);
      cx.code.push(f);
      return;
    }
    case 'jmp': {
      const f: Flat = { op: 'jmp', to: ins.to, loc: ins.loc };
      jumps.push(f);
      cx.code.push(f);
      return;
    }
    case 'eff':
      cx.effects.add(ins.eff);
      cx.code.push({ op: 'eff', eff: ins.eff, args: ins.args, dst: ins.dst, env, loc: ins.loc, api: ins.api });
      return;
    case 'step':
      cx.code.push({ op: 'step', loc: ins.loc, label: ins.label });
      return;
    case 'opaque':
      cx.unmodelled.push(`call ${ins.name} at ${where(ins.loc)}`);
      cx.code.push({ op: 'opaque', name: ins.name, loc: ins.loc });
      return;
    case 'ret':
      emitRet(cx, ins.e, env, site, ins.loc);
      return;
    case 'call':
      emitCall(cx, ins, env);
      return;
  }
}

function emitCall(cx: Ctx, ins: Extract<IrFunction['body'][number], { op: 'call' }>, env: Env): void {
  const callee = cx.prog.functions.get(ins.fn);
  const why = !callee
    ? 'unknown function'
    : cx.stack.includes(ins.fn)
      ? 'recursion'
      : cx.stack.length > cx.maxDepth
        ? 'call depth bound'
        : '';
  if (!callee || why) {
    cx.unmodelled.push(`call ${ins.fn} at ${where(ins.loc)} (${why})`);
    cx.code.push({ op: 'opaque', name: ins.fn, loc: ins.loc });
    if (ins.dst) cx.code.push({ op: 'set', dst: ins.dst, e: { k: 'const', v: 0 }, env, loc: ins.loc });
    return;
  }
  const calleeEnv = new Env(cx.alloc);
  for (const p of callee.params) calleeEnv.slot(p);
  for (const l of callee.locals) calleeEnv.slot(l);
  const setup: Flat = {
    op: 'call',
    params: callee.params.map((p, i) => ({ slot: calleeEnv.slot(p), e: ins.args[i] ?? { k: 'const', v: 0 } })),
    zero: [],
    env,
    loc: ins.loc,
  };
  cx.code.push(setup);
  const site: RetSite = { dst: ins.dst, dstEnv: env, fixups: [] };
  emitBody(cx, callee, calleeEnv, site);
  const after = cx.code.length;
  for (const r of site.fixups) if (r.op === 'ret') r.to = after;
  emitOuts(cx, ins, env, calleeEnv);
  // Locals first used inside the body are allocated while emitting it; zero them all at the call.
  if (setup.op === 'call') setup.zero = calleeEnv.all();
}

/**
 * Out-parameters (`alloc_charge_hpage(&hpage, ...)`): after the callee returns, each caller local
 * named in `outs` receives the callee's final value of the parameter. The caller's slot is aliased
 * into the callee's frame so one `set` does the copy.
 */
function emitOuts(cx: Ctx, ins: Extract<IrFunction['body'][number], { op: 'call' }>, env: Env, calleeEnv: Env): void {
  for (const out of ins.outs ?? []) {
    if (out.dst.k !== 'local') continue; // a field destination keeps its value (not seen in practice)
    const alias = `$out:${out.dst.name}`;
    calleeEnv.alias(alias, env.slot(out.dst.name));
    const dst: LValue = { k: 'local', name: alias };
    cx.code.push({ op: 'set', dst, e: { k: 'local', name: out.param }, env: calleeEnv, loc: ins.loc });
  }
}
