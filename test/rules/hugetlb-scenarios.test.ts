/**
 * The hugetlb scenarios run directly on the lowered v6.1-rc2 reference and on our fixtures applied
 * to it (no engine): which scenarios show their rule's problem on which program, that the scenarios
 * are not vacuous (the racing share really happens), and that they stay small.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { runScenario } from '../../src/explore/index.js';
import type { Rule, RuleMatch } from '../../src/engine/rule.js';
import type { ExploreResult } from '../../src/explore/types.js';
import type { Scenario } from '../../src/model/scenario.js';
import { eq, obj, pmdTableOf, tstate } from '../../rules/lib/hugetlb-world.js';
import { hugetlbCases } from './hugetlb-cases.js';
import { hugetlbFiles } from './hugetlb-programs.js';
import { lowerFor, type CFile } from './programs.js';

/** Does an exploration show what the rule reports? undefined when inconclusive. */
function shows(match: RuleMatch, res: ExploreResult): boolean | undefined {
  const hit = res.verdicts.some((v) =>
    'property' in match
      ? v.verdict.kind === 'violation' && v.verdict.property === match.property
      : (v.verdict.kind === 'deadlock' || v.verdict.kind === 'livelock') && (match.stall === 'any' || match.stall === v.verdict.kind),
  );
  if (hit) return true;
  return res.verdicts.some((v) => v.verdict.kind === 'inconclusive') ? undefined : false;
}

const rules = allRules.filter((r: Rule) => r.path === 'hugetlb');
const scenarios = rules.flatMap((rule) => rule.scenarios.map((scenario) => ({ rule, scenario })));

describe('hugetlb rules', () => {
  it('are the four of the hugetlb unmap path', () => {
    expect(rules.map((r) => r.id).sort()).toEqual([
      'hugetlb-final-unmap-lock-order',
      'hugetlb-truncate-lock-order',
      'hugetlb-vma-lock-live',
      'hugetlb-zap-outside-notifier',
    ]);
  });
  it('share one set of assumptions (one lowering per program)', () => {
    const keys = new Set(scenarios.map(({ scenario }) => JSON.stringify([scenario.assume, scenario.iterate])));
    expect(keys.size).toBe(1);
  });
});

describe.each(hugetlbCases.map((c) => [c.name, c] as const))('hugetlb scenarios on %s', (_name, c) => {
  let files: Promise<CFile[]> | undefined;
  const program = () => (files ??= hugetlbFiles(c.fixture));
  it.each(scenarios.map((s) => [s.scenario.id, s] as const))('%s', async (id, { rule, scenario }) => {
    const res = runScenario({ scenario, program: lowerFor(await program(), scenario, c.name) });
    const seen = shows(rule.match, res);
    expect(seen, `${id} inconclusive on ${c.name}`).not.toBeUndefined();
    expect(seen, `${rule.id} / ${id} on ${c.name}`).toBe(c.hits.includes(id));
    // small: a few hundred states
    expect(res.stats.states).toBeLessThan(5_000);
  });
});

type Cond = Scenario['properties'][number]['expr'];

/** Can the reference reach a state where `expr` holds, in scenario `id`? */
async function reaches(id: string, expr: Cond): Promise<boolean> {
  const base = scenarios.find((s) => s.scenario.id === id)!.scenario;
  const sc: Scenario = { ...base, properties: [{ id: 'probe', kind: 'never', expr, message: 'probe' }] };
  const res = runScenario({ scenario: sc, program: lowerFor(await hugetlbFiles(), sc, 'reference') });
  return res.verdicts.some((v) => v.verdict.kind === 'violation');
}

describe('the unshare scenario is not vacuous', () => {
  it('the zap of the first huge page unshares the PMD page of A', async () => {
    expect(await reaches('hugetlb-dontneed-unshare-secondary-mmu', eq(pmdTableOf('vma_a'), { k: 'const', v: 0 }))).toBe(true);
  });
});

describe('the final-unmap scenario is not vacuous', () => {
  const probe = (expr: Cond) => reaches('hugetlb-final-unmap-vs-pmd-share', expr);

  it('process B can share the PMD page of A (before the unmap)', async () => {
    expect(await probe(eq(pmdTableOf('vma_b'), obj('table_a')))).toBe(true);
  });
  it('the final unmap then unshares A instead of leaving its table to B', async () => {
    expect(await probe({ k: 'bin', op: '&&', a: tstate('munmap', 'done'), b: eq(pmdTableOf('vma_a'), { k: 'const', v: 0 }) })).toBe(true);
  });
  it('after the final unmap, A has no vma_lock', async () => {
    expect(await probe({ k: 'bin', op: '&&', a: tstate('munmap', 'done'), b: { k: 'field', obj: obj('vma_a'), field: 'hvlock' } })).toBe(false);
  });
});
