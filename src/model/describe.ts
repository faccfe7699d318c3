/**
 * Human-readable views of a state: what a stuck thread waits for and who holds it, and the
 * "name = value" lines a trace shows at its last step. Deterministic (declaration order).
 */
import type { Loc } from './ir.js';
import { valueName } from './effects.js';
import { DONE_PC, readPc, type CompiledThread } from './thread.js';
import {
  W_FREED,
  W_FROZEN,
  W_LOCK,
  W_PAGE_LOCK,
  W_RCU,
  W_SLOT,
  W_VMA,
  type StepCtx,
  type WaitInfo,
} from './system.js';
import {
  INITIAL_OWNER,
  K_LOCK,
  PG_FREED,
  PG_FROZEN,
  PG_LOCK,
  PG_MAPCOUNT,
  PG_REF,
  VM_READERS,
  type WorldLayout,
} from './world.js';

const NOWHERE: Loc = { file: '?', line: 0, fn: '?' };

export function makeDescriber(L: WorldLayout, threads: CompiledThread[]) {
  const name = (owner: number) =>
    owner === INITIAL_OWNER ? 'the initial state' : (threads[owner - 1]?.name ?? `thread ${owner - 1}`);
  const threadLoc = (s: Uint8Array, tid: number): Loc => {
    const th = threads[tid];
    const pc = readPc(s, th);
    if (pc === DONE_PC) return th.code[th.code.length - 1]?.loc ?? NOWHERE;
    return th.code[pc]?.loc ?? NOWHERE;
  };
  const lockHolders = (s: Uint8Array, id: number): number[] => {
    const b = L.base[id];
    const out: number[] = [];
    if (s[b] && s[b] !== INITIAL_OWNER) out.push(s[b] - 1);
    if (L.lockRw[id])
      for (let t = 0; t < threads.length; t++) if (s[b + 1 + (t >> 3)] & (1 << (t & 7))) out.push(t);
    return out;
  };
  const held = (waitsFor: string, holders: number[], loc: Loc, initial = false): WaitInfo => ({
    waitsFor,
    heldBy: holders,
    heldByText: holders.length ? holders.map((h) => threads[h].name).join(', ') : initial ? 'the initial state' : 'nobody',
    loc,
  });
  const ownerOf = (v: number) => (v && v !== INITIAL_OWNER ? [v - 1] : []);
  function describeWait(s: Uint8Array, tid: number, cx: StepCtx): WaitInfo {
    const loc = cx.waitLoc ?? threadLoc(s, tid);
    const id = cx.waitObj;
    const b = L.base[id] ?? -1;
    switch (cx.waitKind) {
      case W_LOCK:
        return held(`lock ${L.labels[id]}`, lockHolders(s, id), loc);
      case W_PAGE_LOCK:
        return held(`page lock of ${L.labels[id]}`, ownerOf(s[b + PG_LOCK]), loc, s[b + PG_LOCK] === INITIAL_OWNER);
      case W_FROZEN:
        return held(`frozen refcount of ${L.labels[id]}`, ownerOf(s[b + PG_FROZEN]), loc);
      case W_FREED:
        return held(`freed ${L.labels[id]}`, [], loc);
      case W_SLOT:
        return held(`retry entry in page-cache slot ${id}`, [], loc);
      case W_VMA:
        return held(`vma lock of ${L.labels[id]} (${s[b + VM_READERS]} readers)`, [], loc);
      case W_RCU: {
        const readers = threads.map((_, t) => t).filter((t) => t !== tid && L.rcuOff >= 0 && s[L.rcuOff + t]);
        return held('RCU readers (GUP-fast)', readers, loc);
      }
      default:
        return held(`condition at ${loc.file}:${loc.line}`, [], loc);
    }
  }
  function describeState(s: Uint8Array): string[] {
    const lines: string[] = [];
    threads.forEach((th, tid) => {
      const loc = threadLoc(s, tid);
      lines.push(readPc(s, th) === DONE_PC ? `${th.name} = done` : `${th.name} = at ${loc.file}:${loc.line} (${loc.fn})`);
    });
    for (let id = 1; id < L.names.length; id++) {
      if (L.kind[id] === K_LOCK) {
        const h = lockHolders(s, id);
        if (h.length) lines.push(`${L.labels[id]} = held by ${h.map((x) => threads[x].name).join(', ')}`);
      }
    }
    for (const id of L.pages) {
      const b = L.base[id];
      const bits = [`ref ${s[b + PG_REF]}`];
      if (s[b + PG_FROZEN]) bits.push(`frozen by ${name(s[b + PG_FROZEN])}`);
      if (s[b + PG_LOCK]) bits.push(`locked by ${name(s[b + PG_LOCK])}`);
      if (s[b + PG_MAPCOUNT]) bits.push(`mapped ${s[b + PG_MAPCOUNT]}`);
      if (s[b + PG_FREED]) bits.push('freed');
      lines.push(`${L.labels[id]} = ${bits.join(', ')}`);
    }
    for (let i = 0; i < L.nSlots; i++) lines.push(`slot ${i} = ${valueName(L, s[L.slotsOff + i])}`);
    return lines;
  }
  return {
    isDone: (s: Uint8Array, tid: number) => readPc(s, threads[tid]) === DONE_PC,
    threadLoc,
    describeWait,
    describeState,
  };
}
