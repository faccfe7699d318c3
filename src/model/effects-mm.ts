/**
 * Semantics of the page-cache, page-table, TLB, notifier, gather, VMA and misc effects.
 * See effects-core.ts for the conventions (result or BLOCKED, waits noted in the step context).
 */
import { RETRY_ENTRY } from './ir.js';
import { ptePresent } from './expr.js';
import { W_RCU, W_SLOT, W_VMA, type StepCtx } from './system.js';
import { BLOCKED, putRefs, type EffEnv, type Sem } from './effects-core.js';
import {
  K_PAGETABLE,
  K_VMA,
  PT_FREED,
  PT_PMD,
  PT_PUD,
  PT_SMMU,
  VM_DETACHED,
  VM_HVLOCK,
  VM_INRMAP,
  VM_INTREE,
  VM_READERS,
  VM_SEQ,
  type WorldLayout,
} from './world.js';

function bitSet(t: Uint8Array, off: number, i: number): void {
  t[off + (i >> 3)] |= 1 << (i & 7);
}

/** Clears every CPU's cached translation of vpn. */
export function flushVpn(L: WorldLayout, t: Uint8Array, vpn: number): void {
  if (L.tlbOff < 0 || vpn >= L.nvpn) return;
  for (let c = 0; c < L.ncpu; c++) t[L.tlbOff + c * L.nvpn + vpn] = 0;
}

export function cacheSems(E: EffEnv): Partial<Record<string, Sem>> {
  const { L } = E;
  const inRange = (i: number) => i < L.nSlots;
  return {
    xa_load(t, cx, a) {
      if (!inRange(a[0])) return 0;
      const v = t[L.slotsOff + a[0]];
      if (v === RETRY_ENTRY) {
        cx.waitKind = W_SLOT;
        cx.waitObj = a[0];
      }
      return v;
    },
    xa_store(t, cx, a) {
      if (inRange(a[0])) t[L.slotsOff + a[0]] = a[1];
      cx.wroteWorld = true;
      return 0;
    },
    xa_store_range(t, cx, a) {
      for (let i = a[0]; i < a[1] && inRange(i); i++) t[L.slotsOff + i] = a[2];
      cx.wroteWorld = true;
      return 0;
    },
  };
}

function table(L: WorldLayout, id: number): number {
  return L.kind[id] === K_PAGETABLE ? L.base[id] : -1;
}

export function pageTableSems(E: EffEnv): Partial<Record<string, Sem>> {
  const { L, th } = E;
  const pteOk = (a: number) => L.pteOff >= 0 && a < L.nvpn;
  const tableCell = (cell: number, v: number): Sem => (t, cx, a) => {
    const b = table(L, a[0]);
    if (b >= 0) t[b + cell] = v;
    cx.wroteWorld = true;
    return 0;
  };
  return {
    pte_get: (t, _cx, a) => ptePresent(L, t, a[0]),
    pte_set(t, cx, a) {
      if (pteOk(a[0])) t[L.pteOff + a[0]] = a[1];
      cx.wroteWorld = true;
      return 0;
    },
    pte_clear(t, cx, a) {
      if (!pteOk(a[0])) return 0;
      const old = ptePresent(L, t, a[0]);
      t[L.pteOff + a[0]] = 0;
      cx.wroteWorld = true;
      return old;
    },
    pmd_clear: tableCell(PT_PMD, 0),
    pud_clear: tableCell(PT_PUD, 0),
    pt_free: tableCell(PT_FREED, 1),
    tlb_add(t, _cx, a) {
      if (th.gatherRangeOff >= 0 && a[0] < L.nvpn) bitSet(t, th.gatherRangeOff, a[0]);
      return 0;
    },
    tlb_flush(t, cx) {
      if (th.gatherRangeOff < 0) return 0;
      for (let v = 0; v < L.nvpn; v++) {
        const byte = th.gatherRangeOff + (v >> 3);
        if (t[byte] & (1 << (v & 7))) flushVpn(L, t, v);
      }
      for (let i = 0; i < Math.ceil(L.nvpn / 8); i++) t[th.gatherRangeOff + i] = 0;
      cx.wroteWorld = true;
      return 0;
    },
    notify_start(t, cx, a) {
      if (th.notifOff < 0) return 0;
      t[th.notifOff] = a[0];
      t[th.notifOff + 1] = a[1];
      t[th.notifOff + 2] = a[2];
      if (L.smmuOff >= 0) for (let v = a[1]; v < a[2] && v < L.nvpn; v++) t[L.smmuOff + v] = 0;
      for (const [b, covers] of tableRanges(L)) if (meets(covers, a[1], a[2])) t[b + PT_SMMU] = 0;
      cx.wroteWorld = true;
      return 0;
    },
    notify_end(t) {
      if (th.notifOff < 0) return 0;
      const lo = t[th.notifOff + 1];
      const hi = t[th.notifOff + 2];
      for (const [b, covers] of tableRanges(L)) if (t[b + PT_PMD] && meets(covers, lo, hi)) t[b + PT_SMMU] = 1;
      t[th.notifOff] = t[th.notifOff + 1] = t[th.notifOff + 2] = 0;
      return 0;
    },
    gather_queue(t, _cx, a) {
      const ord = L.pageOrdinal[a[0]];
      if (th.gatherQueueOff >= 0 && ord !== undefined && ord >= 0) bitSet(t, th.gatherQueueOff, ord);
      return 0;
    },
    gather_free(t, cx) {
      if (th.gatherQueueOff < 0) return 0;
      L.pages.forEach((id, ord) => {
        const byte = th.gatherQueueOff + (ord >> 3);
        if (t[byte] & (1 << (ord & 7))) putRefs(t, L.base[id], 1);
      });
      for (let i = 0; i < Math.ceil(L.pages.length / 8); i++) t[th.gatherQueueOff + i] = 0;
      cx.wroteWorld = true;
      return 0;
    },
  };
}

/** Is any other thread inside an RCU read-side section (GUP-fast runs as one)? */
function otherRcuReader(rcuCells: number[], me: number, t: Uint8Array): boolean {
  for (let i = 0; i < rcuCells.length; i++) if (i !== me && rcuCells[i] >= 0 && t[rcuCells[i]]) return true;
  return false;
}

export function vmaSems(E: EffEnv, rcuCells: number[]): Partial<Record<string, Sem>> {
  const { L, th } = E;
  const vma = (id: number) => (L.kind[id] === K_VMA ? L.base[id] : -1);
  const mmSeq = (t: Uint8Array) => (L.mmSeqOff >= 0 ? t[L.mmSeqOff] : 0);
  const vmaCell = (cell: number, v: number): Sem => (t, cx, a) => {
    const b = vma(a[0]);
    if (b >= 0) t[b + cell] = v;
    cx.wroteWorld = true;
    return 0;
  };
  return {
    'vma_wlock?'(t, cx, a) {
      const b = vma(a[0]);
      if (b < 0 || !t[b + VM_READERS]) return 0;
      cx.waitKind = W_VMA;
      cx.waitObj = a[0];
      return BLOCKED;
    },
    'tlb_sync_gup?'(t, cx) {
      if (!otherRcuReader(rcuCells, th.tid, t)) return 0;
      cx.waitKind = W_RCU;
      cx.waitObj = 0;
      return BLOCKED;
    },
    hvlock_alloc: vmaCell(VM_HVLOCK, 1),
    hvlock_free: vmaCell(VM_HVLOCK, 0),
    vma_detach: vmaCell(VM_DETACHED, 1),
    vma_attach: vmaCell(VM_DETACHED, 0),
    tree_store: vmaCell(VM_INTREE, 1),
    tree_clear: vmaCell(VM_INTREE, 0),
    rmap_unlink: vmaCell(VM_INRMAP, 0),
    vma_wlock(t, cx, a) {
      const b = vma(a[0]);
      if (b < 0) return 0;
      if (t[b + VM_READERS]) {
        cx.waitKind = W_VMA;
        cx.waitObj = a[0];
        return BLOCKED;
      }
      t[b + VM_SEQ] = mmSeq(t);
      cx.wroteWorld = true;
      return 0;
    },
    vma_rlock(t, cx, a) {
      const b = vma(a[0]);
      if (b < 0) return 0;
      if (t[b + VM_DETACHED] || t[b + VM_SEQ] === mmSeq(t)) {
        cx.waitKind = W_VMA;
        cx.waitObj = a[0];
        return 0;
      }
      t[b + VM_READERS]++;
      cx.wroteWorld = true;
      return 1;
    },
    vma_runlock(t, cx, a) {
      const b = vma(a[0]);
      if (b >= 0 && t[b + VM_READERS] > 0) t[b + VM_READERS]--;
      cx.wroteWorld = true;
      return 0;
    },
    mm_seq_inc(t, cx) {
      if (L.mmSeqOff >= 0) t[L.mmSeqOff] = (t[L.mmSeqOff] + 1) % 250;
      cx.wroteWorld = true;
      return 0;
    },
    tlb_sync_gup(t, cx) {
      if (otherRcuReader(rcuCells, th.tid, t)) {
        cx.waitKind = W_RCU;
        cx.waitObj = 0;
        return BLOCKED;
      }
      return 0;
    },
  };
}

export function miscSems(E: EffEnv): Partial<Record<string, Sem>> {
  const { L, th } = E;
  const md = L.mapping ? L.decls[L.mapping] : undefined;
  const uffd = md && md.kind === 'mapping' && md.uffdMissing ? 1 : 0;
  return {
    uffd_missing: () => uffd,
    rcu_read_lock(t, cx) {
      if (th.rcuOff >= 0 && t[th.rcuOff] < 255) t[th.rcuOff]++;
      cx.wroteWorld = true;
      return 0;
    },
    rcu_read_unlock(t, cx) {
      if (th.rcuOff >= 0 && t[th.rcuOff] > 0) t[th.rcuOff]--;
      cx.wroteWorld = true;
      return 0;
    },
    observe(t, cx: StepCtx, a) {
      const o = L.obsOff.get(a[0]);
      if (o !== undefined) t[o] = a[1];
      cx.wroteWorld = true;
      return 0;
    },
    sleep: () => 0,
  };
}

const TABLE_RANGES = new WeakMap<WorldLayout, [number, number[]][]>();

/** Base cell and covered virtual pages of every page-table object (cached per layout). */
function tableRanges(L: WorldLayout): [number, number[]][] {
  let r = TABLE_RANGES.get(L);
  if (!r) {
    r = [];
    L.decls.forEach((d, id) => {
      if (d?.kind === 'pagetable' && L.base[id] >= 0) r!.push([L.base[id], d.covers]);
    });
    TABLE_RANGES.set(L, r);
  }
  return r;
}

const meets = (covers: number[], lo: number, hi: number): boolean => covers.some((v) => v >= lo && v < hi);
