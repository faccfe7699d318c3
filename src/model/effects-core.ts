/**
 * Semantics of the lock, page-lock, refcount and page-flag effects (ir.ts EffectKind).
 *
 * A semantic function gets the evaluated arguments and returns the effect's result (>= 0) or
 * BLOCKED when a blocking effect's guard is false. Failed non-blocking attempts (trylock, tryget,
 * freeze) note what they met in the step context, so a retry loop made of them can be explained.
 */
import { W_FREED, W_FROZEN, W_LOCK, W_PAGE_LOCK, type StepCtx } from './system.js';
import {
  K_LOCK,
  PG_FLAGS,
  PG_FREED,
  PG_FROZEN,
  PG_LOCK,
  PG_MAPCOUNT,
  PG_MAPPING,
  PG_REF,
  type WorldLayout,
} from './world.js';

export const BLOCKED = -1;
/** A sub-step of a multi-step effect: the thread stays on the same instruction. */
export const CONTINUE = -3;

/** A thread's own cells and identity, as effects need them. */
export interface ThreadCells {
  tid: number;
  me: number; // tid + 1, the owner value written into lock cells
  cpu: number;
  readerByte: number;
  readerMask: number;
  rcuOff: number;
  notifOff: number; // event, lo, hi
  gatherRangeOff: number; // bitset over vpns
  gatherQueueOff: number; // bitset over pages (by ordinal)
  walkOff: number; // rmap walk: phase, vpn
}

export interface EffEnv {
  L: WorldLayout;
  th: ThreadCells;
  pb: Int32Array; // page base by id, -1 when not a page
}

export type Sem = (t: Uint8Array, cx: StepCtx, a: number[]) => number;

function wait(cx: StepCtx, kind: number, obj: number): void {
  cx.waitKind = kind;
  cx.waitObj = obj;
}

/** Can thread `th` take lock `id` in `mode` (0 exclusive, 1 shared) right now? */
function lockFree(E: EffEnv, t: Uint8Array, id: number, shared: boolean): boolean {
  const { L } = E;
  const b = L.base[id];
  if (t[b]) return false;
  if (shared && L.lockRw[id]) return true;
  if (L.lockRw[id]) for (let i = 0; i < L.readerBytes; i++) if (t[b + 1 + i]) return false;
  return true;
}

function take(E: EffEnv, t: Uint8Array, id: number, shared: boolean): void {
  const b = E.L.base[id];
  if (shared && E.L.lockRw[id]) t[b + 1 + E.th.readerByte] |= E.th.readerMask;
  else t[b] = E.th.me;
}

export function lockSems(E: EffEnv): Partial<Record<string, Sem>> {
  const { L, th, pb } = E;
  const isLock = (id: number) => L.kind[id] === K_LOCK;
  return {
    'lock?'(t, cx, a) {
      const id = a[0];
      if (!isLock(id) || lockFree(E, t, id, a[1] === 1)) return 0;
      wait(cx, W_LOCK, id);
      return BLOCKED;
    },
    'page_lock?'(t, cx, a) {
      const b = pb[a[0]];
      if (b === undefined || b < 0 || !t[b + PG_LOCK]) return 0;
      wait(cx, W_PAGE_LOCK, a[0]);
      return BLOCKED;
    },
    lock(t, cx, a) {
      const id = a[0];
      if (!isLock(id)) return 0;
      if (!lockFree(E, t, id, a[1] === 1)) {
        wait(cx, W_LOCK, id);
        return BLOCKED;
      }
      take(E, t, id, a[1] === 1);
      cx.wroteWorld = true;
      return 0;
    },
    trylock(t, cx, a) {
      const id = a[0];
      if (!isLock(id)) return 1;
      if (!lockFree(E, t, id, a[1] === 1)) {
        wait(cx, W_LOCK, id);
        return 0;
      }
      take(E, t, id, a[1] === 1);
      cx.wroteWorld = true;
      return 1;
    },
    unlock(t, cx, a) {
      const id = a[0];
      if (!isLock(id)) return 0;
      const b = L.base[id];
      const rb = b + 1 + th.readerByte;
      if (t[b] !== th.me && L.lockRw[id] && t[rb] & th.readerMask) t[rb] &= ~th.readerMask;
      else t[b] = 0;
      cx.wroteWorld = true;
      return 0;
    },
    page_lock(t, cx, a) {
      const b = pb[a[0]];
      if (b === undefined || b < 0) return 0;
      if (t[b + PG_LOCK]) {
        wait(cx, W_PAGE_LOCK, a[0]);
        return BLOCKED;
      }
      t[b + PG_LOCK] = th.me;
      cx.wroteWorld = true;
      return 0;
    },
    page_trylock(t, cx, a) {
      const b = pb[a[0]];
      if (b === undefined || b < 0) return 1;
      if (t[b + PG_LOCK]) {
        wait(cx, W_PAGE_LOCK, a[0]);
        return 0;
      }
      t[b + PG_LOCK] = th.me;
      cx.wroteWorld = true;
      return 1;
    },
    page_unlock(t, cx, a) {
      const b = pb[a[0]];
      if (b === undefined || b < 0) return 0;
      t[b + PG_LOCK] = 0;
      cx.wroteWorld = true;
      return 0;
    },
  };
}

/** Drops n references; the page is freed when the count reaches 0 (and it is not frozen). */
export function putRefs(t: Uint8Array, b: number, n: number): void {
  const r = t[b + PG_REF];
  t[b + PG_REF] = r > n ? r - n : 0;
  if (t[b + PG_REF] === 0 && !t[b + PG_FROZEN]) t[b + PG_FREED] = 1;
}

export function refSems(E: EffEnv): Partial<Record<string, Sem>> {
  const { th, pb } = E;
  const page = (id: number): number => {
    const b = pb[id];
    return b === undefined ? -1 : b;
  };
  return {
    ref_get(t, cx, a) {
      const b = page(a[0]);
      if (b < 0) return 0;
      if (t[b + PG_REF] < 255) t[b + PG_REF]++;
      cx.wroteWorld = true;
      return 0;
    },
    ref_put(t, cx, a) {
      const b = page(a[0]);
      if (b < 0) return 0;
      putRefs(t, b, a.length > 1 ? a[1] : 1);
      cx.wroteWorld = true;
      return 0;
    },
    ref_tryget(t, cx, a) {
      const b = page(a[0]);
      if (b < 0) return 0;
      if (t[b + PG_FROZEN] || t[b + PG_FREED] || t[b + PG_REF] === 0) {
        wait(cx, t[b + PG_FROZEN] ? W_FROZEN : W_FREED, a[0]);
        return 0;
      }
      if (t[b + PG_REF] < 255) t[b + PG_REF]++;
      cx.wroteWorld = true;
      return 1;
    },
    ref_freeze(t, cx, a) {
      const b = page(a[0]);
      if (b < 0) return 0;
      if (t[b + PG_FROZEN] || t[b + PG_REF] !== a[1]) return 0;
      t[b + PG_FROZEN] = th.me;
      t[b + PG_REF] = 0;
      cx.wroteWorld = true;
      return 1;
    },
    ref_unfreeze(t, cx, a) {
      const b = page(a[0]);
      if (b < 0) return 0;
      t[b + PG_FROZEN] = 0;
      t[b + PG_REF] = a[1];
      cx.wroteWorld = true;
      return 0;
    },
    ref_check(t, cx, a) {
      const b = page(a[0]);
      if (b < 0) return 0;
      if (t[b + PG_FROZEN]) wait(cx, W_FROZEN, a[0]);
      return !t[b + PG_FROZEN] && t[b + PG_REF] === a[1] ? 1 : 0;
    },
    pflag_set(t, cx, a) {
      const b = page(a[0]);
      if (b >= 0 && a[1] < 8) t[b + PG_FLAGS] |= 1 << a[1];
      cx.wroteWorld = true;
      return 0;
    },
    pflag_clear(t, cx, a) {
      const b = page(a[0]);
      if (b >= 0 && a[1] < 8) t[b + PG_FLAGS] &= ~(1 << a[1]);
      cx.wroteWorld = true;
      return 0;
    },
    page_set_mapping(t, cx, a) {
      const b = page(a[0]);
      if (b >= 0) t[b + PG_MAPPING] = a[1];
      cx.wroteWorld = true;
      return 0;
    },
    dirty(t, cx, a) {
      const b = page(a[0]);
      if (b >= 0) t[b + PG_FLAGS] |= 1 << 1;
      cx.wroteWorld = true;
      return 0;
    },
    rmap_del(t, cx, a) {
      const b = page(a[0]);
      if (b >= 0 && t[b + PG_MAPCOUNT] > 0) t[b + PG_MAPCOUNT]--;
      cx.wroteWorld = true;
      return 0;
    },
  };
}
