import { describe, expect, it } from 'vitest';
import { FnBuilder, any, bin, c, dstField, field, lv, obj, program, q } from '../../src/model/builder.js';
import { compileModel } from '../../src/model/compile.js';
import { ModelError, STEP_BLOCKED, STEP_OK, STEP_SPIN, newStepCtx, type TransitionSystem } from '../../src/model/system.js';
import { runScenario } from '../../src/explore/index.js';
import { replayDetailed, replaySchedule } from '../../src/explore/replay.js';
import type { ModelInput, ObjectDecl, PropertySpec, ThreadDecl } from '../../src/model/scenario.js';
import type { EffectKind, Expr, IrFunction } from '../../src/model/ir.js';

const opts = { maxStates: 100_000, maxMillis: 20_000 };

function input(objects: ObjectDecl[], threads: ThreadDecl[], fns: IrFunction[], properties: PropertySpec[] = []): ModelInput {
  return {
    scenario: { id: 'm', title: 'm', objects, threads, assume: {}, properties, bounds: { maxStates: 10_000, maxMillis: 10_000 } },
    program: program('test', ...fns),
  };
}
const th = (name: string, args: ThreadDecl['args'] = {}): ThreadDecl => ({ name, entry: name, args });
const page = (name: string, extra: object = {}): ObjectDecl => ({ kind: 'page', name, label: name, ref: 1, ...extra }) as ObjectDecl;

function replayFinal(ts: TransitionSystem, n: number): Uint8Array {
  return replayDetailed(ts, Array.from({ length: n }, () => ({ thread: 0, choice: 0 }))).final;
}

/** Runs thread `tid` alone for `n` steps from the initial state; returns the events. */
function runAlone(ts: TransitionSystem, tid: number, n: number): string[] {
  return replaySchedule(ts, Array.from({ length: n }, () => ({ thread: tid, choice: 0 }))).steps.map((s) => s.event);
}

describe('effects', () => {
  it('lets readers share an rwsem and blocks the writer until both are gone', () => {
    const reader = (name: string) =>
      new FnBuilder(name, [], [], `${name}.c`).eff('lock', [obj('sem'), c(1)], 'down_read').eff('unlock', [obj('sem')], 'up_read').ret().build();
    const ts = compileModel(
      input([{ kind: 'lock', name: 'sem', class: 'rwsem', label: 'i_mmap_rwsem' }], [th('r1'), th('r2'), th('w')], [
        reader('r1'),
        reader('r2'),
        new FnBuilder('w', [], [], 'w.c').eff('lock', [obj('sem'), c(0)], 'down_write').ret().build(),
      ]),
    );
    const cx = newStepCtx();
    const s1 = new Uint8Array(ts.stateSize);
    const s2 = new Uint8Array(ts.stateSize);
    const s3 = new Uint8Array(ts.stateSize);
    expect(ts.step(0, ts.initial, s1, cx)).toBe(STEP_OK);
    expect(ts.step(1, s1, s2, cx)).toBe(STEP_OK);
    expect(ts.step(2, s2, s3, cx)).toBe(STEP_BLOCKED);
    expect(ts.describeWait(s2, 2, cx)).toMatchObject({ waitsFor: 'lock i_mmap_rwsem', heldBy: [0, 1] });
  });

  it('freezes a refcount only at the expected count, and try-get fails while frozen', () => {
    const f = new FnBuilder('t', [], ['a', 'b', 'g'], 't.c')
      .eff('ref_freeze', [obj('p'), c(3)], 'page_ref_freeze', 'a')
      .eff('ref_freeze', [obj('p'), c(1)], 'page_ref_freeze', 'b')
      .eff('ref_tryget', [obj('p')], 'folio_try_get', 'g')
      .eff('ref_unfreeze', [obj('p'), c(2)], 'page_ref_unfreeze')
      .eff('ref_put', [obj('p'), c(2)], 'put_page')
      .ret()
      .build();
    const ts = compileModel(input([page('p')], [th('t')], [f]));
    expect(runAlone(ts, 0, 5)).toEqual([
      'REF_FREEZE(p, 3) -> failed',
      'REF_FREEZE(p, 1) -> ok',
      'REF_TRYGET(p) -> failed',
      'REF_UNFREEZE(p, 2)',
      'REF_PUT(p, 2)',
    ]);
    const trace = replaySchedule(ts, Array.from({ length: 5 }, () => ({ thread: 0, choice: 0 })));
    expect(trace.state).toContain('p = ref 0, freed');
  });

  it('stores a multi-index range and loads the retry entry', () => {
    const f = new FnBuilder('t', [], ['v'], 't.c')
      .eff('xa_store_range', [c(0), c(3), c(250)], 'xas_store')
      .eff('xa_load', [c(2)], 'xas_load', 'v')
      .ret()
      .build();
    const ts = compileModel(input([{ kind: 'mapping', name: 'm', label: 'm', slots: 4, shmem: true }], [th('t')], [f]));
    expect(runAlone(ts, 0, 2)).toEqual(['XA_STORE_MULTI(0, 3, RETRY)', 'XA_LOAD(2) -> RETRY']);
  });

  it('runs try_to_unmap as sub-steps that wait for each PTL', () => {
    const objects: ObjectDecl[] = [
      { kind: 'lock', name: 'ptl', class: 'spin', label: 'PTL' },
      { kind: 'pagetable', name: 'tbl', label: 'table', ptl: 'ptl', covers: [0, 1] },
      page('p', { ref: 3, mappedAt: [0, 1] }),
    ];
    const unmap = new FnBuilder('unmap', [], [], 'rmap.c').eff('rmap_walk_unmap', [obj('p')], 'try_to_unmap').ret().build();
    const holder = new FnBuilder('holder', [], [], 'h.c').eff('lock', [obj('ptl'), c(0)], 'spin_lock').eff('unlock', [obj('ptl')], 'spin_unlock').ret().build();
    const mapped: PropertySpec = { id: 'unmapped', kind: 'at-end', expr: bin('==', q('mapped', obj('p')), c(0)), message: 'still mapped' };
    const inp = input(objects, [th('unmap'), th('holder')], [unmap, holder], [mapped]);
    const ts = compileModel(inp, { generated: true });
    expect(runAlone(compileModel(inp, { generated: false }), 0, 11)).toEqual(runAlone(ts, 0, 11));
    expect(runAlone(ts, 0, 11)).toEqual([
      'NSTART(CLEAR, [0,1))',
      'LOCK(PTL)',
      'PTE_CLEAR(0)',
      'RMAP_DEL(p)',
      'UNLOCK(PTL)',
      'NEND; NSTART(CLEAR, [1,2))',
      'LOCK(PTL)',
      'PTE_CLEAR(1)',
      'RMAP_DEL(p)',
      'UNLOCK(PTL)',
      'NEND',
    ]);
    expect(ts.isDone(replayFinal(ts, 11), 0)).toBe(true);
    const r = runScenario(inp, opts);
    expect(r.verdicts.map((v) => v.verdict.kind)).toEqual(['ok']);
    expect(r.stats.states).toBeGreaterThan(12);
  });
});

describe('zap: TLB and gather', () => {
  const zap = (flushFirst: boolean) => {
    const b = new FnBuilder('zap', [], [], 'memory.c')
      .eff('lock', [obj('ptl'), c(0)], 'spin_lock')
      .eff('pte_clear', [c(0)], 'ptep_get_and_clear_full')
      .eff('tlb_add', [c(0)], 'tlb_remove_tlb_entry')
      .eff('gather_queue', [obj('p')], '__tlb_remove_page')
      .eff('unlock', [obj('ptl')], 'spin_unlock');
    if (flushFirst) b.eff('tlb_flush', [], 'tlb_flush_mmu_tlbonly').eff('gather_free', [], 'tlb_flush_mmu_free');
    else b.eff('gather_free', [], 'tlb_flush_mmu_free').eff('tlb_flush', [], 'tlb_flush_mmu_tlbonly');
    return b.ret().build();
  };
  const objects: ObjectDecl[] = [
    { kind: 'lock', name: 'ptl', class: 'spin', label: 'PTL' },
    { kind: 'pagetable', name: 'tbl', label: 'table', ptl: 'ptl', covers: [0] },
    page('p', { ref: 1, mappedAt: [0] }),
  ];
  const stale: PropertySpec = {
    id: 'no-stale-tlb',
    kind: 'never',
    expr: bin('&&', q('freed', obj('p')), q('tlb_maps', obj('p'))),
    message: 'a CPU can still reach a freed page through its TLB',
  };
  const run = (flushFirst: boolean) => runScenario(input(objects, [th('zap')], [zap(flushFirst)], [stale]), opts);

  it('frees the batched page only after the TLB flush in the correct order', () => {
    expect(run(true).verdicts.map((v) => v.verdict.kind)).toEqual(['ok']);
  });

  it('reports a page freed while a TLB still caches it', () => {
    const r = run(false);
    expect(r.verdicts[0].verdict).toMatchObject({ kind: 'violation', property: 'no-stale-tlb' });
    expect(r.verdicts[0].trace?.steps.at(-1)?.event).toBe('FREE_BATCH');
  });
});

describe('GUP-fast synchronisation', () => {
  const reader = (takeLock: boolean) => {
    const b = new FnBuilder('gup', [], [], 'gup.c').eff('rcu_read_lock', [], 'local_irq_disable');
    if (takeLock) b.eff('lock', [obj('l'), c(0)], 'spin_lock').eff('unlock', [obj('l')], 'spin_unlock');
    return b.eff('rcu_read_unlock', [], 'local_irq_enable').ret().build();
  };
  const syncer = new FnBuilder('sync', [], [], 'sync.c')
    .eff('lock', [obj('l'), c(0)], 'spin_lock')
    .eff('tlb_sync_gup', [], 'tlb_remove_table_sync_one')
    .eff('unlock', [obj('l')], 'spin_unlock')
    .ret()
    .build();
  const objects: ObjectDecl[] = [{ kind: 'lock', name: 'l', class: 'spin', label: 'L' }];

  it('waits for RCU readers and finishes when they leave', () => {
    const r = runScenario(input(objects, [th('gup'), th('sync')], [reader(false), syncer]), opts);
    expect(r.verdicts.map((v) => v.verdict.kind)).toEqual(['ok']);
  });

  it('deadlocks when the reader needs a lock the synchroniser holds', () => {
    const r = runScenario(input(objects, [th('gup'), th('sync')], [reader(true), syncer]), opts);
    const v = r.verdicts[0].verdict;
    expect(v.kind).toBe('deadlock');
    if (v.kind === 'deadlock')
      expect(v.cycle.map((e) => `${e.thread} waits for ${e.waitsFor} held by ${e.heldBy}`)).toEqual([
        'gup waits for lock L held by sync',
        'sync waits for RCU readers (GUP-fast) held by gup',
      ]);
  });
});

describe('effect catalogue', () => {
  it('implements every effect kind of the IR', () => {
    const kinds = [
      'lock', 'trylock', 'unlock', 'page_lock', 'page_trylock', 'page_unlock', 'ref_get', 'ref_put', 'ref_tryget',
      'ref_freeze', 'ref_unfreeze', 'ref_check', 'pflag_set', 'pflag_clear', 'page_set_mapping', 'xa_load', 'xa_store',
      'xa_store_range', 'pte_get', 'pte_set', 'pte_clear', 'pmd_clear', 'pud_clear', 'pt_free', 'tlb_add', 'tlb_flush',
      'tlb_sync_gup', 'notify_start', 'notify_end', 'dirty', 'rmap_del', 'rmap_walk_unmap', 'gather_queue', 'gather_free',
      'hvlock_alloc', 'hvlock_free', 'vma_wlock', 'vma_rlock', 'vma_runlock', 'mm_seq_inc', 'vma_detach', 'vma_attach',
      'tree_store', 'tree_clear', 'rmap_unlink', 'uffd_missing', 'rcu_read_lock', 'rcu_read_unlock', 'observe', 'sleep',
    ] as const satisfies readonly EffectKind[];
    const b = new FnBuilder('all', [], ['r'], 'all.c');
    for (const k of kinds) b.eff(k, [obj('p'), c(1), c(1)], k, 'r');
    const ts = compileModel(input([page('p', { ref: 3, mappedAt: [0] }), { kind: 'lock', name: 'l', class: 'spin', label: 'L' }], [th('all')], [b.build()]));
    expect(ts.unmodelled.filter((u) => u.startsWith('effect'))).toEqual([]);
    const r = runScenario(input([page('p', { ref: 3, mappedAt: [0] })], [th('all')], [b.build()]), opts);
    expect(r.stats.states).toBeGreaterThan(kinds.length - 5);
  });
});

describe('compilation', () => {
  it('inlines calls with fresh locals and returns values', () => {
    const inc = new FnBuilder('inc', ['x'], ['tmp'], 'inc.c').set('tmp', bin('+', lv('tmp'), c(1))).ret(bin('+', lv('x'), lv('tmp'))).build();
    const main = new FnBuilder('main', [], ['a', 'b'], 'main.c')
      .call('inc', [c(5)], 'a')
      .call('inc', [lv('a')], 'b')
      .eff('observe', [c(7), lv('b')], 'observe')
      .ret(lv('b'))
      .build();
    // inc(5) = 6 and inc(6) = 7: tmp starts at 0 in each call; generated and closure steppers alike
    for (const generated of [true, false])
      expect(runAlone(compileModel(input([], [th('main')], [main, inc]), { generated }), 0, 1)).toEqual(['OBSERVE(7, 7)']);
    const ts = compileModel(input([], [th('main')], [main, inc]));
    const r = runScenario(input([], [th('main')], [main, inc], [{ id: 'v', kind: 'at-end', expr: bin('==', { k: 'tlocal', thread: 'main', name: '$ret' }, c(7)), message: 'ret is 7' }]), opts);
    expect(r.verdicts.map((v) => v.verdict.kind)).toEqual(['ok']);
    expect(ts.unmodelled).toEqual([]);
  });

  it('turns recursion and unknown callees into recorded opaque steps', () => {
    const rec = new FnBuilder('rec', [], [], 'rec.c').call('rec', []).call('missing', []).eff('sleep', [], 'cond_resched').ret().build();
    const ts = compileModel(input([], [th('rec')], [rec]));
    expect(ts.unmodelled).toEqual(['call missing at rec.c:2 (unknown function)', 'call rec at rec.c:1 (recursion)']);
    expect(runAlone(ts, 0, 1)).toEqual(['SLEEP']);
  });

  it('reads unknown fields as 0, records them, and keeps written ones', () => {
    const f = new FnBuilder('t', [], ['x'], 't.c')
      .set(dstField(obj('p'), 'private_state'), c(9))
      .set('x', bin('+', field(obj('p'), 'private_state'), field(obj('p'), 'no_such_field')))
      .eff('observe', [c(1), lv('x')], 'observe')
      .ret()
      .build();
    const ts = compileModel(input([page('p')], [th('t')], [f]));
    expect(runAlone(ts, 0, 1)).toEqual(['OBSERVE(1, 9)']);
    expect(ts.unmodelled).toContain('field no_such_field');
  });

  it('passes thread arguments by object name', () => {
    const f = new FnBuilder('t', ['pg'], [], 't.c').eff('page_lock', [lv('pg')], 'lock_page').ret().build();
    const ts = compileModel(input([page('a'), page('b')], [th('t', { pg: 'b' })], [f]));
    expect(runAlone(ts, 0, 1)).toEqual(['LOCK page_lock(b)']);
  });

  it('rejects a thread whose entry function is missing', () => {
    expect(() => compileModel(input([], [th('nope')], []))).toThrow(ModelError);
  });

  it('treats a local loop that changes nothing as a spin, and an unknown condition as two outcomes', () => {
    const spin = new FnBuilder('t', [], [], 't.c').label('l').br(q('page_locked', obj('p')), 'l', 'o').label('o').eff('sleep', [], 's').ret().build();
    const ts = compileModel(input([page('p', { locked: true })], [th('t')], [spin]));
    const cx = newStepCtx();
    const out = new Uint8Array(ts.stateSize);
    expect(ts.step(0, ts.initial, out, cx)).toBe(STEP_SPIN);
    expect(ts.describeWait(ts.initial, 0, cx)).toMatchObject({ waitsFor: 'page lock of p', heldByText: 'the initial state' });
    const guess = new FnBuilder('t', [], [], 't.c').br(any('?'), 'a', 'b').label('a').eff('sleep', [], 's').ret().label('b').eff('dirty', [obj('p')], 'd').ret().build();
    const ts2 = compileModel(input([page('p')], [th('t')], [guess]));
    const seen = new Set<string>();
    for (const choice of [0, 1]) seen.add(replaySchedule(ts2, [{ thread: 0, choice }]).steps[0].event);
    expect([...seen].sort()).toEqual(['DIRTY(p)', 'SLEEP']);
  });
});

describe('properties', () => {
  const body = () =>
    new FnBuilder('t', [], [], 't.c')
      .eff('ref_put', [obj('p'), c(1)], 'put_page')
      .eff('pflag_set', [obj('p'), c(0)], 'SetPageUptodate')
      .ret()
      .build();
  const check = (p: PropertySpec) => runScenario(input([page('p')], [th('t')], [body()], [p]), opts).verdicts.map((v) => v.verdict.kind);

  it('checks always, never, at-end and eventually', () => {
    expect(check({ id: 'a', kind: 'always', expr: bin('>=', q('refcount', obj('p')), c(1)), message: '' })).toEqual(['violation']);
    expect(check({ id: 'n', kind: 'never', expr: q('pflag', obj('p'), c(1)), message: '' })).toEqual(['ok']);
    expect(check({ id: 'e', kind: 'at-end', expr: q('freed', obj('p')), message: '' })).toEqual(['ok']);
    expect(check({ id: 'e2', kind: 'at-end', expr: bin('==', q('freed', obj('p')), c(0)), message: '' })).toEqual(['violation']);
    expect(check({ id: 'ev', kind: 'eventually', expr: q('pflag', obj('p'), c(0)), message: '' })).toEqual(['ok']);
    expect(check({ id: 'ev2', kind: 'eventually', expr: q('pflag', obj('p'), c(3)), message: '' })).toEqual(['violation']);
    expect(check({ id: 'st', kind: 'at-end', expr: { k: 'tstate', thread: 't', is: 'done' }, message: '' })).toEqual(['ok']);
  });
});

describe('robustness', () => {
  it('survives odd names from a lowering without crashing', () => {
    const odd = { k: 'query', q: '__proto__', args: [] } as unknown as Expr;
    const f = new FnBuilder('t', [], ['constructor'], 't.c')
      .set('constructor', bin('+', field(obj('p'), 'constructor'), odd))
      .eff('toString' as EffectKind, [obj('p')], 'toString')
      .set(dstField(obj('p'), '__proto__'), c(1))
      .eff('observe', [c(1), field(obj('p'), '__proto__')], 'observe')
      .ret()
      .build();
    const ts = compileModel(input([page('p')], [th('t')], [f]));
    // the value 1 is also the id of object p: values print as object labels
    expect(runAlone(ts, 0, 2)).toEqual(['TOSTRING', 'OBSERVE(1, p)']);
    expect(ts.unmodelled).toEqual(expect.arrayContaining(['field constructor', 'query __proto__']));
  });
});
