/**
 * The vma-lock scenarios run directly on the lowered reference 6.4 and on our vma fixtures applied to it
 * (no engine involved): which scenarios show their rule's property on which program; every vma-lock
 * scenario not listed as a hit must stay clean. Also: the R-D1 and D-I5 traces tell their stories, and
 * the vma-lock rules and files stay out of the collapse, zap and hugetlb paths.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { callGraph, filesFor, relevantRules } from '../../src/engine/relevance.js';
import { loadReferenceVariants, treeReference } from '../../src/engine/reference.js';
import { runScenario } from '../../src/explore/index.js';
import type { ExploreResult } from '../../src/explore/types.js';
import type { RuleMatch } from '../../src/engine/rule.js';
import { lowerFor, patchedFiles, referenceFiles, root, type CFile } from './programs.js';

const RD1 = 'vma-fault-vs-dontunmap-munmap';
const DI5 = 'vma-fault-vs-munmap';

interface VmaCase {
  name: string;
  fixture?: string;
  hits: string[];
}

const cases: VmaCase[] = [
  { name: 'reference 6.4', hits: [RD1] },
  { name: 'the 657b5146955e fix', fixture: 'fixtures/vma/fix-anon-vma-after-lock.patch', hits: [] },
  { name: 'the fix in other words', fixture: 'fixtures/vma/fix-other-names.patch', hits: [] },
  { name: 'fix, then the test moved back', fixture: 'fixtures/vma/series-fix-then-move-back.mbox', hits: [RD1] },
  { name: 'fix, then the test dropped', fixture: 'fixtures/vma/series-fix-then-drop-test.mbox', hits: [RD1] },
  { name: 'comments and a label renamed', fixture: 'fixtures/vma/noop-comments-renames.patch', hits: [RD1] },
  { name: 'downgrade before the isolation', fixture: 'fixtures/vma/downgrade-before-isolation.patch', hits: [RD1, DI5] },
  { name: 'downgrade before the tree clear', fixture: 'fixtures/vma/downgrade-before-tree-clear.patch', hits: [RD1, DI5] },
  { name: 'munmap comments', fixture: 'fixtures/vma/noop-munmap-comments.patch', hits: [RD1] },
];

function shows(match: RuleMatch, res: ExploreResult): boolean | undefined {
  const kinds = res.verdicts.map((v) => v.verdict);
  if (kinds.some((v) => 'property' in match && v.kind === 'violation' && v.property === match.property)) return true;
  return kinds.some((v) => v.kind === 'inconclusive') ? undefined : false;
}

const vmaRules = allRules.filter((r) => r.path === 'vma-lock');
const scenarios = vmaRules.flatMap((rule) => rule.scenarios.map((scenario) => ({ rule, scenario })));
const programs = new Map<string, Promise<CFile[]>>();
const program = (c: VmaCase) => {
  let p = programs.get(c.name);
  if (!p) {
    p = c.fixture ? patchedFiles('v6.4', `${root}/${c.fixture}`) : Promise.resolve(referenceFiles('v6.4'));
    programs.set(c.name, p);
  }
  return p;
};

async function trace(scenarioId: string, fixture?: string): Promise<string[]> {
  const { rule, scenario } = scenarios.find((s) => s.scenario.id === scenarioId)!;
  const files = fixture ? await patchedFiles('v6.4', `${root}/${fixture}`) : referenceFiles('v6.4');
  const res = runScenario({ scenario, program: lowerFor(files, scenario, scenarioId) });
  const v = res.verdicts.find((x) => x.verdict.kind === 'violation' && 'property' in rule.match && x.verdict.property === rule.match.property);
  return (v?.trace?.steps ?? []).map((s) => `${s.thread} ${s.event}`);
}

/** Positions of the patterns in the events, in order; -1 for a pattern not found after the previous one. */
function inOrder(events: string[], patterns: RegExp[]): number[] {
  let from = 0;
  return patterns.map((re) => {
    const i = events.findIndex((e, k) => k >= from && re.test(e));
    if (i >= 0) from = i + 1;
    return i;
  });
}

describe('vma-lock scenarios on lowered programs', () => {
  it('covers every vma-lock scenario', () => {
    expect(scenarios.map((s) => s.scenario.id).sort()).toEqual([RD1, DI5].sort());
  });

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it.each(scenarios.map((s) => [s.scenario.id, s] as const))('%s', async (id, { rule, scenario }) => {
      const res = runScenario({ scenario, program: lowerFor(await program(c), scenario, c.name) });
      const seen = shows(rule.match, res);
      expect(seen, `${id} inconclusive on ${c.name}`).not.toBeUndefined();
      expect(seen, `${rule.id} / ${id} on ${c.name}`).toBe(c.hits.includes(id));
      // small enough to run on every patch
      expect(res.stats.states).toBeLessThan(5_000);
    });
  });
});

describe('the v6.4 reference as the scenarios lower it', () => {
  it('branches on nothing unknown; only bookkeeping calls stay unfollowed', () => {
    const { scenario } = scenarios.find((s) => s.scenario.id === RD1)!;
    const prog = lowerFor(referenceFiles('v6.4'), scenario, 'v6.4');
    const unmodelled = [...prog.functions.values()].flatMap((f) => f.unmodelled);
    expect(unmodelled.filter((u) => u.what !== 'call').map((u) => `${u.what} ${u.name} at ${u.loc.fn}`)).toEqual([]);
    expect([...new Set(unmodelled.map((u) => u.name))].sort()).toEqual([
      'anon_vma_chain_free', 'anon_vma_chain_link', 'folio_add_lru_vma', 'folio_add_new_anon_rmap', 'fput', 'put_anon_vma',
    ]);
  });
});

describe('properties name no function', () => {
  it('R-D1 still shows when the neighbour walk is renamed', async () => {
    const renamed = referenceFiles('v6.4').map((f) => ({ ...f, text: f.text.replaceAll('find_mergeable_anon_vma', 'anon_vma_from_neighbours') }));
    expect(renamed.some((f) => f.text.includes('anon_vma_from_neighbours('))).toBe(true);
    const { rule, scenario } = scenarios.find((s) => s.scenario.id === RD1)!;
    expect(shows(rule.match, runScenario({ scenario, program: lowerFor(renamed, scenario, 'renamed') }))).toBe(true);
  });
});

describe('the stories', () => {
  it('R-D1 on 6.4: anon_vma tested, DONTUNMAP unlinks it, the lock succeeds, the neighbour is walked and freed', async () => {
    const events = await trace(RD1);
    const order = [
      /^fault TREE_WALK\(va 1\) -> VMA V/,
      /^fault VMA_SEQ_CHECK\(VMA V.*not write-locked/,
      /^mremap VMA_WLOCK\(VMA V/,
      /^mremap UNLINK_ANON_VMAS\(VMA V/,
      /^mremap MM_SEQ_INC/,
      /^fault VMA_RLOCK\(VMA V.*-> ok/,
      /^fault TREE_WALK\(va 2\) -> VMA X/,
      /^munmap VMA_DETACH\(VMA X/,
      /^munmap VMA_FREE\(VMA X/,
    ];
    expect(inOrder(events, order).every((p) => p >= 0), events.join('\n')).toBe(true);
  });

  it('D-I5: after an early downgrade the fault read-locks X, and munmap frees X or its table under it', async () => {
    const events = await trace(DI5, 'fixtures/vma/downgrade-before-isolation.patch');
    const order = [/^munmap VMA_WLOCK\(VMA X/, /^munmap MM_SEQ_INC/, /^fault VMA_RLOCK\(VMA X.*-> ok/, /^munmap VMA_DETACH\(VMA X/, /^munmap (VMA_FREE\(VMA X|PT_FREE.*table X)/];
    expect(inOrder(events, order).every((p) => p >= 0), events.join('\n')).toBe(true);
  });

  it('D-I5: with the tree cleared after the downgrade, the fault finds X under the read lock and maps into a freed table', async () => {
    const events = await trace(DI5, 'fixtures/vma/downgrade-before-tree-clear.patch');
    const order = [/^munmap VMA_DETACH\(VMA X/, /^munmap DOWNGRADE/, /^fault LOCK\(mmap_lock, R\)/, /^fault TREE_WALK\(va 2\) -> VMA X/, /^fault LOCK\(PTL\(table X\)/, /^munmap TREE_CLEAR/, /^munmap PT_FREE.*table X/];
    expect(inOrder(events, order).every((p) => p >= 0), events.join('\n')).toBe(true);
  });
});

describe('vma-lock rules and the other paths', () => {
  const v63 = callGraph(referenceFiles('v6.3'));
  const v61 = callGraph(loadReferenceVariants().find((v) => v.name === 'v6.1-rc2')!.files);
  const v64 = callGraph(referenceFiles('v6.4'));
  const vmaIds = (fns: string[], graphs: ReturnType<typeof callGraph>[]) =>
    relevantRules(allRules, new Set(fns), graphs).map((r) => r.id).filter((id) => id.startsWith('vma-'));

  it('are not selected for collapse, zap or hugetlb patches', () => {
    expect(vmaIds(['collapse_file', 'retract_page_tables'], [v63])).toEqual([]);
    expect(vmaIds(['zap_pte_range', 'folio_mkclean', 'madvise_dontneed_single_vma'], [v63])).toEqual([]);
    expect(vmaIds(['__unmap_hugepage_range_final', 'huge_pmd_share', 'unmap_single_vma', 'unmap_vmas'], [v61])).toEqual([]);
  });

  it('are selected for lock_vma_under_rcu, anon_vma preparation, mremap and munmap changes', () => {
    expect(vmaIds(['lock_vma_under_rcu'], [v64])).toEqual(['vma-downgrade-before-isolation', 'vma-lock-anon-vma-before-lock']);
    expect(vmaIds(['find_mergeable_anon_vma'], [v64])).toContain('vma-lock-anon-vma-before-lock');
    expect(vmaIds(['do_vmi_align_munmap'], [v64])).toContain('vma-downgrade-before-isolation');
    expect(vmaIds(['move_vma'], [v64])).toContain('vma-lock-anon-vma-before-lock');
  });

  it('add no file to the programs of the other paths, with or without a tree', () => {
    const variants = loadReferenceVariants();
    const mine = new Set(variants.find((v) => v.name === 'v6.4')!.files.map((f) => f.text));
    const entries = ['collapse_file', 'mincore_pte_range', 'shmem_fault', 'madvise_dontneed_single_vma', 'folio_write_one', 'unmap_single_vma', 'huge_pmd_share'];
    for (const files of [treeReference(variants).files, ...variants.filter((v) => v.name !== 'v6.4').map((v) => v.files)]) {
      const used = filesFor(files, entries);
      expect(used.filter((f) => mine.has(f.text)).map((f) => f.path)).toEqual([]);
    }
  });

  it('define no function another variant defines (tree mode takes the newest variant first)', () => {
    const others = [...v63.keys(), ...v61.keys()];
    expect([...v64.keys()].filter((fn) => others.includes(fn))).toEqual([]);
  });
});
