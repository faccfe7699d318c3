/**
 * The engine: for each patch in series order, the program before and after it; the rules its touched
 * functions make relevant; each rule's scenarios explored on both programs; the difference classified
 * (regression / fixed / pre-existing) and pinned on the hunk that causes it.
 */
import type { FileImagesLike } from '../extract/functions.js';
import type { Patch, PatchSet } from '../input/types.js';
import { findCulprit } from './culprit.js';
import { realDeps, type EngineDeps, type TreeImages } from './deps.js';
import { sameCode } from './same-code.js';
import { treeReference } from './reference.js';
import { makeFinding } from './findings.js';
import { callGraph, relevantRules } from './relevance.js';
import { observe, Runner, runVerdict, type Budget, type Observation } from './runner.js';
import { annotateSeries, groupSeries } from './series.js';
import { noTreeSides, treeSides, type PatchSides, type ProgramSource } from './sides.js';
import type { Classification, Finding, Outcome, PatchReport, ScenarioRun } from './types.js';
import type { Rule, RuleMatch } from './rule.js';
import type { Scenario } from '../model/scenario.js';

/** Progress, for a live display (nothing below the CLI prints). */
export type EngineProgress =
  | { kind: 'patch'; patchId: string; title: string; index?: number; total?: number }
  | { kind: 'run'; patchId: string; scenario: string; side: 'before' | 'after' | 'culprit'; verdict: ScenarioRun['verdict']; states: number };

export interface CheckOptions {
  tree?: string;
  cwd: string;
  budget?: Budget;
  /** false: explore every scenario afresh, ignoring and not filling the shared result cache. */
  cache?: boolean;
  onProgress?: (e: EngineProgress) => void;
}

export function classify(before: Observation, after: Observation): Classification | undefined {
  if (before.state === 'inconclusive' || after.state === 'inconclusive') return undefined;
  if (after.state === 'hit') return before.state === 'hit' ? 'pre-existing' : 'regression';
  return before.state === 'hit' ? 'fixed' : undefined;
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

function sortFindings(fs: Finding[]): Finding[] {
  return fs.sort(
    (a, b) =>
      cmp(a.location.file, b.location.file) ||
      cmp(a.location.line, b.location.line) ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.scenario, b.scenario) ||
      cmp(a.classification, b.classification),
  );
}

class PatchCheck {
  readonly runs = new Map<string, ScenarioRun>();
  readonly findings: Finding[] = [];
  readonly unmodelled = new Set<string>();

  constructor(
    private readonly patch: Patch,
    private readonly sides: PatchSides,
    private readonly runner: Runner,
    private readonly progress?: (e: EngineProgress) => void,
  ) {}

  private async explore(scenario: Scenario, side: 'before' | 'after' | 'culprit', src: ProgramSource, stopOn?: RuleMatch) {
    const result = await this.runner.explore(scenario, src, stopOn);
    this.progress?.({ kind: 'run', patchId: this.patch.id, scenario: scenario.id, side, verdict: runVerdict(result), states: result.stats.states });
    if (side === 'culprit') return result;
    this.runs.set(`${scenario.id}\0${side}`, { patchId: this.patch.id, scenario: scenario.id, side, verdict: runVerdict(result), stats: result.stats });
    if (side === 'after') result.unmodelled.forEach((u) => this.unmodelled.add(u));
    return result;
  }

  /** The hunk the difference comes from (re-running without each hunk, then with each alone). */
  private async culprit(rule: Rule, scenario: Scenario, classification: Classification) {
    const probe = (build: (n: number) => ProgramSource | undefined) => async (ordinal: number) => {
      const src = build(ordinal);
      if (!src) return undefined;
      // a probe only asks whether the rule's problem shows: it may stop at the first sighting
      const o = observe(rule.match, await this.explore(scenario, 'culprit', src, rule.match));
      return o.state === 'inconclusive' ? undefined : o.state === 'hit';
    };
    const { hunk } = await findCulprit(this.sides.hunks, classification, probe(this.sides.without), probe(this.sides.only));
    return hunk;
  }

  async checkRule(rule: Rule, scenarios: Scenario[] = rule.scenarios): Promise<void> {
    for (const scenario of scenarios) {
      const before = observe(rule.match, await this.explore(scenario, 'before', this.sides.before));
      const after = observe(rule.match, await this.explore(scenario, 'after', this.sides.after));
      const classification = classify(before, after);
      if (!classification) continue;
      const shown = classification === 'fixed' ? before : after;
      if (shown.state !== 'hit') continue;
      const hunk = await this.culprit(rule, scenario, classification);
      this.findings.push(
        makeFinding({
          rule,
          scenario: scenario.id,
          classification,
          patch: this.patch,
          verdict: shown.verdict,
          trace: shown.trace,
          culprit: hunk ?? this.sides.hunks.find((h) => !h.noop) ?? this.sides.hunks[0],
          compared: { before: this.sides.before.label, after: this.sides.after.label },
        }),
      );
    }
  }

  report(): PatchReport {
    const pos = this.patch.position;
    const r: PatchReport = {
      patchId: this.patch.id,
      title: this.patch.title,
      index: pos.total !== undefined ? pos.index : undefined,
      total: pos.total,
      quoted: this.patch.quoted,
      repaired: this.patch.repaired,
      base: this.sides.base,
      findings: sortFindings(this.findings),
      runs: [...this.runs.values()].sort((a, b) => cmp(a.scenario, b.scenario) || cmp(a.side, b.side)),
      unplaced: [...this.sides.unplaced].sort(),
      unmodelled: [...this.unmodelled].sort(),
    };
    if (this.sides.notes.length) r.placement = [...this.sides.notes];
    if (r.index === undefined) delete r.index;
    if (r.total === undefined) delete r.total;
    return r;
  }
}

/** Names of the functions the patch touches; a failure to locate them only narrows relevance to placement. */
function touchedNames(deps: EngineDeps, patch: Patch, notes: string[], images?: FileImagesLike[]): string[] {
  try {
    return deps.touched(patch, images).map((f) => f.name);
  } catch (err) {
    notes.push(`could not locate the touched functions (${err instanceof Error ? err.message : String(err)}); rules chosen from placed hunks only`);
    return [];
  }
}

interface CheckContext {
  deps: EngineDeps;
  runner: Runner;
  progress?: (e: EngineProgress) => void;
}

async function checkOne(patch: Patch, sides: PatchSides, ctx: CheckContext, images?: FileImagesLike[]): Promise<PatchReport> {
  const { deps, runner } = ctx;
  const pos = patch.position;
  ctx.progress?.({ kind: 'patch', patchId: patch.id, title: patch.title, index: pos.index, total: pos.total });
  const check = new PatchCheck(patch, sides, runner, ctx.progress);
  if (sides.unplaced.length) return check.report();
  if (sameCode(sides.before, sides.after)) {
    sides.notes.push('the patch changes nothing the model runs (comments, or code outside the model)');
    return check.report();
  }
  const touched = new Set([...sides.functions, ...touchedNames(deps, patch, sides.notes, images)]);
  const graphs = [sides.before, sides.after].map((src) => callGraph([...src.overlay, ...src.base]));
  const rules = relevantRules(deps.rules, touched, graphs);
  // a scenario whose entry functions neither program defines (another path's reference) cannot run
  const runnable = (sc: Scenario) => sc.threads.every((t) => graphs.some((g) => g.has(t.entry)));
  // start every before/after run now: with worker threads they explore while the next program lowers
  for (const sc of rules.flatMap((r) => r.scenarios.filter(runnable))) for (const src of [sides.before, sides.after]) void runner.explore(sc, src);
  for (const rule of rules) await check.checkRule(rule, rule.scenarios.filter(runnable));
  return check.report();
}

async function imagesOf(set: PatchSet, tree: string, deps: EngineDeps): Promise<Map<string, TreeImages>> {
  if (!deps.images) throw new Error('tree mode needs the pre/post image resolver');
  return new Map((await deps.images(set, tree)).map((i) => [i.patchId, i]));
}

function outcomeNotes(set: PatchSet): string[] {
  return set.notes.map((n) => `${n.input}:${n.line}: ${n.decision}: ${n.subject ? `${n.subject}: ` : ''}${n.reason}`);
}

export async function checkPatchSet(set: PatchSet, opts: CheckOptions, injected?: EngineDeps): Promise<Outcome> {
  const deps = injected ?? (await realDeps({ cache: opts.cache }));
  try {
    return await checkWith(set, opts, deps);
  } finally {
    if (!injected) await deps.dispose?.();
  }
}

async function checkWith(set: PatchSet, opts: CheckOptions, deps: EngineDeps): Promise<Outcome> {
  const runner = new Runner(deps, opts.budget);
  // every scenario of every rule, so a program is lowered the same way here and in `mmreview replay`
  runner.register(deps.rules.flatMap((r) => r.scenarios));
  const reports: PatchReport[] = [];
  const treeImages = opts.tree ? await imagesOf(set, opts.tree, deps) : undefined;
  for (const series of groupSeries(set.patches)) {
    let prev: ProgramSource | undefined;
    const done: PatchReport[] = [];
    for (const patch of series) {
      let sides: PatchSides;
      let images: FileImagesLike[] | undefined;
      if (opts.tree && treeImages) {
        const mine = treeImages.get(patch.id);
        images = mine?.files ?? [];
        sides = treeSides(patch, opts.tree, treeReference(deps.variants), images, mine?.failures ?? []);
      } else sides = noTreeSides(patch, deps.variants, prev);
      done.push(await checkOne(patch, sides, { deps, runner, progress: opts.onProgress }, images));
      prev = sides.after;
    }
    annotateSeries(done);
    reports.push(...done);
  }
  const inputs = [...new Set([...set.patches.map((p) => p.origin.input), ...set.notes.map((n) => n.input)])];
  return { schema: 1, inputs, patches: reports, notes: outcomeNotes(set) };
}

export { noTreeSides, treeSides } from './sides.js';
export type { EngineDeps } from './deps.js';
