/**
 * The benchmark scenario of shared/bench/collapse-vs-mincore in our IR, at the same step granularity
 * and with the same state variables as its TLA+ / Promela (coarse) / naive JS versions, so the
 * distinct-state counts must match theirs exactly. Bookkeeping steps of those models (loop exits,
 * the unfreeze+free+unlock step) are `step` instructions, with `set` writes to world fields running
 * atomically with them. It goes through the ordinary compiler and explorer.
 *
 * K (collapse): lock + freeze each page (variant A also stores the huge page H in its slot), then
 * clear each PTE under the PTL, publish H in every slot, unfreeze + free + unlock the old pages,
 * unlock H. M1..M_NM (mincore-like): take the PTL, look up every slot, waiting while the slot holds
 * a frozen page (a local loop that changes nothing: "blocked until that changes"), drop the PTL.
 */
import { FnBuilder, bin, c, dstField, lv, obj, program, q } from './builder.js';
import type { Expr } from './ir.js';
import type { ModelInput, ObjectDecl, PropertySpec, ThreadDecl } from './scenario.js';

const FILE = 'bench/collapse_vs_mincore.c';
const PAGE_REF = 2;

const page = (i: Expr): Expr => bin('+', obj('page0'), i);

function collapse(n: number, variant: 'A' | 'B') {
  const i = lv('i');
  const b = new FnBuilder('collapse', [], ['i'], FILE, 10);
  b.label('lock').br(bin('<', i, c(n)), 'lockOne', 'lockEnd');
  b.label('lockOne').eff('page_lock', [page(i)], 'lock_page');
  b.eff('ref_freeze', [page(i), c(PAGE_REF)], 'page_ref_freeze');
  if (variant === 'A') b.eff('xa_store', [i, obj('hpage')], 'xas_store');
  b.set('i', bin('+', i, c(1))).jmp('lock');
  b.label('lockEnd').set('i', c(0)).step('pages locked and frozen');
  b.label('ptl').br(bin('<', i, c(n)), 'ptlOne', 'ptlEnd');
  b.label('ptlOne').eff('lock', [obj('ptl'), c(0)], 'spin_lock');
  b.eff('pte_clear', [i], 'ptep_clear');
  b.eff('unlock', [obj('ptl')], 'spin_unlock');
  b.set('i', bin('+', i, c(1))).jmp('ptl');
  b.label('ptlEnd').set('i', c(0)).step('ptes cleared');
  b.label('publish').br(bin('<', i, c(n)), 'publishOne', 'publishEnd');
  b.label('publishOne').eff('xa_store', [i, obj('hpage')], 'xas_store');
  b.set('i', bin('+', i, c(1))).jmp('publish');
  b.label('publishEnd').set('i', c(0)).step('huge page published');
  b.label('free').br(bin('<', i, c(n)), 'freeOne', 'freeEnd');
  b.label('freeOne').set(dstField(page(i), 'frozen'), c(0));
  b.set(dstField(page(i), 'freed'), c(1));
  b.set(dstField(page(i), 'locked'), c(0));
  b.step('page_ref_unfreeze + free + unlock_page');
  b.set('i', bin('+', i, c(1))).jmp('free');
  b.label('freeEnd').step('old pages freed');
  b.eff('page_unlock', [obj('hpage')], 'unlock_page');
  b.ret();
  return b.build();
}

function mincore(n: number) {
  const j = lv('j');
  const slotPage = q('slot', j);
  const b = new FnBuilder('mincore', [], ['j', 'bad'], FILE, 60);
  b.eff('lock', [obj('ptl'), c(0)], 'spin_lock');
  b.label('look').br(bin('<', j, c(n)), 'check', 'lookEnd');
  // folio_try_get fails on a frozen page and the lookup retries: nothing changes until K unfreezes.
  b.label('check').br(q('frozen', slotPage), 'check', 'take');
  b.label('take').set('bad', bin('|', lv('bad'), q('freed', slotPage)));
  b.set('j', bin('+', j, c(1)));
  b.step('filemap_get_entry');
  b.jmp('look');
  b.label('lookEnd').step('lookup done');
  b.eff('unlock', [obj('ptl')], 'spin_unlock');
  b.ret();
  return b.build();
}

function objects(n: number): ObjectDecl[] {
  const pages: ObjectDecl[] = [];
  for (let i = 0; i < n; i++)
    pages.push({ kind: 'page', name: `page${i}`, label: `page ${i}`, ref: PAGE_REF, index: i, mappedAt: [i] });
  return [
    { kind: 'lock', name: 'ptl', class: 'spin', label: 'PTL(table X)' },
    { kind: 'pagetable', name: 'table', label: 'table X', ptl: 'ptl', covers: [...Array(n).keys()] },
    { kind: 'mapping', name: 'mapping', label: 'shmem mapping', slots: n, shmem: true },
    ...pages,
    { kind: 'page', name: 'hpage', label: 'huge page H', ref: 1, huge: true, locked: true },
  ];
}

/** The scenario for N pages, NM mincore threads, variant A (correct) or B (frozen page left in cache). */
export function collapseVsMincore(n: number, nm: number, variant: 'A' | 'B'): ModelInput {
  const threads: ThreadDecl[] = [{ name: 'collapse', entry: 'collapse', args: {} }];
  for (let m = 1; m <= nm; m++) threads.push({ name: `mincore${m}`, entry: 'mincore', args: {} });
  let seen: Expr = c(0);
  for (let m = 1; m <= nm; m++) seen = bin('||', seen, { k: 'tlocal', thread: `mincore${m}`, name: 'bad' });
  const props: PropertySpec[] = [
    { id: 'no-freed-page-seen', kind: 'never', expr: seen, message: 'a lookup returned a freed page' },
  ];
  return {
    scenario: {
      id: `bench-collapse-vs-mincore-${variant}-${n}-${nm}`,
      title: `collapse_file vs mincore (variant ${variant}, N=${n}, NM=${nm})`,
      objects: objects(n),
      threads,
      assume: {},
      properties: props,
      bounds: { maxStates: 50_000_000, maxMillis: 600_000 },
    },
    program: program(`bench collapse-vs-mincore ${variant}`, collapse(n, variant), mincore(n)),
  };
}
