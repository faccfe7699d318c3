/**
 * What expression compilation needs from its surroundings (Scope), and the value conventions:
 * values are bytes; + - * wrap modulo 256; relational operators read 128..249 as negative (so
 * `err < 0` works on -EAGAIN) and the special entries RETRY_ENTRY/VALUE_ENTRY (250, 251) as positive.
 */
import { fieldAccess, type FieldAccess } from './fields.js';
import type { StepCtx } from './system.js';
import { K_PAGETABLE, PT_PMD, PT_PUD, type WorldLayout } from './world.js';

export type Ev = (t: Uint8Array, cx: StepCtx) => number;
export type Wr = (t: Uint8Array, cx: StepCtx, v: number) => void;

export interface Scope {
  L: WorldLayout;
  /** Absolute state offset of a local of the current frame. */
  local(name: string): number;
  /** Only in properties. */
  tlocal?(thread: string, name: string): number;
  tstate?(thread: string, is: 'done' | 'blocked' | 'running'): Ev;
  tin?(thread: string, fn: string): Ev;
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
