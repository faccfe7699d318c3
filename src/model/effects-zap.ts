/**
 * Semantics of the zap-path effects (mm-reference §A): delayed rmap removal (6.2+ mmu_gather), a TLB
 * flush of one address on every CPU, a user store through the storing CPU's cached translation, and
 * writeback's test-and-clear of PG_dirty.
 *
 * The stale-TLB writer (R-A1's T2) is what makes A-I4 observable: its store lands in the page without
 * touching PG_dirty while its CPU still caches a dirty, writable translation. The page's model-only
 * `unsaved` flag records "holds stores newer than the last writeback snapshot"; `dirty_clear` takes the
 * snapshot only when it actually cleared PG_dirty (writeback then writes the contents as of now).
 */
import { PAGE_FLAG_ORDER } from './ir.js';
import { ptePresent } from './expr.js';
import type { StepCtx } from './system.js';
import type { EffEnv, Sem } from './effects-core.js';
import { flushVpn } from './effects-mm.js';
import { PG_FLAGS, PG_MAPCOUNT, type WorldLayout } from './world.js';

const DIRTY = 1 << PAGE_FLAG_ORDER.indexOf('dirty');
const UNSAVED = 1 << PAGE_FLAG_ORDER.indexOf('unsaved');

/** What `user_store` reports: nothing stored (the store faults), through the TLB, through a walk. */
export const STORE_FAULTED = 0;
export const STORE_VIA_TLB = 1;
export const STORE_VIA_WALK = 2;

function say(cx: StepCtx, text: string): void {
  if (cx.rec) cx.evText = text;
}

function label(L: WorldLayout, id: number): string {
  return L.labels[id] ?? String(id);
}

/** The cell counting delayed rmap removals of page `id` by thread `tid`, or -1. */
function delayCell(L: WorldLayout, tid: number, id: number): number {
  const ord = L.pageOrdinal[id];
  if (L.delayRmapOff < 0 || ord === undefined || ord < 0) return -1;
  return L.delayRmapOff + tid * L.pages.length + ord;
}

/** Delayed rmap removal: counters per thread × page, settled by tlb_flush_rmaps. */
function delayedRmapSems(E: EffEnv): Partial<Record<string, Sem>> {
  const { L, th } = E;
  return {
    rmap_delay(t, cx, a) {
      const c = delayCell(L, th.tid, a[0]);
      if (c >= 0 && t[c] < 255) t[c]++;
      cx.wroteWorld = true;
      return 0;
    },
    rmap_flush_delayed(t, cx) {
      const done: string[] = [];
      L.pages.forEach((id) => {
        const c = delayCell(L, th.tid, id);
        if (c < 0 || !t[c]) return;
        const b = L.base[id];
        t[b + PG_MAPCOUNT] = t[b + PG_MAPCOUNT] > t[c] ? t[b + PG_MAPCOUNT] - t[c] : 0;
        t[c] = 0;
        done.push(label(L, id));
      });
      say(cx, done.length ? `RMAP_DEL(${done.join(', ')}) (delayed)` : 'RMAP_DEL (no delayed rmap)');
      cx.wroteWorld = true;
      return 0;
    },
  };
}

/** A user store to virtual page a[0] from this thread's CPU (see STORE_*). */
function userStore(E: EffEnv): Sem {
  const { L, th, pb } = E;
  return (t, cx, a) => {
    const vpn = a[0];
    if (L.tlbOff < 0 || vpn >= L.nvpn) return STORE_FAULTED;
    const tlb = L.tlbOff + th.cpu * L.nvpn + vpn;
    const cached = t[tlb];
    const b = cached ? (pb[cached] ?? -1) : -1;
    if (b >= 0) {
      // a cached dirty+writable translation: the store reaches the page, PG_dirty untouched
      t[b + PG_FLAGS] |= UNSAVED;
      cx.wroteWorld = true;
      say(cx, `STORE(va ${vpn}) -> ${label(L, cached)} through the cached TLB entry`);
      return STORE_VIA_TLB;
    }
    const mapped = ptePresent(L, t, vpn);
    const walked = mapped ? (pb[mapped] ?? -1) : -1;
    if (walked < 0) {
      say(cx, `STORE(va ${vpn}) faults (no PTE)`);
      return STORE_FAULTED;
    }
    // a page-table walk (or write fault) marks the mapping dirty before the store lands: the model
    // sets PG_dirty for it, and the CPU caches the translation again
    t[walked + PG_FLAGS] |= UNSAVED | DIRTY;
    t[tlb] = mapped;
    cx.wroteWorld = true;
    say(cx, `STORE(va ${vpn}) -> ${label(L, mapped)} after a page-table walk (marks it dirty)`);
    return STORE_VIA_WALK;
  };
}

/** Writeback's test-and-clear of PG_dirty: a snapshot of the contents when it was set. */
function dirtyClear(E: EffEnv): Sem {
  const { L, pb } = E;
  return (t, cx, a) => {
    const b = pb[a[0]] ?? -1;
    if (b < 0) return 0;
    const old = t[b + PG_FLAGS] & DIRTY ? 1 : 0;
    // writeback will write the contents as of now: earlier stores are saved
    if (old) t[b + PG_FLAGS] &= ~(DIRTY | UNSAVED);
    cx.wroteWorld = true;
    say(cx, `TEST_CLEAR_DIRTY(${label(L, a[0])}) -> ${old ? 'was dirty: writeback of the current contents' : 'clean'}`);
    return old;
  };
}

export function zapSems(E: EffEnv): Partial<Record<string, Sem>> {
  const { L } = E;
  return {
    ...delayedRmapSems(E),
    tlb_flush_va(t, cx, a) {
      flushVpn(L, t, a[0]);
      cx.wroteWorld = true;
      return 0;
    },
    user_store: userStore(E),
    dirty_clear: dirtyClear(E),
  };
}
