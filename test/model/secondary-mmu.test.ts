import { describe, expect, it } from 'vitest';
import { FnBuilder, c, obj, program, q } from '../../src/model/builder.js';
import { runScenario } from '../../src/explore/index.js';
import type { ModelInput } from '../../src/model/scenario.js';

/** One thread retracts table X: optionally inside a notifier bracket; the property: no free while a walk may be cached. */
function retract(bracketed: boolean): ModelInput {
  const f = new FnBuilder('retract', [], [], 'retract.c');
  if (bracketed) f.eff('notify_start', [c(2), c(0), c(2)], 'mmu_notifier_invalidate_range_start');
  f.eff('pmd_clear', [obj('table_x')], 'pmdp_collapse_flush');
  if (bracketed) f.eff('notify_end', [], 'mmu_notifier_invalidate_range_end');
  f.eff('pt_free', [obj('table_x')], 'pte_free').ret();
  return {
    scenario: {
      id: `retract-${bracketed}`,
      title: 'retract',
      objects: [
        { kind: 'lock', name: 'ptl_x', class: 'spin', label: 'PTL(table X)' },
        { kind: 'pagetable', name: 'table_x', label: 'table X', ptl: 'ptl_x', covers: [0, 1] },
      ],
      threads: [{ name: 'collapse', entry: 'retract', args: {} }],
      assume: {},
      properties: [
        {
          id: 'freed-while-walked',
          kind: 'never',
          expr: { k: 'bin', op: '&&', a: { k: 'field', obj: obj('table_x'), field: 'freed' }, b: q('smmu_walks', obj('table_x')) },
          message: 'freed while a secondary MMU may walk it',
        },
      ],
      bounds: { maxStates: 1000, maxMillis: 10_000 },
    },
    program: program('test', f.build()),
  };
}

describe('secondary MMU walk cache', () => {
  it('freeing a table whose PMD was cleared outside a notifier bracket is reported', () => {
    const kinds = runScenario(retract(false)).verdicts.map((v) => v.verdict.kind);
    expect(kinds).toContain('violation');
  });
  it('inside a bracket the walk is dropped and not taken again once the PMD is gone', () => {
    const kinds = runScenario(retract(true)).verdicts.map((v) => v.verdict.kind);
    expect(kinds).not.toContain('violation');
  });
});
