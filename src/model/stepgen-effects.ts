/**
 * Inline code for the most frequent effects, used by the generated stepper when it is not recording
 * a trace (recording goes through the effect's closure, which also writes the event). Each snippet has
 * exactly the semantics of its closure in effects-core.ts / effects-mm.ts: it leaves the result in
 * `r`, or returns STEP_BLOCKED with the wait noted. Effects not listed here call their closure.
 */
import type { Flat } from './inline.js';
import { RETRY_ENTRY } from './ir.js';
import { CodeCtx, exprCode } from './codegen.js';
import { pageBases, ptePresent, type Scope } from './expr-scope.js';
import { STEP_BLOCKED, W_FREED, W_FROZEN, W_LOCK, W_PAGE_LOCK, W_SLOT } from './system.js';
import { K_LOCK, PG_FREED, PG_FROZEN, PG_LOCK, PG_REF } from './world.js';

type Eff = Extract<Flat, { op: 'eff' }>;

function constId(f: Eff, sc: Scope): number {
  const a = f.args[0];
  return a && a.k === 'obj' ? (sc.L.byName.get(a.name) ?? -1) : -1;
}

function constMode(f: Eff): number {
  const m = f.args[1];
  if (!m) return 0;
  return m.k === 'const' ? m.v : -1;
}

/** `page` holds the page's base offset, or the snippet does nothing (like the closures). */
function withPage(f: Eff, sc: Scope, cc: CodeCtx, body: string): string {
  const pb = cc.ref(pageBases(sc.L));
  return `{ const id = ${exprCode(f.args[0], sc, cc)}; const b = ${pb}[id]; if (b !== undefined && b >= 0) { ${body} } }`;
}

function blocked(kind: number, obj: string, pc: number): string {
  return `cx.waitKind = ${kind}; cx.waitObj = ${obj}; cx.waitLoc = LOC[${pc}]; return ${STEP_BLOCKED};`;
}

function lockCode(f: Eff, sc: Scope, pc: number, me: number): string | null {
  const id = constId(f, sc);
  const L = sc.L;
  if (id <= 0 || L.kind[id] !== K_LOCK || L.lockRw[id]) return null;
  const b = L.base[id];
  if (f.eff === 'unlock') return `t[${b}] = 0; cx.wroteWorld = true;`;
  if (constMode(f) < 0) return null;
  return `if (t[${b}] !== 0) { ${blocked(W_LOCK, String(id), pc)} } t[${b}] = ${me}; cx.wroteWorld = true;`;
}

function arg(f: Eff, i: number, sc: Scope, cc: CodeCtx): string {
  return f.args[i] ? exprCode(f.args[i], sc, cc) : '0';
}

/** Code leaving the effect's result in `r` (declared by the caller), or null when not inlined. */
export function inlineEffect(f: Eff, pc: number, sc: Scope, cc: CodeCtx, me: number): string | null {
  const L = sc.L;
  // unknown conditions in arguments consume choice bits: leave those to the closure
  if (JSON.stringify(f.args).includes('"k":"any"')) return null;
  switch (f.eff) {
    case 'lock':
    case 'unlock':
      return lockCode(f, sc, pc, me);
    case 'page_lock':
      return withPage(f, sc, cc, `if (t[b + ${PG_LOCK}] !== 0) { ${blocked(W_PAGE_LOCK, 'id', pc)} } t[b + ${PG_LOCK}] = ${me}; cx.wroteWorld = true;`);
    case 'page_unlock':
      return withPage(f, sc, cc, `t[b + ${PG_LOCK}] = 0; cx.wroteWorld = true;`);
    case 'xa_load':
      return `{ const i = ${arg(f, 0, sc, cc)}; r = i < ${L.nSlots} ? t[${L.slotsOff} + i] : 0;
        if (r === ${RETRY_ENTRY}) { cx.waitKind = ${W_SLOT}; cx.waitObj = i; } }`;
    case 'xa_store':
      return `{ const i = ${arg(f, 0, sc, cc)}; const v = ${arg(f, 1, sc, cc)}; if (i < ${L.nSlots}) t[${L.slotsOff} + i] = v; cx.wroteWorld = true; }`;
    case 'pte_clear': {
      if (L.pteOff < 0) return null;
      const present = cc.ref((t: Uint8Array, a: number) => ptePresent(L, t, a));
      return `{ const a = ${arg(f, 0, sc, cc)}; if (a < ${L.nvpn}) { r = ${present}(t, a); t[${L.pteOff} + a] = 0; cx.wroteWorld = true; } }`;
    }
    case 'ref_freeze': {
      const pb = cc.ref(pageBases(L));
      return `{ const id = ${arg(f, 0, sc, cc)}; const n = ${arg(f, 1, sc, cc)}; const b = ${pb}[id];
        if (b !== undefined && b >= 0 && !t[b + ${PG_FROZEN}] && t[b + ${PG_REF}] === n) {
          t[b + ${PG_FROZEN}] = ${me}; t[b + ${PG_REF}] = 0; cx.wroteWorld = true; r = 1; } }`;
    }
    case 'ref_tryget':
      return withPage(
        f,
        sc,
        cc,
        `if (t[b + ${PG_FROZEN}] || t[b + ${PG_FREED}] || t[b + ${PG_REF}] === 0) {
           cx.waitKind = t[b + ${PG_FROZEN}] ? ${W_FROZEN} : ${W_FREED}; cx.waitObj = id;
         } else { if (t[b + ${PG_REF}] < 255) t[b + ${PG_REF}]++; cx.wroteWorld = true; r = 1; }`,
      );
    default:
      return null;
  }
}
