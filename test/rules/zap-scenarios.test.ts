/**
 * The zap scenarios run directly on the lowered reference 6.3 and on our zap fixtures applied to it
 * (no engine involved): which scenarios must show their rule's property on which program. Every zap
 * scenario not listed as a hit for a program must stay clean on it. Also: the R-A1 trace tells the
 * story of mm-reference R-A1, and the zap rules stay out of collapse patches.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { callGraph, filesFor, relevantRules } from '../../src/engine/relevance.js';
import { runScenario } from '../../src/explore/index.js';
import type { ExploreResult } from '../../src/explore/types.js';
import type { RuleMatch } from '../../src/engine/rule.js';
import { lowerFor, patchedFiles, referenceFiles, root, type CFile } from './programs.js';

const RACE = 'zap-vs-writeback-stale-tlb';
const RMAP_PTL = 'zap-dirty-rmap-under-ptl';
const UNLOCK = 'zap-dirty-ptl-release';
const FREE = 'zap-anon-free';

interface ZapCase {
  name: string;
  fixture?: string;
  hits: string[];
}

const cases: ZapCase[] = [
  { name: 'reference 6.3', hits: [] },
  { name: 'delayed rmap reverted', fixture: 'fixtures/zap/revert-delayed-rmap.patch', hits: [RACE] },
  { name: 'delayed rmap reverted, other words', fixture: 'fixtures/zap/revert-delayed-rmap-renamed.patch', hits: [RACE] },
  { name: 'tlb_flush_rmaps after the unlock', fixture: 'fixtures/zap/flush-rmaps-after-unlock.patch', hits: [RMAP_PTL] },
  { name: 'no forced flush for dirty pages', fixture: 'fixtures/zap/no-force-flush-dirty.patch', hits: [RACE, RMAP_PTL, UNLOCK] },
  { name: 'anon pages put directly', fixture: 'fixtures/zap/free-anon-before-flush.patch', hits: [FREE] },
  { name: 'batch freed before the flush', fixture: 'fixtures/zap/free-batch-before-flush.patch', hits: [FREE] },
  { name: 'comments, renames, rss moved', fixture: 'fixtures/zap/noop-comments-renames.patch', hits: [] },
  { name: 'zap_pte_range of 6.1', fixture: 'fixtures/zap/zap-pte-range-6.1.patch', hits: [RACE] },
  { name: 'page_mkclean_one without the PTL for a none PTE', fixture: 'fixtures/zap/mkclean-lockless-none.patch', hits: [RACE] },
  { name: 'folio_mkclean checks the mapping first', fixture: 'fixtures/zap/noop-mkclean-mapping-first.patch', hits: [] },
];

function shows(match: RuleMatch, res: ExploreResult): boolean | undefined {
  const kinds = res.verdicts.map((v) => v.verdict);
  if (kinds.some((v) => 'property' in match && v.kind === 'violation' && v.property === match.property)) return true;
  return kinds.some((v) => v.kind === 'inconclusive') ? undefined : false;
}

const zapRules = allRules.filter((r) => r.path === 'zap');
const scenarios = zapRules.flatMap((rule) => rule.scenarios.map((scenario) => ({ rule, scenario })));
const programs = new Map<string, Promise<CFile[]>>();
const program = (c: ZapCase) => {
  let p = programs.get(c.name);
  if (!p) {
    p = c.fixture ? patchedFiles('v6.3', `${root}/${c.fixture}`) : Promise.resolve(referenceFiles('v6.3'));
    programs.set(c.name, p);
  }
  return p;
};

describe('zap scenarios on lowered programs', () => {
  it('covers every zap scenario', () => {
    expect(scenarios.map((s) => s.scenario.id).sort()).toEqual([FREE, RMAP_PTL, RACE, UNLOCK].sort());
  });

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it.each(scenarios.map((s) => [s.scenario.id, s] as const))('%s', async (id, { rule, scenario }) => {
      const res = runScenario({ scenario, program: lowerFor(await program(c), scenario, c.name) });
      const seen = shows(rule.match, res);
      expect(seen, `${id} inconclusive on ${c.name}`).not.toBeUndefined();
      expect(seen, `${rule.id} / ${id} on ${c.name}`).toBe(c.hits.includes(id));
      // small enough to run on every patch
      expect(res.stats.states).toBeLessThan(20_000);
    });
  });
});

describe('R-A1 on the 6.1 form', () => {
  it('reports the lost store in the order of mm-reference R-A1', async () => {
    const { rule, scenario } = scenarios.find((s) => s.scenario.id === RACE)!;
    const files = await patchedFiles('v6.3', `${root}/fixtures/zap/zap-pte-range-6.1.patch`);
    const res = runScenario({ scenario, program: lowerFor(files, scenario, '6.1 form') });
    const v = res.verdicts.find((x) => x.verdict.kind === 'violation' && 'property' in rule.match && x.verdict.property === rule.match.property);
    const events = (v?.trace?.steps ?? []).map((s) => `${s.thread} ${s.event}`);
    const at = (re: RegExp) => events.findIndex((e) => re.test(e));
    const order = [/^zap PTE_CLEAR/, /^zap DIRTY/, /^zap RMAP_DEL/, /^writeback TEST_CLEAR_DIRTY.*was dirty/, /^writer STORE.*cached TLB/, /^zap TLB_FLUSH/];
    const positions = order.map(at);
    expect(positions.every((p) => p >= 0), events.join('\n')).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe('zap rules and collapse patches', () => {
  const files = referenceFiles('v6.3').map((f) => ({ path: f.path, text: f.text }));
  const graph = callGraph(files);

  it('are not selected for a patch touching collapse_file', () => {
    const ids = relevantRules(allRules, new Set(['collapse_file', 'retract_page_tables']), [graph]).map((r) => r.id);
    expect(ids.filter((id) => id.startsWith('zap-'))).toEqual([]);
    expect(ids).toContain('collapse-pagecache-consistent');
  });

  it('are selected for a patch touching zap_pte_range or folio_mkclean', () => {
    for (const fn of ['zap_pte_range', 'folio_mkclean']) {
      const ids = relevantRules(allRules, new Set([fn]), [graph]).map((r) => r.id);
      expect(ids, fn).toContain('zap-rmap-before-flush');
    }
  });

  it('add no file to the collapse programs', () => {
    const paths = filesFor(files, ['collapse_file', 'mincore_pte_range', 'shmem_fault']).map((f) => f.path);
    for (const mine of ['mm/memory.c', 'mm/rmap.c', 'mm/page-writeback.c', 'mm/madvise.c']) expect(paths).not.toContain(mine);
  });
});
