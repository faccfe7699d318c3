/**
 * Semantics of the per-VMA locking effects of the 6.4 rwsem form (mm-reference §D.1): the lockless
 * maple-tree walk, the lockless first check of vma_start_read(), unlink_anon_vmas() (which in 6.4 also
 * clears vma->anon_vma), the RCU-deferred VMA free of vm_area_free(), the range clear of munmap, an
 * atomic rwsem downgrade (mmap_write_downgrade), the fault's walk to its page table and free_pgd_range().
 *
 * VMA bounds and the other per-VMA facts these effects read are the scenario's custom VMA fields
 * (declare them on every VMA): `vm_start`, `vm_end` (virtual page numbers, end exclusive), `anon_vma`
 * (an object id, 0 = none), `walked` (bit i set when a lockless walk of thread i returned the VMA: it
 * holds a pointer it has not locked), `vm_freed` (set by the RCU-deferred free). Undeclared fields are skipped.
 */
import { W_RCU, W_VMA, type StepCtx } from './system.js';
import type { EffEnv, Sem } from './effects-core.js';
import { BLOCKED } from './effects-core.js';
import { K_LOCK, K_PAGETABLE, K_VMA, PT_FREED, VM_INRMAP, VM_INTREE, VM_READERS, VM_SEQ, type WorldLayout } from './world.js';

/** Cell of a custom VMA field of object `id`, or -1 (not a VMA, or the field is not declared). */
export function vmaFieldCell(L: WorldLayout, id: number, field: string): number {
  const f = L.vmaFields.get(field);
  return f !== undefined && id > 0 && id < L.names.length && L.kind[id] === K_VMA ? L.base[id] + f : -1;
}

function say(cx: StepCtx, text: string): void {
  if (cx.rec) cx.evText = text;
}

const label = (L: WorldLayout, id: number): string => (id ? (L.labels[id] ?? String(id)) : 'NULL');

/** The VMA objects whose custom `vm_start`/`vm_end` are declared, in id order. */
function vmasWithBounds(L: WorldLayout): number[] {
  const out: number[] = [];
  for (let id = 1; id < L.names.length; id++) if (vmaFieldCell(L, id, 'vm_end') >= 0) out.push(id);
  return out;
}

/** The VMA in the mm's tree covering virtual page `a` (vm_start <= a < vm_end), or 0. */
function treeLookup(L: WorldLayout, t: Uint8Array, a: number): number {
  for (const id of vmasWithBounds(L)) {
    const b = L.base[id];
    if (!t[b + VM_INTREE]) continue;
    const lo = t[vmaFieldCell(L, id, 'vm_start')];
    const hi = t[vmaFieldCell(L, id, 'vm_end')];
    if (lo <= a && a < hi) return id;
  }
  return 0;
}

/** Is any thread other than `me` inside an RCU read-side section? */
function otherRcuReader(rcuCells: number[], me: number, t: Uint8Array): boolean {
  for (let i = 0; i < rcuCells.length; i++) if (i !== me && rcuCells[i] >= 0 && t[rcuCells[i]]) return true;
  return false;
}

/** Lock semantics the downgrade needs: the lock's writer cell and this thread's reader bit. */
function downgradeSem(E: EffEnv): Sem {
  const { L, th } = E;
  return (t, cx, a) => {
    const id = a[0];
    if (L.kind[id] !== K_LOCK || !L.lockRw[id]) return 0;
    const b = L.base[id];
    // only the writer downgrades: the write hold becomes a read hold in one step (no other taker between)
    if (t[b] !== th.me) return 0;
    t[b] = 0;
    t[b + 1 + th.readerByte] |= th.readerMask;
    cx.wroteWorld = true;
    return 0;
  };
}

export function vmaLockSems(E: EffEnv, rcuCells: number[]): Partial<Record<string, Sem>> {
  return {
    ...vmaLookupAndLockSems(E, rcuCells),
    ...treeAndTableSems(E),
    /** (L) downgrade_write(): the caller's write hold becomes a read hold atomically. */
    downgrade: downgradeSem(E),
  };
}

const fieldSetter = (L: EffEnv['L']) => (t: Uint8Array, id: number, field: string, v: number) => {
  const c = vmaFieldCell(L, id, field);
  if (c >= 0) t[c] = v;
};

/** Lockless lookup, the VMA read lock of 6.4, anon_vma unlinking and RCU-deferred freeing. */
function vmaLookupAndLockSems(E: EffEnv, rcuCells: number[]): Partial<Record<string, Sem>> {
  const { L, th } = E;
  const mmSeq = (t: Uint8Array) => (L.mmSeqOff >= 0 ? t[L.mmSeqOff] : 0);
  const setField = fieldSetter(L);
  return {
    /** (A) → M: lockless walk of the mm's maple tree (mas_walk / vma_lookup under RCU or no lock). */
    vma_find(t, cx, a) {
      const id = treeLookup(L, t, a[0]);
      // `walked`: one bit per thread that holds a pointer from a lockless walk (tid < 8)
      const c = id ? vmaFieldCell(L, id, 'walked') : -1;
      if (c >= 0 && th.tid < 8) t[c] |= 1 << th.tid;
      cx.wroteWorld = true;
      say(cx, `TREE_WALK(va ${a[0]}) -> ${label(L, id)}`);
      return id;
    },
    /** (M) → 1 unless write-locked: the lockless vm_lock_seq test vma_start_read() makes before its trylock. */
    vma_rlock_peek(t, cx, a) {
      const id = a[0];
      if (L.kind[id] !== K_VMA) return 0;
      const locked = t[L.base[id] + VM_SEQ] === mmSeq(t);
      say(cx, `VMA_SEQ_CHECK(${label(L, id)}) -> ${locked ? 'write-locked' : 'not write-locked'}`);
      return locked ? 0 : 1;
    },
    /**
     * (M) → ok: the trylock and recheck of 6.4's vma_start_read(): fails only while the VMA is write-locked
     * (vm_lock_seq == mm_lock_seq). A detached VMA can be read-locked (6.4 tests `detached` afterwards);
     * the writer's vma_start_write() waits for the reader (`readers`).
     */
    vma_trylock_read(t, cx, a) {
      const id = a[0];
      if (L.kind[id] !== K_VMA) return 0;
      const b = L.base[id];
      if (t[b + VM_SEQ] === mmSeq(t)) {
        cx.waitKind = W_VMA;
        cx.waitObj = id;
        return 0;
      }
      if (t[b + VM_READERS] < 255) t[b + VM_READERS]++;
      cx.wroteWorld = true;
      return 1;
    },
    /** (M) unlink_anon_vmas() of 6.4: out of the anon rmap, and vma->anon_vma = NULL. */
    anon_vma_unlink(t, cx, a) {
      const id = a[0];
      if (L.kind[id] !== K_VMA) return 0;
      t[L.base[id] + VM_INRMAP] = 0;
      setField(t, id, 'anon_vma', 0);
      cx.wroteWorld = true;
      return 0;
    },
    /** (M) vm_area_free(): freed once every RCU reader that may have found it has left (call_rcu). */
    vma_free(t, cx, a) {
      if (otherRcuReader(rcuCells, th.tid, t)) {
        cx.waitKind = W_RCU;
        cx.waitObj = 0;
        return BLOCKED;
      }
      setField(t, a[0], 'vm_freed', 1);
      cx.wroteWorld = true;
      say(cx, `VMA_FREE(${label(L, a[0])}) after the RCU grace period`);
      return 0;
    },
  };
}

/** The mm's tree losing a range of VMAs, and page-table walks and frees by virtual page. */
function treeAndTableSems(E: EffEnv): Partial<Record<string, Sem>> {
  const { L } = E;
  return {
    /** (Alo, Ahi) vma_iter_clear_gfp(): every VMA inside [lo, hi) leaves the mm's tree. */
    tree_clear_range(t, cx, a) {
      const gone: string[] = [];
      for (const id of vmasWithBounds(L)) {
        const lo = t[vmaFieldCell(L, id, 'vm_start')];
        const hi = t[vmaFieldCell(L, id, 'vm_end')];
        if (lo >= a[0] && hi <= a[1] && t[L.base[id] + VM_INTREE]) {
          t[L.base[id] + VM_INTREE] = 0;
          gone.push(label(L, id));
        }
      }
      cx.wroteWorld = true;
      say(cx, `TREE_CLEAR(va ${a[0]}..${a[1]})${gone.length ? `: ${gone.join(', ')}` : ''}`);
      return 0;
    },
    /** (A) → table: the page table covering virtual page A (pmd_off: the fault's walk to its PMD), 0 if none. */
    pt_walk(_t, cx, a) {
      const id = a[0] < L.nvpn ? L.vpnTable[a[0]] : 0;
      say(cx, `PT_WALK(va ${a[0]}) -> ${label(L, id)}`);
      return id > 0 && L.kind[id] === K_PAGETABLE ? id : 0;
    },
    /** (Alo, Ahi) free_pgd_range(): every page table covering a virtual page of [lo, hi) is freed. */
    pt_free_range(t, cx, a) {
      const gone: string[] = [];
      for (let v = a[0]; v < a[1] && v < L.nvpn; v++) {
        const id = L.vpnTable[v];
        if (id > 0 && L.kind[id] === K_PAGETABLE && !t[L.base[id] + PT_FREED]) {
          t[L.base[id] + PT_FREED] = 1;
          gone.push(label(L, id));
        }
      }
      cx.wroteWorld = true;
      say(cx, `PT_FREE(va ${a[0]}..${a[1]})${gone.length ? `: ${gone.join(', ')}` : ''}`);
      return 0;
    },
  };
}

