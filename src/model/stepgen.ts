/**
 * The step function of a thread as generated code: one `switch` over the pc, with `set`, `br`, `jmp`
 * and `opaque` written inline (their expressions too), and calls to the compiled closures only for
 * visible effects, calls, returns and branches on unknown conditions. Same semantics as the closure
 * stepper in thread.ts (which stays the fallback for very large programs): read s in place until the
 * first write, guard blocking effects before copying, a local loop that comes back unchanged spins.
 */
import type { Flat } from './inline.js';
import { CodeCtx, exprCode, build } from './codegen.js';
import { getField, type Scope } from './expr-scope.js';
import { inlineEffect } from './stepgen-effects.js';
import { STEP_BLOCKED, STEP_CUT, STEP_DONE, STEP_OK, STEP_SPIN, type StepCtx } from './system.js';
import type { CompiledThread, Stepper } from './thread.js';

/** Above this many instructions the closure stepper is used (huge generated functions do not optimise). */
export const MAX_GENERATED = 3000;

type Th = Omit<CompiledThread, 'stepper'>;

interface Helpers {
  settle(t: Uint8Array, cx: StepCtx, pc: number): number;
  spinAt(cx: StepCtx, pc: number, budget: number): number;
  snap(t: Uint8Array): void;
  sameSnap(t: Uint8Array): boolean;
  equal(a: Uint8Array, b: Uint8Array): boolean;
  sameArea(a: Uint8Array, b: Uint8Array): boolean;
}

function hasAny(e: unknown): boolean {
  return JSON.stringify(e).includes('"k":"any"');
}

/**
 * Code that checks a jump taken at `pc`: backward jumps feed the spin detection. The state is
 * snapshotted at the second arrival at a loop head and compared at the next ones (most steps pass a
 * loop head once: no copy for them).
 */
function back(pc: number): string {
  return `if (pc <= ${pc}) { if (pc === ${pc} || --budget < 0) return H.spinAt(cx, ${pc}, budget);
    if (loopPc !== pc) { loopPc = pc; laps = 1; } else if (laps === 1) { laps = 2; H.snap(t); }
    else if (t === s || H.sameSnap(t)) return H.spinAt(cx, ${pc}, budget); else H.snap(t); }`;
}

const COPY = 'if (t === s) { out.set(s); t = out; }';

/** Without a trace being recorded: the effect inline (or a `step`), then settle. '' when not inlined. */
function fastVisible(f: Flat, pc: number, sc: Scope, cc: CodeCtx, me: number): string {
  const settle = `pc = SP[${pc + 1}]; if (ISEND[pc] === 1) { L[pc](t, cx); pc = 65535; } break run;`;
  if (f.op === 'step') return `if (cx.rec === null) { ${settle} }`;
  if (f.op !== 'eff') return '';
  const body = inlineEffect(f, pc, sc, cc, me);
  if (body === null) return '';
  const dst = !f.dst
    ? ''
    : f.dst.k === 'local'
      ? `t[${sc.local(f.dst.name)}] = r;`
      : `${cc.ref(getField(sc, f.dst.field))}.write(t, ${exprCode(f.dst.obj, sc, cc)}, r, cx);`;
  return `if (cx.rec === null) { let r = 0; ${body} ${dst} ${settle} }`;
}

function caseCode(f: Flat, pc: number, sc: Scope, cc: CodeCtx, me: number): string {
  switch (f.op) {
    case 'set': {
      const v = exprCode(f.e, sc, cc);
      const w =
        f.dst.k === 'local'
          ? `t[${sc.local(f.dst.name)}] = ${v};`
          : `${cc.ref(getField(sc, f.dst.field))}.write(t, ${exprCode(f.dst.obj, sc, cc)}, ${v}, cx);`;
      return `${COPY} ${w} pc = ${pc + 1}; continue;`;
    }
    case 'br':
      if (hasAny(f.cond)) break;
      return `pc = (${exprCode(f.cond, sc, cc)}) ? ${f.t} : ${f.f}; ${back(pc)} continue;`;
    case 'jmp':
      return `pc = ${f.to}; ${back(pc)} continue;`;
    case 'opaque':
      return `pc = ${pc + 1}; continue;`;
    case 'eff':
    case 'step':
      return `${'' /* visible */}
        if (t === s) { if (G[${pc}] !== null) { const bits = cx.bitsUsed; if (G[${pc}](s, cx)) return ${STEP_BLOCKED}; cx.bitsUsed = bits; } out.set(s); t = out; }
        ${fastVisible(f, pc, sc, cc, me)}
        const r = V[${pc}](t, cx); if (r < 0) return ${STEP_BLOCKED}; pc = SP[r]; if (ISEND[pc] === 1) { L[pc](t, cx); pc = 65535; } break run;`;
    default:
      break;
  }
  const copy = f.op === 'call' || f.op === 'ret' || f.op === 'end' ? COPY : '';
  return `${copy} { const r = L[${pc}](t, cx); if (r === -4) { pc = 65535; break run; } pc = r; } ${back(pc)} continue;`;
}

export function generateStepper(th: Th, scopeFor: (f: Flat) => Scope, helpers: Helpers): Stepper {
  const cc = new CodeCtx();
  const cases = th.code.map((f, pc) => `case ${pc}: { ${caseCode(f, pc, scopeFor(f), cc, th.tid + 1)} }`).join('\n');
  const body = `
    const start = s[${th.pcOff}] | (s[${th.pcOff + 1}] << 8);
    if (start === 65535) return ${STEP_DONE};
    const fc = FC[start];
    if (fc >= 0 && s[fc] !== 0) { cx.waitKind = FK[start]; cx.waitObj = FO[start]; cx.waitLoc = LOC[start]; return ${STEP_BLOCKED}; }
    cx.bitsUsed = 0; cx.wroteWorld = false; cx.waitKind = 0; cx.waitObj = 0; cx.waitLoc = null;
    let t = s; let pc = start; let loopPc = -1; let laps = 0; let budget = 4096;
    run: for (;;) {
      switch (pc) {
        ${cases}
        default: return ${STEP_CUT};
      }
    }
    if (t === s) out.set(s);
    out[${th.pcOff}] = pc & 255; out[${th.pcOff + 1}] = pc >> 8;
    if (pc === start && H.sameArea(out, s) && (!cx.wroteWorld || H.equal(out, s))) return ${STEP_SPIN};
    return ${STEP_OK};`;
  const make = build<(...a: unknown[]) => Stepper>(
    scopeFor(th.code[0] ?? { op: 'opaque', name: '', loc: { file: '', line: 0, fn: '' } }),
    cc,
    'V, G, L, H, FC, FK, FO, LOC, SP, ISEND',
    `return (s, out, cx) => { ${body} };`,
    false, // one big switch: its case labels must stay literals
  );
  const { settlePc, isEnd } = settleTables(th.code);
  return make(th.visible, th.guard, th.local, helpers, th.fastCell, th.fastKind, th.fastObj, th.code.map((f) => f.loc ?? null), settlePc, isEnd);
}

/**
 * Where a thread stands after a visible step that continues at pc: jumps followed statically (the
 * result depends only on the code), and whether that place is the entry function's return.
 */
function settleTables(code: Flat[]): { settlePc: Int32Array; isEnd: Uint8Array } {
  const settlePc = new Int32Array(code.length + 1);
  const isEnd = new Uint8Array(code.length + 1);
  for (let pc = 0; pc <= code.length; pc++) {
    let at = pc;
    for (let hops = 0; hops < 64 && at < code.length; hops++) {
      const f = code[at];
      if (f.op !== 'jmp') break;
      at = f.to;
    }
    settlePc[pc] = at;
    if (at < code.length && code[at].op === 'end') isEnd[at] = 1;
  }
  return { settlePc, isEnd };
}
