/**
 * Compiles `eff` instructions into visible-step closures: evaluate the arguments, apply the effect's
 * semantics, write the result, and (when replaying) record the kernel event for the trace.
 */
import type { EffectKind } from './ir.js';
import { PAGE_FLAG_ORDER, RETRY_ENTRY, VALUE_ENTRY } from './ir.js';
import type { Flat } from './inline.js';
import { compileLValue, pageBases, type Scope } from './expr.js';
import { genArgs } from './codegen.js';
import { BLOCKED, CONTINUE, lockSems, refSems, type EffEnv, type Sem, type ThreadCells } from './effects-core.js';
import { cacheSems, miscSems, pageTableSems, vmaSems } from './effects-mm.js';
import { walkSem } from './effects-walk.js';
import { zapSems } from './effects-zap.js';
import { hugetlbSems } from './effects-hugetlb.js';
import { vmaLockSems } from './effects-vma.js';
import type { StepCtx } from './system.js';
import type { WorldLayout } from './world.js';

export { BLOCKED, CONTINUE };
export type Visible = (t: Uint8Array, cx: StepCtx) => number;

/** Event name and argument roles: O object, V value, n number, F page flag, m lock mode, e notifier event. */
const EVENTS: Record<EffectKind, [string, string, boolean]> = {
  lock: ['LOCK', 'Om', false],
  trylock: ['TRYLOCK', 'Om', true],
  unlock: ['UNLOCK', 'O', false],
  page_lock: ['LOCK page_lock', 'O', false],
  page_trylock: ['TRYLOCK page_lock', 'O', true],
  page_unlock: ['UNLOCK page_lock', 'O', false],
  ref_get: ['REF_GET', 'O', false],
  ref_put: ['REF_PUT', 'On', false],
  ref_tryget: ['REF_TRYGET', 'O', true],
  ref_freeze: ['REF_FREEZE', 'On', true],
  ref_unfreeze: ['REF_UNFREEZE', 'On', false],
  ref_check: ['REF_CHECK', 'On', true],
  pflag_set: ['PFLAG_SET', 'OF', false],
  pflag_clear: ['PFLAG_CLEAR', 'OF', false],
  page_set_mapping: ['SET_MAPPING', 'OV', false],
  xa_load: ['XA_LOAD', 'n', true],
  xa_store: ['XA_STORE', 'nV', false],
  xa_store_range: ['XA_STORE_MULTI', 'nnV', false],
  pte_get: ['PTE_GET', 'n', true],
  pte_set: ['PTE_SET', 'nV', false],
  pte_clear: ['PTE_CLEAR', 'n', false],
  pmd_clear: ['PMD_CLEAR', 'O', false],
  pud_clear: ['PUD_CLEAR', 'O', false],
  pt_free: ['PT_FREE', 'O', false],
  tlb_add: ['TLB_RANGE_ADD', 'n', false],
  tlb_flush: ['TLB_FLUSH', '', false],
  tlb_sync_gup: ['TLB_SYNC_GUP', '', false],
  notify_start: ['NSTART', 'enn', false],
  notify_end: ['NEND', '', false],
  dirty: ['DIRTY', 'O', false],
  rmap_del: ['RMAP_DEL', 'O', false],
  rmap_walk_unmap: ['TRY_TO_UNMAP', 'O', false],
  gather_queue: ['QUEUE', 'O', false],
  gather_free: ['FREE_BATCH', '', false],
  hvlock_alloc: ['HVLOCK_ALLOC', 'O', false],
  hvlock_free: ['HVLOCK_FREE', 'O', false],
  vma_wlock: ['VMA_WLOCK', 'O', false],
  vma_rlock: ['VMA_RLOCK', 'O', true],
  vma_runlock: ['VMA_RUNLOCK', 'O', false],
  mm_seq_inc: ['MM_SEQ_INC', '', false],
  vma_detach: ['VMA_DETACH', 'O', false],
  vma_attach: ['VMA_ATTACH', 'O', false],
  tree_store: ['TREE_STORE', 'O', false],
  tree_clear: ['TREE_CLEAR', 'O', false],
  rmap_unlink: ['RMAP_UNLINK', 'O', false],
  vma_find: ['TREE_WALK', 'n', true],
  vma_rlock_peek: ['VMA_SEQ_CHECK', 'O', true],
  vma_trylock_read: ['VMA_RLOCK', 'O', true],
  anon_vma_unlink: ['UNLINK_ANON_VMAS', 'O', false],
  vma_free: ['VMA_FREE', 'O', false],
  tree_clear_range: ['TREE_CLEAR', 'nn', false],
  downgrade: ['DOWNGRADE', 'O', false],
  pt_walk: ['PT_WALK', 'n', true],
  pt_free_range: ['PT_FREE', 'nn', false],
  uffd_missing: ['UFFD_MISSING', '', true],
  rcu_read_lock: ['RCU_LOCK', '', false],
  rcu_read_unlock: ['RCU_UNLOCK', '', false],
  observe: ['OBSERVE', 'nV', false],
  sleep: ['SLEEP', '', false],
  rmap_delay: ['RMAP_DELAY', 'O', false],
  rmap_flush_delayed: ['RMAP_DEL delayed', '', false],
  tlb_flush_va: ['TLB_FLUSH_PAGE', 'n', false],
  user_store: ['STORE', 'n', true],
  dirty_clear: ['TEST_CLEAR_DIRTY', 'O', true],
  pmd_share: ['PMD_SHARE', 'On', true],
  pmd_unshare: ['PUD_CLEAR unshare', 'O', true],
};

export function valueName(L: WorldLayout, v: number): string {
  if (v === 0) return 'NULL';
  if (v === RETRY_ENTRY) return 'RETRY';
  if (v === VALUE_ENTRY) return 'VALUE';
  if (v < L.names.length) return L.labels[v];
  return String(v);
}

function argText(L: WorldLayout, role: string, v: number): string {
  switch (role) {
    case 'O':
    case 'V':
      return valueName(L, v);
    case 'F':
      return PAGE_FLAG_ORDER[v] ?? String(v);
    case 'm':
      return v === 1 ? 'R' : 'W';
    case 'e':
      return v === 1 ? 'UNMAP' : v === 2 ? 'CLEAR' : String(v);
    default:
      return String(v);
  }
}

export function eventText(L: WorldLayout, eff: EffectKind, a: number[], result: number): string {
  const [name, roles, showResult] = Object.hasOwn(EVENTS, eff) ? EVENTS[eff] : [String(eff).toUpperCase(), '', false];
  const args = [...roles].map((r, i) => argText(L, r, a[i] ?? 0));
  const body = args.length ? `${name}(${args.join(', ')})` : name;
  if (!showResult) return body;
  const res = eff === 'xa_load' || eff === 'pte_get' ? valueName(L, result) : result ? 'ok' : 'failed';
  return `${body} -> ${res}`;
}

export function allSems(E: EffEnv, rcuCells: number[]): Partial<Record<string, Sem>> {
  return {
    ...lockSems(E),
    ...refSems(E),
    ...cacheSems(E),
    ...pageTableSems(E),
    ...vmaSems(E, rcuCells),
    ...miscSems(E),
    rmap_walk_unmap: walkSem(E),
    ...zapSems(E),
    ...hugetlbSems(E),
    ...vmaLockSems(E, rcuCells),
  };
}

export function effEnv(L: WorldLayout, th: ThreadCells): EffEnv {
  return { L, th, pb: pageBases(L) };
}

export function record(cx: StepCtx, api: string, event: string, loc: Flat['loc']): void {
  cx.rec!.push({ api, event, loc: loc ?? { file: '?', line: 0, fn: '?' }, choices: cx.recChoices.slice() });
  cx.recChoices.length = 0;
  cx.evText = '';
}

export function compileEff(
  f: Extract<Flat, { op: 'eff' }>,
  sc: Scope,
  sems: Partial<Record<string, Sem>>,
  pc: number,
  next: number,
): Visible {
  const L = sc.L;
  let sem = Object.hasOwn(sems, f.eff) ? sems[f.eff] : undefined;
  if (!sem) {
    sc.note(`effect ${f.eff} at ${f.loc.file}:${f.loc.line}`);
    sem = () => 0;
  }
  const fill = genArgs(f.args, sc);
  const av: number[] = new Array(f.args.length).fill(0);
  const dst = f.dst ? compileLValue(f.dst, sc) : null;
  const { eff, api, loc } = f;
  const run = sem;
  return (t, cx) => {
    fill(t, cx, av);
    const r = run(t, cx, av);
    if (r === BLOCKED) {
      cx.waitLoc = loc;
      return BLOCKED;
    }
    if (r === CONTINUE) {
      if (cx.rec) record(cx, api, cx.evText || eventText(L, eff, av, 0), loc);
      return pc;
    }
    if (dst) dst(t, cx, r);
    if (cx.rec) record(cx, api, cx.evText || eventText(L, eff, av, r), loc);
    return next;
  };
}

export type Guard = (t: Uint8Array, cx: StepCtx) => boolean;

/** Effects that may block: their guard can be checked on the unchanged state, before any copy. */
const BLOCKING = new Set<EffectKind>(['lock', 'page_lock', 'vma_wlock', 'tlb_sync_gup']);

/**
 * The guard of a blocking effect: its read-only check (the `<kind>?` entry of the semantics table)
 * run on the unchanged state, so a blocked thread costs no state copy.
 */
export function compileGuard(f: Extract<Flat, { op: 'eff' }>, sc: Scope, sems: Partial<Record<string, Sem>>): Guard | null {
  if (!BLOCKING.has(f.eff)) return null;
  const check = Object.hasOwn(sems, `${f.eff}?`) ? sems[`${f.eff}?`] : undefined;
  if (!check) return null;
  const fill = genArgs(f.args, sc);
  const av: number[] = new Array(f.args.length).fill(0);
  const loc = f.loc;
  return (t, cx) => {
    fill(t, cx, av);
    if (check(t, cx, av) !== BLOCKED) return false;
    cx.waitLoc = loc;
    return true;
  };
}
