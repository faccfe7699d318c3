/**
 * rmap_walk_unmap (try_to_unmap): for each PTE that maps page P, in VPN order:
 *   open a notifier CLEAR bracket on [vpn, vpn+1) → take that table's PTL (blocking) → clear the PTE
 *   (and flush it from every TLB, as ptep_clear_flush does) → rmap_del + drop the mapping's reference
 *   → unlock the PTL → close the bracket.
 * Each arrow is a visible sub-step of the same thread (the thread stays on the instruction, its walk
 * cells say where it is), so a PTL wait inside try_to_unmap is an interleaving point.
 */
import type { ObjectDecl } from './scenario.js';
import { ptePresent } from './expr.js';
import { W_LOCK, type StepCtx } from './system.js';
import { BLOCKED, CONTINUE, putRefs, type EffEnv, type Sem } from './effects-core.js';
import { flushVpn } from './effects-mm.js';
import { K_LOCK, PG_MAPCOUNT, type WorldLayout } from './world.js';

const NOTIFY_CLEAR = 2;

function nextMappedVpn(L: WorldLayout, t: Uint8Array, page: number, from: number): number {
  for (let v = from; v < L.nvpn; v++) if (ptePresent(L, t, v) === page) return v;
  return -1;
}

function ptlOf(L: WorldLayout, vpn: number): number {
  const tbl = L.vpnTable[vpn];
  if (!tbl) return 0;
  const d = L.decls[tbl] as ObjectDecl | undefined;
  if (!d || d.kind !== 'pagetable') return 0;
  const id = L.byName.get(d.ptl) ?? 0;
  return L.kind[id] === K_LOCK ? id : 0;
}

export function walkSem(E: EffEnv): Sem {
  const { L, th, pb } = E;
  const say = (cx: StepCtx, text: string) => {
    if (cx.rec) cx.evText = text;
  };
  const open = (t: Uint8Array, cx: StepCtx, v: number): number => {
    const w = th.walkOff;
    t[w] = 1;
    t[w + 1] = v;
    if (th.notifOff >= 0) {
      t[th.notifOff] = NOTIFY_CLEAR;
      t[th.notifOff + 1] = v;
      t[th.notifOff + 2] = v + 1;
    }
    if (L.smmuOff >= 0) t[L.smmuOff + v] = 0;
    cx.wroteWorld = true;
    say(cx, `NSTART(CLEAR, [${v},${v + 1}))`);
    return CONTINUE;
  };
  return (t, cx, a) => {
    const w = th.walkOff;
    const page = a[0];
    const b = pb[page];
    if (w < 0 || b === undefined || b < 0) return 0;
    const v = t[w + 1];
    switch (t[w]) {
      case 0: {
        const first = nextMappedVpn(L, t, page, 0);
        if (first < 0) {
          say(cx, 'try_to_unmap: not mapped');
          return 0;
        }
        return open(t, cx, first);
      }
      case 1: {
        const ptl = ptlOf(L, v);
        if (ptl) {
          if (t[L.base[ptl]]) {
            cx.waitKind = W_LOCK;
            cx.waitObj = ptl;
            return BLOCKED;
          }
          t[L.base[ptl]] = th.me;
        }
        t[w] = 2;
        cx.wroteWorld = true;
        say(cx, `LOCK(${ptl ? L.labels[ptl] : 'no PTL'})`);
        return CONTINUE;
      }
      case 2:
        t[L.pteOff + v] = 0;
        flushVpn(L, t, v);
        t[w] = 3;
        cx.wroteWorld = true;
        say(cx, `PTE_CLEAR(${v})`);
        return CONTINUE;
      case 3:
        if (t[b + PG_MAPCOUNT] > 0) t[b + PG_MAPCOUNT]--;
        putRefs(t, b, 1);
        t[w] = 4;
        cx.wroteWorld = true;
        say(cx, `RMAP_DEL(${L.labels[page]})`);
        return CONTINUE;
      case 4: {
        const ptl = ptlOf(L, v);
        if (ptl) t[L.base[ptl]] = 0;
        t[w] = 5;
        cx.wroteWorld = true;
        say(cx, `UNLOCK(${ptl ? L.labels[ptl] : 'no PTL'})`);
        return CONTINUE;
      }
      default: {
        if (th.notifOff >= 0) t[th.notifOff] = t[th.notifOff + 1] = t[th.notifOff + 2] = 0;
        const next = nextMappedVpn(L, t, page, v + 1);
        if (next >= 0) {
          open(t, cx, next);
          say(cx, `NEND; NSTART(CLEAR, [${next},${next + 1}))`);
          return CONTINUE;
        }
        say(cx, 'NEND');
        t[w] = t[w + 1] = 0;
        return 0;
      }
    }
  };
}
