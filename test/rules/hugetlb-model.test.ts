/**
 * The hugetlb PMD-sharing effects (src/model/effects-hugetlb.ts) and the secondary-MMU cells a
 * property needs, on hand-built IR: a PMD page is shared while two VMAs' PUDs point at it, and an
 * unshare clears only the caller's PUD.
 */
import { describe, expect, it } from 'vitest';
import { FnBuilder, c, obj, program } from '../../src/model/builder.js';
import { runScenario } from '../../src/explore/index.js';
import { replaySchedule } from '../../src/explore/replay.js';
import { compileModel } from '../../src/model/compile.js';
import type { Expr } from '../../src/model/ir.js';
import type { ModelInput, ObjectDecl, PropertySpec } from '../../src/model/scenario.js';

const vma = (name: string, table: string | number): ObjectDecl => ({ kind: 'vma', name, label: name, fields: { pmd_table: table } });
const objects: ObjectDecl[] = [
  { kind: 'lock', name: 'ptl', class: 'spin', label: 'PTL' },
  { kind: 'page', name: 'p', label: 'p', ref: 2, index: 0, mappedAt: [1] },
  { kind: 'pagetable', name: 'ta', label: 'table A', ptl: 'ptl', covers: [1] },
  { kind: 'pagetable', name: 'tb', label: 'table B', ptl: 'ptl', covers: [2] },
  vma('a', 'ta'),
  vma('b', 0),
];
const field = (o: string, f: string): Expr => ({ k: 'field', obj: obj(o), field: f });

function input(fn: FnBuilder, properties: PropertySpec[] = []): ModelInput {
  return {
    scenario: { id: 'h', title: 'h', objects, threads: [{ name: fn.name, entry: fn.name, args: {} }], assume: {}, properties, bounds: { maxStates: 1000, maxMillis: 5000 } },
    program: program('test', fn.build()),
  };
}

/** The events of the only thread, run to its end. */
function events(fn: FnBuilder, n: number): string[] {
  const ts = compileModel(input(fn));
  return replaySchedule(ts, Array.from({ length: n }, () => ({ thread: 0, choice: 0 }))).steps.map((s) => s.event);
}

describe('hugetlb PMD sharing effects', () => {
  it('does not unshare a private PMD page, shares into an empty PUD only, then unshares', () => {
    const f = new FnBuilder('t', [], ['u0', 's1', 's2', 'u1', 'u2'], 't.c')
      .eff('pmd_unshare', [obj('a')], 'huge_pmd_unshare', 'u0')
      .eff('pmd_share', [obj('b'), c(1)], 'pud_populate', 's1')
      .eff('pmd_share', [obj('b'), c(1)], 'pud_populate', 's2')
      .eff('pmd_unshare', [obj('a')], 'huge_pmd_unshare', 'u1')
      .eff('pmd_unshare', [obj('b')], 'huge_pmd_unshare', 'u2')
      .ret();
    expect(events(f, 5)).toEqual([
      'HUGE_PMD_UNSHARE(a) -> not shared',
      'PUD_POPULATE(b -> table A): shared',
      'PUD_POPULATE(b) -> PUD not empty, nothing shared',
      'PUD_CLEAR(a): unshared table A',
      'HUGE_PMD_UNSHARE(b) -> not shared',
    ]);
  });

  it('leaves the sharer on the table and the unsharer with an empty PUD', () => {
    const f = new FnBuilder('t', [], [], 't.c')
      .eff('pmd_share', [obj('b'), c(1)], 'pud_populate')
      .eff('pmd_unshare', [obj('a')], 'huge_pmd_unshare')
      .ret();
    const end: PropertySpec = {
      id: 'end', kind: 'at-end', message: 'end',
      expr: { k: 'bin', op: '&&', a: { k: 'bin', op: '==', a: field('a', 'pmd_table'), b: c(0) }, b: { k: 'bin', op: '==', a: field('b', 'pmd_table'), b: obj('ta') } },
    };
    const res = runScenario(input(f, [end]));
    expect(res.verdicts.map((v) => v.verdict.kind)).toEqual(['ok']);
  });

  it('keeps the secondary-MMU cells for a property even when the program never notifies', () => {
    const f = new FnBuilder('t', [], [], 't.c').eff('pte_clear', [c(1)], 'huge_ptep_get_and_clear').ret();
    const stale: PropertySpec = {
      id: 'stale', kind: 'never', message: 'stale',
      expr: { k: 'bin', op: '&&', a: { k: 'bin', op: '==', a: { k: 'query', q: 'pte', args: [c(1)] }, b: c(0) }, b: { k: 'query', q: 'smmu_maps', args: [obj('p')] } },
    };
    const res = runScenario(input(f, [stale]));
    expect(res.verdicts.some((v) => v.verdict.kind === 'violation')).toBe(true);
  });
});
