/**
 * Field access on world objects (`page->mapping`, `vma->vm_private_data`) by name.
 *
 * Each field name gets, per object id, a cell offset (or a constant, or a bit of the page flags cell).
 * A name no object knows reads as 0 and is recorded as unmodelled; a name the program writes but no
 * object knows gets its own cell per object (allocated by the world layout), so writes are not lost.
 */
import { PAGE_FLAG_ORDER } from './ir.js';
import type { ObjectDecl } from './scenario.js';
import type { StepCtx } from './system.js';
import {
  K_LOCK,
  K_PAGE,
  K_PAGETABLE,
  K_VMA,
  PG_FLAGS,
  PG_FREED,
  PG_FROZEN,
  PG_LOCK,
  PG_MAPCOUNT,
  PG_MAPPING,
  PG_REF,
  PT_FREED,
  PT_PMD,
  PT_PUD,
  type WorldLayout,
} from './world.js';

const CONST = -2;

export interface FieldAccess {
  name: string;
  known: boolean;
  read(t: Uint8Array, id: number): number;
  write(t: Uint8Array, id: number, v: number, cx: StepCtx): void;
}

const PAGE_ALIASES: Record<string, number> = {
  ref: PG_REF,
  _refcount: PG_REF,
  refcount: PG_REF,
  count: PG_REF,
  frozen: PG_FROZEN,
  locked: PG_LOCK,
  lock: PG_LOCK,
  PG_locked: PG_LOCK,
  flags: PG_FLAGS,
  mapping: PG_MAPPING,
  freed: PG_FREED,
  mapcount: PG_MAPCOUNT,
  _mapcount: PG_MAPCOUNT,
};

const PT_ALIASES: Record<string, number> = { pmd: PT_PMD, pud: PT_PUD, freed: PT_FREED };

interface Cell {
  off: number;
  mask: number;
  konst: number;
}

function pageCell(L: WorldLayout, id: number, name: string): Cell | null {
  const b = L.base[id];
  if (Object.hasOwn(PAGE_ALIASES, name)) return { off: b + PAGE_ALIASES[name], mask: 0, konst: 0 };
  const flag = PAGE_FLAG_ORDER.indexOf(name.replace(/^PG_/, '') as (typeof PAGE_FLAG_ORDER)[number]);
  if (flag >= 0) return { off: b + PG_FLAGS, mask: 1 << flag, konst: 0 };
  if (name === 'index') {
    const d = L.decls[id] as Extract<ObjectDecl, { kind: 'page' }>;
    return { off: CONST, mask: 0, konst: d.index ?? 0 };
  }
  return null;
}

function cellFor(L: WorldLayout, id: number, name: string): Cell | null {
  const b = L.base[id];
  switch (L.kind[id]) {
    case K_PAGE:
      return pageCell(L, id, name);
    case K_VMA: {
      const f = L.vmaFields.get(name);
      return f === undefined ? null : { off: b + f, mask: 0, konst: 0 };
    }
    case K_PAGETABLE: {
      if (Object.hasOwn(PT_ALIASES, name)) return { off: b + PT_ALIASES[name], mask: 0, konst: 0 };
      if (name === 'ptl') {
        const d = L.decls[id] as Extract<ObjectDecl, { kind: 'pagetable' }>;
        return { off: CONST, mask: 0, konst: L.byName.get(d.ptl) ?? 0 };
      }
      return null;
    }
    case K_LOCK:
      return name === 'owner' || name === 'locked' ? { off: b, mask: 0, konst: 0 } : null;
    default:
      return null;
  }
}

export function fieldAccess(L: WorldLayout, name: string): FieldAccess {
  const n = L.names.length;
  const off = new Int32Array(n).fill(-1);
  const mask = new Uint8Array(n);
  const konst = new Int16Array(n);
  const extra = L.extraFields.get(name);
  let known = false;
  for (let id = 1; id < n; id++) {
    const c = cellFor(L, id, name);
    if (c) {
      off[id] = c.off;
      mask[id] = c.mask;
      konst[id] = c.konst;
      known = true;
    } else if (extra) off[id] = extra[id];
  }
  return {
    name,
    known: known || !!extra,
    read(t, id) {
      const o = off[id];
      if (o >= 0) {
        const m = mask[id];
        return m ? (t[o] & m ? 1 : 0) : t[o];
      }
      return o === CONST ? konst[id] & 255 : 0;
    },
    write(t, id, v, cx) {
      const o = off[id];
      if (o < 0) return;
      const m = mask[id];
      if (m) t[o] = v ? t[o] | m : t[o] & ~m;
      else t[o] = v;
      cx.wroteWorld = true;
    },
  };
}

/** Field names some object kind knows (others written by a program get their own cells). */
export function isKnownFieldName(name: string, vmaFields: Iterable<string>): boolean {
  if (Object.hasOwn(PAGE_ALIASES, name) || Object.hasOwn(PT_ALIASES, name)) return true;
  if (['index', 'ptl', 'owner', 'locked'].includes(name)) return true;
  if (PAGE_FLAG_ORDER.includes(name.replace(/^PG_/, '') as (typeof PAGE_FLAG_ORDER)[number])) return true;
  for (const f of vmaFields) if (f === name) return true;
  return false;
}
