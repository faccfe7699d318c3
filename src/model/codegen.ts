/**
 * Expressions → JavaScript source, compiled per instruction (from shared factories, codegen-shapes.ts), so a condition
 * like `j < N && !frozen(slot(j))` runs as straight-line code over the state bytes instead of a tree
 * of closure calls. This is the only expression compiler: every instruction, guard and property uses it.
 *
 * Generated code sees: t (state bytes), cx (step context), K (constants and helper objects of this
 * function), S (signed byte), Q (query helpers of the world layout), ANY (choice bits).
 */
import type { Expr, QueryKind } from './ir.js';
import { PAGE_FLAG_ORDER } from './ir.js';
import { W_FROZEN, W_LOCK, W_PAGE_LOCK, type StepCtx } from './system.js';
import {
  K_LOCK,
  K_PAGE,
  K_PAGETABLE,
  PT_SMMU,
  PG_FLAGS,
  PG_FREED,
  PG_FROZEN,
  PG_LOCK,
  PG_MAPCOUNT,
  PG_MAPPING,
  PG_REF,
  type WorldLayout,
} from './world.js';
import { getField, lockHeldAny, pageBases, ptePresent, signed, type Scope } from './expr-scope.js';
import { makeFunction } from './codegen-shapes.js';

export const MAX_CHOICE_BITS = 10;

type QueryFn = (t: Uint8Array, cx: StepCtx, a: number, b: number) => number;

function any(cx: StepCtx): number {
  if (cx.bitsUsed >= MAX_CHOICE_BITS) return 0;
  return (cx.choice >>> cx.bitsUsed++) & 1;
}

const QUERY_CACHE = new WeakMap<WorldLayout, Record<QueryKind, QueryFn>>();

/** Query semantics over evaluated arguments, per world layout. */
export function queryHelpers(L: WorldLayout): Record<QueryKind, QueryFn> {
  const cached = QUERY_CACHE.get(L);
  if (cached) return cached;
  const pb = pageBases(L);
  const cell = (id: number, c: number, t: Uint8Array): number => {
    const b = pb[id];
    return b === undefined || b < 0 ? 0 : t[b + c];
  };
  const q: Record<QueryKind, QueryFn> = {
    pflag: (t, _cx, id, flag) => (cell(id, PG_FLAGS, t) >> flag) & 1,
    page_locked(t, cx, id) {
      if (!cell(id, PG_LOCK, t)) return 0;
      cx.waitKind = W_PAGE_LOCK;
      cx.waitObj = id;
      return 1;
    },
    refcount: (t, _cx, id) => cell(id, PG_REF, t),
    frozen(t, cx, id) {
      if (!cell(id, PG_FROZEN, t)) return 0;
      cx.waitKind = W_FROZEN;
      cx.waitObj = id;
      return 1;
    },
    freed: (t, _cx, id) => cell(id, PG_FREED, t),
    mapped: (t, _cx, id) => (cell(id, PG_MAPCOUNT, t) ? 1 : 0),
    mapping_is: (t, _cx, id) => (L.mapping !== 0 && cell(id, PG_MAPPING, t) === L.mapping ? 1 : 0),
    slot: (t, _cx, i) => (i < L.nSlots ? t[L.slotsOff + i] : 0),
    pte: (t, _cx, a) => ptePresent(L, t, a),
    lock_held(t, cx, id) {
      if (L.kind[id] !== K_LOCK || !lockHeldAny(L, t, id)) return 0;
      cx.waitKind = W_LOCK;
      cx.waitObj = id;
      return 1;
    },
    is_hpage(_t, _cx, id) {
      const d = L.kind[id] === K_PAGE ? L.decls[id] : undefined;
      return d && d.kind === 'page' && d.huge ? 1 : 0;
    },
    observed(t, _cx, tag) {
      const o = L.obsOff.get(tag);
      return o === undefined ? 0 : t[o];
    },
    tlb_maps(t, _cx, id) {
      if (!id || L.tlbOff < 0) return 0;
      for (let i = 0; i < L.ncpu * L.nvpn; i++) if (t[L.tlbOff + i] === id) return 1;
      return 0;
    },
    smmu_maps(t, _cx, id) {
      if (!id || L.smmuOff < 0) return 0;
      for (let v = 0; v < L.nvpn; v++) if (t[L.smmuOff + v] === id) return 1;
      return 0;
    },
    smmu_walks(t, _cx, id) {
      return id && L.kind[id] === K_PAGETABLE && L.base[id] >= 0 ? t[L.base[id] + PT_SMMU] : 0;
    },
  };
  QUERY_CACHE.set(L, q);
  return q;
}

/** Constants and helper objects referenced by one generated function. */
export class CodeCtx {
  readonly refs: unknown[] = [];
  ref(v: unknown): string {
    this.refs.push(v);
    return `K[${this.refs.length - 1}]`;
  }
}

function flagConst(name: string): number | undefined {
  const i = PAGE_FLAG_ORDER.indexOf(name.replace(/^PG_/, '') as (typeof PAGE_FLAG_ORDER)[number]);
  return i >= 0 ? i : undefined;
}

const REL = new Set(['<', '<=', '>', '>=']);

export function exprCode(e: Expr, sc: Scope, cc: CodeCtx): string {
  switch (e.k) {
    case 'const':
      return String(e.v & 255);
    case 'local':
      return `t[${sc.local(e.name)}]`;
    case 'obj': {
      const id = sc.L.byName.get(e.name) ?? flagConst(e.name);
      if (id === undefined) sc.note(`object ${e.name}`);
      return String(id ?? 0);
    }
    case 'field':
      return `${cc.ref(getField(sc, e.field))}.read(t, ${exprCode(e.obj, sc, cc)})`;
    case 'not':
      return `((${exprCode(e.a, sc, cc)}) ? 0 : 1)`;
    case 'bin':
      return binCode(e.op, exprCode(e.a, sc, cc), exprCode(e.b, sc, cc));
    case 'query': {
      const a = e.args.map((x) => exprCode(x, sc, cc));
      if (!Object.hasOwn(queryHelpers(sc.L), e.q)) {
        sc.note(`query ${e.q}`);
        return '0';
      }
      return `Q.${e.q}(t, cx, ${a[0] ?? '0'}, ${a[1] ?? '0'})`;
    }
    case 'any':
      return 'ANY(cx)';
    case 'tlocal': {
      const o = sc.tlocal ? sc.tlocal(e.thread, e.name) : -1;
      if (o < 0) sc.note(`thread local ${e.thread}.${e.name}`);
      return o < 0 ? '0' : `t[${o}]`;
    }
    case 'tstate':
      return sc.tstate ? `${cc.ref(sc.tstate(e.thread, e.is))}(t, cx)` : '0';
    case 'tin':
      return sc.tin ? `${cc.ref(sc.tin(e.thread, e.fn))}(t, cx)` : '0';
  }
}

function binCode(op: string, a: string, b: string): string {
  if (op === '&&') return `((${a}) && (${b}) ? 1 : 0)`;
  if (op === '||') return `((${a}) || (${b}) ? 1 : 0)`;
  if (op === '+' || op === '-') return `((${a} ${op} ${b}) & 255)`;
  if (op === '*') return `(Math.imul(${a}, ${b}) & 255)`;
  if (op === '&' || op === '|') return `(${a} ${op} ${b})`;
  if (op === '==') return `((${a}) === (${b}) ? 1 : 0)`;
  if (op === '!=') return `((${a}) !== (${b}) ? 1 : 0)`;
  if (REL.has(op)) return `(S(${a}) ${op} S(${b}) ? 1 : 0)`;
  return '0';
}

/**
 * Compiles `body` (JS using t, cx and the names above) into a function of (t, cx, ...extra), from a
 * factory shared by every body of the same shape (codegen-shapes.ts). `byShape` false: literals stay.
 */
export function build<F>(sc: Scope, cc: CodeCtx, params: string, body: string, byShape = true): F {
  return makeFunction(['K', 'S', 'Q', 'ANY'], [cc.refs, signed, queryHelpers(sc.L), any], params, body, byShape) as F;
}

export type Ev = (t: Uint8Array, cx: StepCtx) => number;

export function compileExpr(e: Expr, sc: Scope): Ev {
  const cc = new CodeCtx();
  return build<Ev>(sc, cc, 't, cx', `return ${exprCode(e, sc, cc)};`);
}

type Local = (t: Uint8Array, cx: StepCtx) => number;

/** `dst = e; continue at next` as one generated function. */
export function genSet(dst: import('./ir.js').LValue, e: Expr, sc: Scope, next: number): Local {
  const cc = new CodeCtx();
  const v = exprCode(e, sc, cc);
  if (dst.k === 'local') return build<Local>(sc, cc, 't, cx', `t[${sc.local(dst.name)}] = ${v}; return ${next};`);
  const f = cc.ref(getField(sc, dst.field));
  return build<Local>(sc, cc, 't, cx', `${f}.write(t, ${exprCode(dst.obj, sc, cc)}, ${v}, cx); return ${next};`);
}

/** A branch without unknown conditions: `cond ? T : F`. */
export function genBr(cond: Expr, sc: Scope, T: number, F: number): Local {
  const cc = new CodeCtx();
  return build<Local>(sc, cc, 't, cx', `return (${exprCode(cond, sc, cc)}) ? ${T} : ${F};`);
}

export type ArgFill = (t: Uint8Array, cx: StepCtx, av: number[]) => void;

/** Evaluates an effect's arguments into av, in order. */
export function genArgs(args: Expr[], sc: Scope): ArgFill {
  const cc = new CodeCtx();
  const body = args.map((a, i) => `av[${i}] = ${exprCode(a, sc, cc)};`).join(' ');
  return build<ArgFill>(sc, cc, 't, cx, av', body);
}
