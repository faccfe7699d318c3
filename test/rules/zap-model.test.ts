/**
 * The zap-path effects (src/model/effects-zap.ts) on tiny programs: stores through a cached
 * translation versus a page-table walk, writeback's snapshot, delayed rmap removal per thread, and
 * ptep_clear_flush flushing other CPUs.
 */
import { describe, expect, it } from 'vitest';
import { lowerProgram } from '../../src/extract/lower/index.js';
import { runScenario } from '../../src/explore/index.js';
import type { Expr } from '../../src/model/ir.js';
import type { ObjectDecl, PropertySpec, Scenario, ThreadDecl } from '../../src/model/scenario.js';
import { and, c, eq, not, pflag, tlbMaps } from '../../rules/lib/zap-world.js';

const mapped: Expr = { k: 'query', q: 'mapped', args: [{ k: 'obj', name: 'p' }] };

const objects: ObjectDecl[] = [
  { kind: 'lock', name: 'ptl', class: 'spin', label: 'PTL' },
  { kind: 'page', name: 'p', label: 'p', ref: 2, flags: ['uptodate'], mappedAt: [0] },
  { kind: 'page', name: 'q', label: 'q', ref: 2, flags: ['uptodate'], mappedAt: [1] },
  { kind: 'pagetable', name: 'tbl', label: 'tbl', ptl: 'ptl', covers: [0, 1] },
];

const source = `
void store(int addr) { mmr_user_store(addr); }
void flush_then_store(int addr) { int how; flush_tlb_page(0, addr); how = mmr_user_store(addr); }
void clear_then_store(int addr) { int how; ptep_clear_flush(0, addr, addr); how = mmr_user_store(addr); }
void clear_pte(int addr) { ptep_get_and_clear(0, addr, addr); }
void clear_flush(int addr) { ptep_clear_flush(0, addr, addr); }
void writeback(struct page *page) { int was = folio_test_clear_dirty(page); }
void dirty_then_writeback(struct page *page) { set_page_dirty(page); folio_test_clear_dirty(page); }
void delay_two(struct page *a, struct page *b)
{
	__tlb_remove_page(0, a, 1);
	__tlb_remove_page(0, b, 0);
	tlb_flush_rmaps(0, 0);
}
void delay_no_flush(struct page *a) { __tlb_remove_page(0, a, 1); }
`;

function run(threads: ThreadDecl[], properties: PropertySpec[]) {
  const scenario: Scenario = {
    id: 'zap-model',
    title: 'zap effects',
    objects,
    threads,
    assume: {},
    properties,
    bounds: { maxStates: 10_000, maxMillis: 5_000 },
    checkStalls: false,
  };
  const program = lowerProgram([{ path: 'mm/t.c', text: source }], { origin: 'test' });
  const res = runScenario({ scenario, program });
  return res.verdicts.filter((v) => v.verdict.kind === 'violation').map((v) => (v.verdict as { property: string }).property).sort();
}

const atEnd = (id: string, expr: Expr): PropertySpec => ({ id, kind: 'at-end', expr, message: id });

describe('user_store', () => {
  it('through the cached translation: the page holds the store, PG_dirty untouched', () => {
    const v = run([{ name: 'u', entry: 'store', args: { addr: 0 } }], [
      atEnd('unsaved', not(pflag('p', 'unsaved'))),
      atEnd('dirty', not(pflag('p', 'dirty'))),
    ]);
    expect(v).toEqual(['unsaved']);
  });

  it('after the translation was flushed: a walk marks the page dirty and caches it again', () => {
    const v = run([{ name: 'u', entry: 'flush_then_store', args: { addr: 0 } }], [
      atEnd('unsaved', not(pflag('p', 'unsaved'))),
      atEnd('dirty', not(pflag('p', 'dirty'))),
      atEnd('cached', not(tlbMaps('p'))),
      atEnd('via-walk', not(eq({ k: 'tlocal', thread: 'u', name: 'how' }, c(2)))),
    ]);
    expect(v).toEqual(['cached', 'dirty', 'unsaved', 'via-walk']);
  });

  it('with neither a PTE nor a cached entry: the store faults and stores nothing', () => {
    const v = run([{ name: 'u', entry: 'clear_then_store', args: { addr: 0 } }], [
      atEnd('unsaved', not(pflag('p', 'unsaved'))),
      atEnd('not-faulted', not(eq({ k: 'tlocal', thread: 'u', name: 'how' }, c(0)))),
    ]);
    expect(v).toEqual(['not-faulted']);
  });
});

describe('ptep_clear_flush', () => {
  it('flushes the address on every CPU, not only the caller', () => {
    const v = run(
      [
        { name: 'k', entry: 'clear_flush', args: { addr: 0 }, cpu: 0 },
        { name: 'idle', entry: 'clear_pte', args: { addr: 1 }, cpu: 1 },
      ],
      [atEnd('p-cached', tlbMaps('p')), atEnd('q-cached', not(tlbMaps('q')))],
    );
    // p is flushed everywhere; q's PTE was cleared without a flush, so CPUs still cache it
    expect(v).toEqual(['p-cached', 'q-cached']);
  });
});

describe('dirty_clear (folio_test_clear_dirty)', () => {
  it('takes the snapshot only when the page was dirty', () => {
    const clean = run(
      [
        { name: 'u', entry: 'store', args: { addr: 0 } },
        { name: 'wb', entry: 'writeback', args: { page: 'p' } },
      ],
      [atEnd('unsaved', not(pflag('p', 'unsaved')))],
    );
    // PG_dirty was clear: nothing is written back, the store stays unsaved in every order
    expect(clean).toEqual(['unsaved']);
    const dirty = run([{ name: 'wb', entry: 'dirty_then_writeback', args: { page: 'p' } }], [atEnd('dirty', not(pflag('p', 'dirty')))]);
    expect(dirty).toEqual([]);
  });
});

describe('delayed rmap', () => {
  it('tlb_flush_rmaps removes the rmap of delayed pages only', () => {
    const qMapped: Expr = { k: 'query', q: 'mapped', args: [{ k: 'obj', name: 'q' }] };
    // each property claims the page is still mapped at the end
    const v = run([{ name: 'z', entry: 'delay_two', args: { a: 'p', b: 'q' } }], [atEnd('p-mapped', mapped), atEnd('q-mapped', qMapped)]);
    // p: delayed, then removed at the flush; q: not delayed, and nothing here removes its rmap
    expect(v).toEqual(['p-mapped']);
  });

  it('without tlb_flush_rmaps the delayed page stays mapped', () => {
    const v = run([{ name: 'z', entry: 'delay_no_flush', args: { a: 'p' } }], [atEnd('p-unmapped', not(mapped))]);
    expect(v).toEqual(['p-unmapped']);
  });

  it("one thread's flush leaves another thread's delayed rmap alone", () => {
    const v = run(
      [
        { name: 'z1', entry: 'delay_no_flush', args: { a: 'p' } },
        { name: 'z2', entry: 'delay_two', args: { a: 'q', b: 'q' } },
      ],
      [atEnd('p-unmapped', not(mapped))],
    );
    expect(v).toEqual(['p-unmapped']);
  });
});
