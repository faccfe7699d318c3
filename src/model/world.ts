/**
 * World layout: where each object's cells sit in the flat state, and the initial world.
 *
 * Objects get ids 1..n in declaration order (ir.ts: object references are ids). Only what the program
 * uses is laid out (no TLB cells when no TLB effect is ever executed), so states stay small.
 */
import type { EffectKind, Expr, QueryKind } from './ir.js';
import { PAGE_FLAG_ORDER } from './ir.js';
import type { ObjectDecl, Scenario } from './scenario.js';
import { ModelError } from './system.js';

export const K_LOCK = 1;
export const K_PAGE = 2;
export const K_PAGETABLE = 3;
export const K_VMA = 4;
export const K_MAPPING = 5;

// page cells
export const PG_REF = 0;
export const PG_FROZEN = 1; // 0, or freezer thread + 1
export const PG_LOCK = 2; // 0, owner thread + 1, or INITIAL_OWNER
export const PG_FLAGS = 3;
export const PG_MAPPING = 4;
export const PG_FREED = 5;
export const PG_MAPCOUNT = 6;
export const PAGE_CELLS = 7;
/** Owner of a lock taken before the scenario starts (page locked in the initial state). */
export const INITIAL_OWNER = 255;

// vma cells (custom fields follow)
export const VM_SEQ = 0; // vm_lock_seq (write-locked while == mm seq)
export const VM_READERS = 1;
export const VM_DETACHED = 2;
export const VM_INTREE = 3;
export const VM_INRMAP = 4;
export const VM_HVLOCK = 5;
export const VMA_BUILTIN = ['vm_lock_seq', 'readers', 'detached', 'intree', 'inrmap', 'hvlock'];

// page-table cells
export const PT_PMD = 0; // 1 while the PMD entry points at this table
export const PT_PUD = 1; // 1 while not unshared
export const PT_FREED = 2;
/**
 * 1 while a secondary MMU (an IOMMU sharing the page tables, KVM) may hold a cached walk through this
 * table: dropped by an mmu-notifier invalidation whose range meets the table, taken again at the end of
 * that bracket if the PMD still points at the table (the secondary MMU may walk it again).
 */
export const PT_SMMU = 3;
export const PT_CELLS = 4;

export interface WorldLayout {
  nThreads: number;
  names: string[]; // id → name ('' at 0)
  labels: string[];
  decls: (ObjectDecl | undefined)[];
  byName: Map<string, number>;
  kind: Uint8Array; // id → K_*
  base: Int32Array; // id → first cell, -1 if none
  lockRw: Uint8Array; // id → 1 when the lock has reader bits
  readerBytes: number;
  pageOrdinal: Int32Array; // id → position among pages, -1 if not a page
  pages: number[];
  mapping: number; // id of the scenario mapping (the first one), 0 if none
  slotsOff: number;
  nSlots: number;
  nvpn: number;
  pteOff: number; // -1 when no page table
  vpnTable: Int32Array; // vpn → pagetable id
  ncpu: number;
  tlbOff: number; // ncpu × nvpn cells, -1 when unused
  smmuOff: number; // secondary-MMU mapping per vpn, -1 when unused
  mmSeqOff: number;
  /** One RCU read-side nesting counter per thread (world cells: GUP-fast sync reads them), -1 if unused. */
  rcuOff: number;
  /** Delayed rmap removals (zap path): one counter per thread × page (by ordinal), -1 when unused. */
  delayRmapOff: number;
  vmaFields: Map<string, number>; // field name → cell offset relative to a vma base
  vmaCells: number;
  obsOff: Map<number, number>; // observe tag → cell
  extraFields: Map<string, Int32Array>; // unknown written field → id → cell
  worldSize: number;
}

export interface WorldNeeds {
  effects: Set<EffectKind>;
  obsTags: Set<number>;
  writtenUnknownFields: Set<string>;
}

function vpnRange(sc: Scenario): number {
  let max = -1;
  for (const o of sc.objects) {
    if (o.kind === 'pagetable') for (const v of o.covers) max = Math.max(max, v);
    if (o.kind === 'page') for (const v of o.mappedAt ?? []) max = Math.max(max, v);
  }
  return max + 1;
}

function usesAny(needs: WorldNeeds, kinds: EffectKind[]): boolean {
  return kinds.some((k) => needs.effects.has(k));
}

/** Does some property of the scenario use query `q`? */
function propertiesQuery(sc: Scenario, q: QueryKind): boolean {
  const uses = (e: Expr): boolean => {
    switch (e.k) {
      case 'query':
        return e.q === q || e.args.some(uses);
      case 'not':
        return uses(e.a);
      case 'bin':
        return uses(e.a) || uses(e.b);
      case 'field':
        return uses(e.obj);
      default:
        return false;
    }
  };
  return sc.properties.some((p) => uses(p.expr));
}

export function buildWorldLayout(sc: Scenario, needs: WorldNeeds): WorldLayout {
  const n = sc.objects.length;
  const nThreads = sc.threads.length;
  const L: WorldLayout = {
    nThreads,
    names: [''],
    labels: [''],
    decls: [undefined],
    byName: new Map(),
    kind: new Uint8Array(n + 1),
    base: new Int32Array(n + 1).fill(-1),
    lockRw: new Uint8Array(n + 1),
    readerBytes: Math.max(1, Math.ceil(nThreads / 8)),
    pageOrdinal: new Int32Array(n + 1).fill(-1),
    pages: [],
    mapping: 0,
    slotsOff: -1,
    nSlots: 0,
    nvpn: vpnRange(sc),
    pteOff: -1,
    vpnTable: new Int32Array(0),
    ncpu: 1,
    tlbOff: -1,
    smmuOff: -1,
    mmSeqOff: -1,
    rcuOff: -1,
    delayRmapOff: -1,
    vmaFields: new Map(),
    vmaCells: VMA_BUILTIN.length,
    obsOff: new Map(),
    extraFields: new Map(),
    worldSize: 0,
  };
  if (n > 240) throw new ModelError(`scenario ${sc.id}: too many objects (${n}, at most 240)`);
  VMA_BUILTIN.forEach((f, i) => L.vmaFields.set(f, i));
  for (const o of sc.objects) {
    if (o.kind === 'vma')
      for (const f of Object.keys(o.fields ?? {})) if (!L.vmaFields.has(f)) L.vmaFields.set(f, L.vmaCells++);
  }
  let off = 0;
  sc.objects.forEach((o, i) => {
    const id = i + 1;
    if (L.byName.has(o.name)) throw new ModelError(`scenario ${sc.id}: object '${o.name}' declared twice`);
    L.byName.set(o.name, id);
    L.names.push(o.name);
    L.labels.push(o.label || o.name);
    L.decls.push(o);
    L.base[id] = off;
    off += placeObject(L, o, id);
  });
  L.worldSize = placeShared(L, sc, needs, off);
  return L;
}

/** Cells not owned by one object: PTEs, TLBs, secondary MMU, mm sequence, RCU, observations, extra fields. */
function placeShared(L: WorldLayout, sc: Scenario, needs: WorldNeeds, off: number): number {
  const n = sc.objects.length;
  L.vpnTable = new Int32Array(L.nvpn);
  for (let id = 1; id <= n; id++) {
    const o = L.decls[id]!;
    if (o.kind === 'pagetable') for (const v of o.covers) if (v >= 0) L.vpnTable[v] = id;
  }
  if (L.nvpn > 0) {
    L.pteOff = off;
    off += L.nvpn;
  }
  L.ncpu = Math.max(1, ...sc.threads.map((t, i) => (t.cpu ?? i) + 1));
  if (L.nvpn > 0 && usesAny(needs, ['tlb_add', 'tlb_flush', 'rmap_walk_unmap', 'tlb_flush_va', 'user_store'])) {
    L.tlbOff = off;
    off += L.ncpu * L.nvpn;
  }
  // also when a property asks about the secondary MMU: a program that never notifies must still show it
  if (L.nvpn > 0 && (usesAny(needs, ['notify_start', 'rmap_walk_unmap']) || propertiesQuery(sc, 'smmu_maps'))) {
    L.smmuOff = off;
    off += L.nvpn;
  }
  if (usesAny(needs, ['mm_seq_inc', 'vma_wlock', 'vma_rlock'])) L.mmSeqOff = off++;
  if (usesAny(needs, ['rcu_read_lock', 'rcu_read_unlock'])) {
    L.rcuOff = off;
    off += L.nThreads;
  }
  if (usesAny(needs, ['rmap_delay', 'rmap_flush_delayed'])) {
    L.delayRmapOff = off;
    off += L.nThreads * L.pages.length;
  }
  for (const tag of [...needs.obsTags].sort((a, b) => a - b)) L.obsOff.set(tag, off++);
  for (const f of [...needs.writtenUnknownFields].sort()) {
    const cells = new Int32Array(n + 1).fill(-1);
    for (let id = 1; id <= n; id++) cells[id] = off++;
    L.extraFields.set(f, cells);
  }
  return off;
}

function placeObject(L: WorldLayout, o: ObjectDecl, id: number): number {
  switch (o.kind) {
    case 'lock': {
      L.kind[id] = K_LOCK;
      const rw = o.class === 'rwlock' || o.class === 'rwsem';
      L.lockRw[id] = rw ? 1 : 0;
      return 1 + (rw ? L.readerBytes : 0);
    }
    case 'page':
      L.kind[id] = K_PAGE;
      L.pageOrdinal[id] = L.pages.length;
      L.pages.push(id);
      return PAGE_CELLS;
    case 'pagetable':
      L.kind[id] = K_PAGETABLE;
      return PT_CELLS;
    case 'vma':
      L.kind[id] = K_VMA;
      return L.vmaCells;
    case 'mapping':
      L.kind[id] = K_MAPPING;
      if (L.mapping === 0) {
        L.mapping = id;
        L.slotsOff = L.base[id];
        L.nSlots = Math.max(0, Math.min(o.slots, 200));
      }
      return L.mapping === id ? L.nSlots : 0;
  }
}

/** Resolves a value given by name in a scenario (object name) or a number. */
export function resolveNamed(L: WorldLayout, v: string | number, where: string): number {
  if (typeof v === 'number') return v & 255;
  const id = L.byName.get(v);
  if (id !== undefined) return id;
  if (/^-?\d+$/.test(v)) return Number(v) & 255;
  throw new ModelError(`${where}: unknown object '${v}'`);
}

/** Writes the initial world cells into s. */
export function initWorld(L: WorldLayout, sc: Scenario, s: Uint8Array): void {
  sc.objects.forEach((o, i) => initObject(L, sc, o, i + 1, s));
  if (L.pteOff >= 0) {
    for (const id of L.pages) {
      const o = L.decls[id] as Extract<ObjectDecl, { kind: 'page' }>;
      for (const v of o.mappedAt ?? []) if (v >= 0 && v < L.nvpn) s[L.pteOff + v] = id;
    }
    for (let v = 0; v < L.nvpn; v++) {
      if (L.tlbOff >= 0) for (let c = 0; c < L.ncpu; c++) s[L.tlbOff + c * L.nvpn + v] = s[L.pteOff + v];
      if (L.smmuOff >= 0) s[L.smmuOff + v] = s[L.pteOff + v];
    }
  }
}

function initObject(L: WorldLayout, sc: Scenario, o: ObjectDecl, id: number, s: Uint8Array): void {
  const b = L.base[id];
  switch (o.kind) {
    case 'page': {
      s[b + PG_REF] = o.ref & 255;
      let flags = 0;
      for (const f of o.flags ?? []) flags |= 1 << PAGE_FLAG_ORDER.indexOf(f);
      s[b + PG_FLAGS] = flags;
      s[b + PG_LOCK] = o.locked ? INITIAL_OWNER : 0;
      s[b + PG_MAPPING] = o.index !== undefined ? L.mapping : 0;
      s[b + PG_MAPCOUNT] = (o.mappedAt ?? []).length;
      if (o.index !== undefined && o.index >= 0 && o.index < L.nSlots) s[L.slotsOff + o.index] = id;
      return;
    }
    case 'pagetable':
      s[b + PT_PMD] = 1;
      s[b + PT_PUD] = 1;
      s[b + PT_SMMU] = 1;
      return;
    case 'vma':
      s[b + VM_SEQ] = 255; // never equal to the mm sequence at start: not write-locked
      s[b + VM_INTREE] = 1;
      s[b + VM_INRMAP] = 1;
      for (const [f, v] of Object.entries(o.fields ?? {}))
        s[b + L.vmaFields.get(f)!] = resolveNamed(L, v, `scenario ${sc.id}, vma ${o.name}.${f}`);
      return;
    default:
      return;
  }
}
