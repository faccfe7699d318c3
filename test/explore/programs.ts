/** Small IR programs for the explorer tests, written directly in IR (no C needed). */
import { FnBuilder, any, bin, c, dstField, field, lv, obj, program, q } from '../../src/model/builder.js';
import type { Expr } from '../../src/model/ir.js';
import type { ModelInput, ObjectDecl, PropertySpec, ThreadDecl } from '../../src/model/scenario.js';

export function input(
  id: string,
  objects: ObjectDecl[],
  threads: ThreadDecl[],
  fns: ReturnType<FnBuilder['build']>[],
  properties: PropertySpec[] = [],
): ModelInput {
  return {
    scenario: { id, title: id, objects, threads, assume: {}, properties, bounds: { maxStates: 100_000, maxMillis: 20_000 } },
    program: program(`test ${id}`, ...fns),
  };
}

const lock = (name: string, cls: 'spin' | 'mutex' | 'rwsem' = 'spin'): ObjectDecl => ({ kind: 'lock', name, class: cls, label: name.toUpperCase() });
const page = (name: string, extra: Partial<Extract<ObjectDecl, { kind: 'page' }>> = {}): ObjectDecl => ({
  kind: 'page',
  name,
  label: name,
  ref: 2,
  ...extra,
});
const th = (name: string, entry = name): ThreadDecl => ({ name, entry, args: {} });

function locker(name: string, first: string, second: string) {
  return new FnBuilder(name, [], [], `${name}.c`)
    .eff('lock', [obj(first), c(0)], 'spin_lock')
    .eff('lock', [obj(second), c(0)], 'spin_lock')
    .eff('unlock', [obj(second)], 'spin_unlock')
    .eff('unlock', [obj(first)], 'spin_unlock')
    .ret()
    .build();
}

/** t1 takes A then B, t2 takes B then A (abba) or A then B too (ordered). */
export function abba(ordered = false): ModelInput {
  return input(
    ordered ? 'ordered' : 'abba',
    [lock('a'), lock('b')],
    [th('t1'), th('t2')],
    [locker('t1', 'a', 'b'), ordered ? locker('t2', 'a', 'b') : locker('t2', 'b', 'a')],
  );
}

/** `waiter` spins on the page lock while holding the PTL; `holder` needs the PTL to release it. */
export function spinUnderLock(): ModelInput {
  const waiter = new FnBuilder('waiter', [], [], 'waiter.c')
    .eff('lock', [obj('ptl'), c(0)], 'spin_lock')
    .label('spin')
    .br(q('page_locked', obj('p')), 'spin', 'out')
    .label('out')
    .eff('unlock', [obj('ptl')], 'spin_unlock')
    .ret()
    .build();
  const holder = new FnBuilder('holder', [], [], 'holder.c')
    .eff('page_lock', [obj('p')], 'lock_page')
    .eff('lock', [obj('ptl'), c(0)], 'spin_lock')
    .eff('unlock', [obj('ptl')], 'spin_unlock')
    .eff('page_unlock', [obj('p')], 'unlock_page')
    .ret()
    .build();
  return input('spin-under-lock', [lock('ptl'), page('p')], [th('waiter'), th('holder')], [waiter, holder]);
}

/** A waiter spinning (no lock held) until another thread sets a flag: correct, must be clean. */
export function fairSpin(): ModelInput {
  const waiter = new FnBuilder('waiter', [], [], 'waiter.c')
    .label('spin')
    .br(q('pflag', obj('p'), c(0)), 'out', 'spin')
    .label('out')
    .eff('sleep', [], 'cond_resched')
    .ret()
    .build();
  const setter = new FnBuilder('setter', [], [], 'setter.c')
    .eff('sleep', [], 'cond_resched')
    .eff('pflag_set', [obj('p'), c(0)], 'SetPageUptodate')
    .ret()
    .build();
  return input('fair-spin', [page('p')], [th('waiter'), th('setter')], [waiter, setter]);
}

/**
 * A lookup retrying `xa_load` + failed `ref_tryget` under the PTL (two visible reads per pass), against
 * a collapse that freezes the page and then needs the PTL. `safe`: collapse takes the PTL first.
 */
export function retryLoop(safe: boolean): ModelInput {
  const b = new FnBuilder('collapse', [], ['ok'], 'collapse.c');
  if (safe) b.eff('lock', [obj('ptl'), c(0)], 'spin_lock').eff('unlock', [obj('ptl')], 'spin_unlock');
  b.eff('ref_freeze', [obj('p'), c(2)], 'page_ref_freeze', 'ok');
  if (!safe) b.eff('lock', [obj('ptl'), c(0)], 'spin_lock').eff('unlock', [obj('ptl')], 'spin_unlock');
  b.eff('ref_unfreeze', [obj('p'), c(2)], 'page_ref_unfreeze').ret();
  const lookup = new FnBuilder('lookup', [], ['v', 'ok'], 'filemap.c')
    .eff('lock', [obj('ptl'), c(0)], 'spin_lock')
    .label('repeat')
    .eff('xa_load', [c(0)], 'xas_load', 'v')
    .eff('ref_tryget', [lv('v')], 'folio_try_get', 'ok')
    .br(lv('ok'), 'got', 'repeat')
    .label('got')
    .eff('ref_put', [lv('v'), c(1)], 'folio_put')
    .eff('unlock', [obj('ptl')], 'spin_unlock')
    .ret()
    .build();
  const fn = b.build();
  return input(
    safe ? 'retry-safe' : 'retry-livelock',
    [lock('ptl'), { kind: 'mapping', name: 'm', label: 'mapping', slots: 1, shmem: true }, page('p', { index: 0 })],
    [th('collapse'), th('lookup')],
    [fn, lookup],
  );
}

/** Two threads adding to a shared counter cell; `never` count == target. */
export function counter(target: number): ModelInput {
  const cnt: Expr = field(obj('v'), 'cnt');
  const adder = (name: string, k: number) =>
    new FnBuilder(name, [], [], `${name}.c`)
      .set(dstField(obj('v'), 'cnt'), bin('+', cnt, c(k)))
      .step('add')
      .set(dstField(obj('v'), 'cnt'), bin('+', cnt, c(k)))
      .step('add')
      .eff('sleep', [], 'cond_resched')
      .ret()
      .build();
  return input(
    'counter',
    [{ kind: 'vma', name: 'v', label: 'vma', fields: { cnt: 0 } }],
    [th('one'), th('two')],
    [adder('one', 1), adder('two', 2)],
    [{ id: 'hits', kind: 'never', expr: bin('==', cnt, c(target)), message: `count reached ${target}` }],
  );
}

/** One unknown condition: the thread observes 1 or 2. */
export function unknownBranch(): ModelInput {
  const f = new FnBuilder('guess', [], [], 'guess.c')
    .br(any('unknown helper'), 'yes', 'no')
    .label('yes')
    .eff('observe', [c(1), c(1)], 'observe')
    .ret()
    .label('no')
    .eff('observe', [c(1), c(2)], 'observe')
    .ret()
    .build();
  const seen = (v: number): PropertySpec => ({
    id: `saw-${v}`,
    kind: 'never',
    expr: bin('==', q('observed', c(1)), c(v)),
    message: `observed ${v}`,
  });
  return input('unknown', [], [th('guess')], [f], [seen(1), seen(2)]);
}

export { lv };
