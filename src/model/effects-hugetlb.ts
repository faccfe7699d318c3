/**
 * Semantics of the hugetlb PMD-sharing effects (mm-reference §B.2): which PMD page a hugetlb
 * VMA's PUD points at is the VMA's `pmd_table` field (a pagetable object id, 0 = PUD none;
 * declare it in the scenario). A PMD page is shared while more than one VMA points at it
 * (upstream: its page count), so huge_pmd_unshare() can tell a shared page from a private one.
 */
import type { EffEnv, Sem } from './effects-core.js';
import { K_PAGETABLE, K_VMA, type WorldLayout } from './world.js';

const PMD_TABLE = 'pmd_table';

/** Cell of the VMA's `pmd_table` field, or -1 (not a VMA, or the field is not declared). */
function pmdTableCell(L: WorldLayout, id: number): number {
  const f = L.vmaFields.get(PMD_TABLE);
  return f !== undefined && L.kind[id] === K_VMA ? L.base[id] + f : -1;
}

/** How many VMAs' PUDs point at PMD page `table`. */
function sharers(L: WorldLayout, t: Uint8Array, table: number): number {
  let n = 0;
  for (let id = 1; id < L.names.length; id++) {
    const c = pmdTableCell(L, id);
    if (c >= 0 && t[c] === table) n++;
  }
  return n;
}

export function hugetlbSems(E: EffEnv): Partial<Record<string, Sem>> {
  const { L } = E;
  return {
    /** (M, A) pud_populate in huge_pmd_share: M's empty PUD now points at the PMD page mapping A. */
    pmd_share(t, cx, a) {
      const c = pmdTableCell(L, a[0]);
      const table = a[1] < L.nvpn ? L.vpnTable[a[1]] : 0;
      if (c < 0 || !table || L.kind[table] !== K_PAGETABLE || t[c]) {
        if (cx.rec) cx.evText = `PUD_POPULATE(${L.labels[a[0]] ?? a[0]}) -> PUD not empty, nothing shared`;
        return 0;
      }
      t[c] = table;
      cx.wroteWorld = true;
      if (cx.rec) cx.evText = `PUD_POPULATE(${L.labels[a[0]]} -> ${L.labels[table]}): shared`;
      return 1;
    },
    /** (M) → 1 when M's PMD page was shared: M's PUD is cleared and its share dropped; else 0. */
    pmd_unshare(t, cx, a) {
      const c = pmdTableCell(L, a[0]);
      if (c < 0 || !t[c] || sharers(L, t, t[c]) < 2) {
        if (cx.rec) cx.evText = `HUGE_PMD_UNSHARE(${L.labels[a[0]] ?? a[0]}) -> not shared`;
        return 0;
      }
      if (cx.rec) cx.evText = `PUD_CLEAR(${L.labels[a[0]]}): unshared ${L.labels[t[c]]}`;
      t[c] = 0;
      cx.wroteWorld = true;
      return 1;
    },
  };
}
