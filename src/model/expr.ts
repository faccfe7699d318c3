/**
 * Expressions → closures over the state bytes. Values are bytes; + - * wrap modulo 256; relational
 * operators read 128..249 as negative (so `err < 0` works on -EAGAIN) and the special entries
 * RETRY_ENTRY/VALUE_ENTRY (250, 251) as positive. `any` consumes one choice bit of the step.
 */
import type { BinOp, Expr, LValue } from './ir.js';
import { PAGE_FLAG_ORDER } from './ir.js';
import { fieldAccess, type FieldAccess } from './fields.js';
import { W_FROZEN, W_LOCK, W_PAGE_LOCK, type StepCtx } from './system.js';
import {
  K_LOCK,
  K_PAGE,
  K_PAGETABLE,
  PG_FLAGS,
  PG_FREED,
  PG_FROZEN,
  PG_LOCK,
  PG_MAPCOUNT,
  PG_MAPPING,
  PG_REF,
  PT_PMD,
  PT_PUD,
  type WorldLayout,
} from './world.js';

export type Ev = (t: Uint8Array, cx: StepCtx) => number;
export type Wr = (t: Uint8Array, cx: StepCtx, v: number) => void;

/** Max choice bits per step. */
export const MAX_CHOICE_BITS = 10;

export interface Scope {
  L: WorldLayout;
  /** Absolute state offset of a local of the current frame. */
  local(name: string): number;
  /** Only in properties. */
  tlocal?(thread: string, name: string): number;
  tstate?(thread: string, is: 'done' | 'blocked' | 'running'): Ev;
  note(what: string): void;
  fields: Map<string, FieldAccess>;
}

export function getField(sc: Scope, name: string): FieldAccess {
  let f = sc.fields.get(name);
  if (!f) {
    f = fieldAccess(sc.L, name);
    sc.fields.set(name, f);
  }
  if (!f.known) sc.note(`field ${name}`);
  return f;
}

/** Relational comparisons read bytes as small signed integers, except the special entries. */
export const signed = (x: number): number => (x >= 128 && x < 250 ? x - 256 : x);

const BIN: Record<BinOp, (a: number, b: number) => number> = {
  '+': (a, b) => (a + b) & 255,
  '-': (a, b) => (a - b) & 255,
  '*': (a, b) => (a * b) & 255,
  '&': (a, b) => a & b,
  '|': (a, b) => a | b,
  '==': (a, b) => (a === b ? 1 : 0),
  '!=': (a, b) => (a !== b ? 1 : 0),
  '<': (a, b) => (signed(a) < signed(b) ? 1 : 0),
  '<=': (a, b) => (signed(a) <= signed(b) ? 1 : 0),
  '>': (a, b) => (signed(a) > signed(b) ? 1 : 0),
  '>=': (a, b) => (signed(a) >= signed(b) ? 1 : 0),
  '&&': () => 0,
  '||': () => 0,
};

export function compileExpr(e: Expr, sc: Scope): Ev {
  switch (e.k) {
    case 'const': {
      const v = e.v & 255;
      return () => v;
    }
    case 'local': {
      const o = sc.local(e.name);
      return (t) => t[o];
    }
    case 'obj': {
      const id = sc.L.byName.get(e.name) ?? flagConst(e.name);
      if (id === undefined) {
        sc.note(`object ${e.name}`);
        return () => 0;
      }
      return () => id;
    }
    case 'field': {
      const f = getField(sc, e.field);
      const o = compileExpr(e.obj, sc);
      return (t, cx) => f.read(t, o(t, cx));
    }
    case 'not': {
      const a = compileExpr(e.a, sc);
      return (t, cx) => (a(t, cx) ? 0 : 1);
    }
    case 'bin':
      return compileBin(e.op, compileExpr(e.a, sc), compileExpr(e.b, sc));
    case 'query':
      return compileQuery(e.q, e.args, sc);
    case 'any':
      return (_t, cx) => {
        if (cx.bitsUsed >= MAX_CHOICE_BITS) return 0;
        return (cx.choice >>> cx.bitsUsed++) & 1;
      };
    case 'tlocal': {
      const o = sc.tlocal ? sc.tlocal(e.thread, e.name) : -1;
      if (o < 0) sc.note(`thread local ${e.thread}.${e.name}`);
      return o < 0 ? () => 0 : (t) => t[o];
    }
    case 'tstate':
      if (!sc.tstate) return () => 0;
      return sc.tstate(e.thread, e.is);
  }
}

function flagConst(name: string): number | undefined {
  const i = PAGE_FLAG_ORDER.indexOf(name.replace(/^PG_/, '') as (typeof PAGE_FLAG_ORDER)[number]);
  return i >= 0 ? i : undefined;
}

function compileBin(op: BinOp, a: Ev, b: Ev): Ev {
  if (op === '&&') return (t, cx) => (a(t, cx) && b(t, cx) ? 1 : 0);
  if (op === '||') return (t, cx) => (a(t, cx) || b(t, cx) ? 1 : 0);
  const f = BIN[op];
  return (t, cx) => f(a(t, cx), b(t, cx));
}

export function compileLValue(lv: LValue, sc: Scope): Wr {
  if (lv.k === 'local') {
    const o = sc.local(lv.name);
    return (t, _cx, v) => {
      t[o] = v;
    };
  }
  const f = getField(sc, lv.field);
  const obj = compileExpr(lv.obj, sc);
  return (t, cx, v) => f.write(t, obj(t, cx), v, cx);
}

const PAGE_BASES = new WeakMap<WorldLayout, Int32Array>();

/** Page base offset by id (-1 when the id is not a page). */
export function pageBases(L: WorldLayout): Int32Array {
  let pb = PAGE_BASES.get(L);
  if (!pb) {
    pb = new Int32Array(L.names.length).fill(-1);
    for (const id of L.pages) pb[id] = L.base[id];
    PAGE_BASES.set(L, pb);
  }
  return pb;
}

function compileQuery(q: string, args: Expr[], sc: Scope): Ev {
  const L = sc.L;
  const a0 = args[0] ? compileExpr(args[0], sc) : () => 0;
  const pb = pageBases(L);
  const page = (cell: number): Ev => {
    return (t, cx) => {
      const b = pb[a0(t, cx)];
      return b === undefined || b < 0 ? 0 : t[b + cell];
    };
  };
  switch (q) {
    case 'pflag': {
      const a1 = args[1] ? compileExpr(args[1], sc) : () => 0;
      return (t, cx) => {
        const b = pb[a0(t, cx)];
        return b === undefined || b < 0 ? 0 : (t[b + PG_FLAGS] >> a1(t, cx)) & 1;
      };
    }
    case 'page_locked':
      return (t, cx) => {
        const id = a0(t, cx);
        const b = pb[id];
        if (b === undefined || b < 0 || !t[b + PG_LOCK]) return 0;
        note(cx, W_PAGE_LOCK, id);
        return 1;
      };
    case 'refcount':
      return page(PG_REF);
    case 'frozen':
      return (t, cx) => {
        const id = a0(t, cx);
        const b = pb[id];
        if (b === undefined || b < 0 || !t[b + PG_FROZEN]) return 0;
        note(cx, W_FROZEN, id);
        return 1;
      };
    case 'freed':
      return page(PG_FREED);
    case 'mapped': {
      const m = page(PG_MAPCOUNT);
      return (t, cx) => (m(t, cx) ? 1 : 0);
    }
    case 'mapping_is': {
      const m = page(PG_MAPPING);
      return (t, cx) => (L.mapping !== 0 && m(t, cx) === L.mapping ? 1 : 0);
    }
    case 'slot':
      return (t, cx) => {
        const i = a0(t, cx);
        return i < L.nSlots ? t[L.slotsOff + i] : 0;
      };
    case 'pte':
      return (t, cx) => ptePresent(L, t, a0(t, cx));
    case 'lock_held':
      return (t, cx) => {
        const id = a0(t, cx);
        if (L.kind[id] !== K_LOCK) return 0;
        const held = lockHeldAny(L, t, id);
        if (held) note(cx, W_LOCK, id);
        return held;
      };
    case 'is_hpage':
      return (t, cx) => {
        const id = a0(t, cx);
        const d = L.kind[id] === K_PAGE ? L.decls[id] : undefined;
        return d && d.kind === 'page' && d.huge ? 1 : 0;
      };
    case 'observed':
      return (t, cx) => {
        const o = L.obsOff.get(a0(t, cx));
        return o === undefined ? 0 : t[o];
      };
    default:
      sc.note(`query ${q}`);
      return () => 0;
  }
}

function note(cx: StepCtx, kind: number, obj: number): void {
  cx.waitKind = kind;
  cx.waitObj = obj;
}

/** The page a PTE maps, or 0 when absent or its table was retracted/unshared. */
export function ptePresent(L: WorldLayout, t: Uint8Array, vpn: number): number {
  if (L.pteOff < 0 || vpn >= L.nvpn) return 0;
  const tbl = L.vpnTable[vpn];
  if (tbl && L.kind[tbl] === K_PAGETABLE) {
    const b = L.base[tbl];
    if (!t[b + PT_PMD] || !t[b + PT_PUD]) return 0;
  }
  return t[L.pteOff + vpn];
}

export function lockHeldAny(L: WorldLayout, t: Uint8Array, id: number): number {
  const b = L.base[id];
  if (t[b]) return 1;
  if (L.lockRw[id]) for (let i = 0; i < L.readerBytes; i++) if (t[b + 1 + i]) return 1;
  return 0;
}
