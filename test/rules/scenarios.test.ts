/**
 * The collapse scenarios run directly on the lowered reference kernels and on our fixture patches
 * applied to them (no engine involved): which scenarios must show their rule's finding on which
 * program. Every scenario not listed as a hit for a program must stay clean on it.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { runScenario } from '../../src/explore/index.js';
import type { ExploreResult } from '../../src/explore/types.js';
import type { Rule, RuleMatch } from '../../src/engine/rule.js';
import { lowerFor, patchedFiles, referenceFiles, root, type CFile } from './programs.js';
import { missingCapabilities, retractCapabilities } from './capabilities.js';
import { RETRACT, programCases as cases } from './cases.js';

/** Does an exploration show what the rule reports? undefined when inconclusive. */
export function shows(match: RuleMatch, res: ExploreResult): boolean | undefined {
  const kinds = res.verdicts.map((v) => v.verdict);
  const hit = kinds.some((v) =>
    'property' in match ? v.kind === 'violation' && v.property === match.property : (v.kind === 'deadlock' || v.kind === 'livelock') && (match.stall === 'any' || match.stall === v.kind),
  );
  if (hit) return true;
  return kinds.some((v) => v.kind === 'inconclusive') ? undefined : false;
}

// hugetlb scenarios run on their own reference (v6.1-rc2): test/rules/hugetlb-scenarios.test.ts;
// vma-lock scenarios on theirs (v6.4): test/rules/vma-scenarios.test.ts
const scenarios = allRules.filter((rule) => rule.path !== 'hugetlb' && rule.path !== 'vma-lock').flatMap((rule: Rule) => rule.scenarios.map((scenario) => ({ rule, scenario })));
const missing = missingCapabilities();
const retractGaps = retractCapabilities();

describe.skipIf(missing.length > 0)(`collapse scenarios on lowered programs${missing.length ? ` (skipped: ${missing.join('; ')})` : ''}`, () => {
  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let files: CFile[] | undefined;
    const program = async () => (files ??= c.fixture ? await patchedFiles(c.variant, `${root}/${c.fixture}`) : referenceFiles(c.variant));

    const pending = (id: string) => id === RETRACT && retractGaps.length > 0;
    const named = (s: (typeof scenarios)[number]) => [s.scenario.id, s] as const;
    it.skip.each(scenarios.filter((s) => pending(s.scenario.id)).map(named))(`%s (pending: ${retractGaps.join('; ')})`, () => {});
    it.each(scenarios.filter((s) => !pending(s.scenario.id)).map(named))('%s', async (id, { rule, scenario }) => {
      const res = runScenario({ scenario, program: lowerFor(await program(), scenario, c.name) });
      const seen = shows(rule.match, res);
      expect(seen, `${id} inconclusive on ${c.name}`).not.toBeUndefined();
      expect(seen, `${rule.id} / ${id} on ${c.name}`).toBe(c.hits.includes(id));
    });
  });
});
