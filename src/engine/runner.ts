/**
 * Lowering and exploring with caches: the same program text is lowered once, the same
 * (program, scenario) explored once — the before-program of patch k is the after-program of patch k-1.
 */
import { createHash } from 'node:crypto';
import type { ExploreResult, Trace, Verdict } from '../explore/types.js';
import type { IrProgram } from '../model/ir.js';
import type { Bounds, Scenario } from '../model/scenario.js';
import type { EngineDeps, LowerRequest } from './deps.js';
import type { RuleMatch } from './rule.js';
import type { ProgramSource } from './sides.js';
import type { SourceFile } from './place.js';
import { callGraph, entryFamilies, filesFor } from './relevance.js';

export interface Budget {
  maxStates: number;
  maxMillis: number;
}

export type Observation =
  | { state: 'hit'; verdict: Verdict; trace?: Trace }
  | { state: 'miss' }
  | { state: 'inconclusive'; reason: string };

function digest(files: SourceFile[]): string {
  const h = createHash('sha1');
  for (const f of files) h.update(f.path).update('\0').update(f.text).update('\0');
  return h.digest('hex');
}

export class Runner {
  private programs = new Map<string, Promise<IrProgram>>();
  private results = new Map<string, Promise<ExploreResult>>();
  private entries = new Map<string, Set<string>>();

  constructor(
    private readonly deps: EngineDeps,
    private readonly budget?: Budget,
  ) {}

  private signatures = new WeakMap<ProgramSource, string>();

  signature(src: ProgramSource): string {
    let sig = this.signatures.get(src);
    if (!sig) this.signatures.set(src, (sig = `${digest(src.base)}:${digest(src.overlay)}`));
    return sig;
  }

  /**
   * Scenarios about to run: those with equal assumptions share one lowering of all their entry
   * functions (lowering a function does not depend on which others are lowered with it).
   */
  register(scenarios: Scenario[]): void {
    for (const sc of scenarios) {
      const key = JSON.stringify([sc.assume, sc.iterate ?? {}]);
      const set = this.entries.get(key) ?? new Set<string>();
      sc.threads.forEach((t) => set.add(t.entry));
      this.entries.set(key, set);
      sc.threads.forEach((t) => this.allEntries.add(t.entry));
      this.together.push(sc.threads.map((t) => t.entry));
      this.lowering = undefined;
    }
  }

  /** Entry functions that run together in some scenario: always lowered into one program. */
  private readonly together: string[][] = [];

  /** Entry functions of every registered scenario: they choose the C files each program is lowered from. */
  private readonly allEntries = new Set<string>();

  /** The program for one scenario: lowered with its assumptions, from its (and its peers') entry functions. */
  program(src: ProgramSource, scenario: Scenario): Promise<IrProgram> {
    const assumeKey = JSON.stringify([scenario.assume, scenario.iterate ?? {}]);
    const only = new Set([...(this.entries.get(assumeKey) ?? []), ...scenario.threads.map((t) => t.entry)]);
    const req: LowerRequest = { origin: src.label, assume: scenario.assume, iterate: scenario.iterate, only: [...only].sort() };
    const key = `${this.signature(src)}\0${assumeKey}\0${req.only!.join(',')}`;
    let p = this.programs.get(key);
    if (!p) {
      p = this.lower(src, req);
      this.programs.set(key, p);
    }
    return p;
  }

  /**
   * Tree functions come first, so they replace reference functions of the same name; the reference
   * fills in the rest. Every scenario group of a program is given the same files: those any
   * registered scenario of the same entry family needs (entries whose reachable functions meet;
   * src/engine/relevance.ts). The lowering cache then keeps, across groups, each function whose
   * lowering consulted no assumption the groups disagree on, and a family never parses the files of
   * another path of the model.
   */
  private async lower(src: ProgramSource, req: LowerRequest): Promise<IrProgram> {
    await new Promise((resolve) => setImmediate(resolve)); // let finished lowerings go to the explorer first
    const all = [...src.overlay, ...src.base];
    const entries = this.familyOf(src, all, req.only ?? []);
    return this.deps.lower(filesFor(all, entries), req);
  }

  private families = new Map<string, string[][]>();

  /** The registered entries of the families the given entries belong to (and those entries). */
  private familyOf(src: ProgramSource, all: ProgramSource['base'], wanted: string[]): string[] {
    const sig = this.signature(src);
    let fams = this.families.get(sig);
    if (!fams) this.families.set(sig, (fams = entryFamilies(callGraph(all), [...this.allEntries].sort(), this.together)));
    const mine = fams.filter((f) => f.some((e) => wanted.includes(e)));
    return [...new Set([...mine.flat(), ...wanted])].sort();
  }

  private digests = new WeakMap<Scenario, string>();

  /** Two rules could name different scenarios alike: results are cached by content, not by id. */
  private scenarioDigest(scenario: Scenario): string {
    let d = this.digests.get(scenario);
    if (!d) {
      d = createHash('sha1').update(JSON.stringify(scenario)).digest('hex');
      this.digests.set(scenario, d);
    }
    return d;
  }

  bounds(scenario: Scenario): Bounds {
    if (!this.budget) return scenario.bounds;
    return {
      ...scenario.bounds,
      maxStates: Math.min(scenario.bounds.maxStates, this.budget.maxStates),
      maxMillis: Math.min(scenario.bounds.maxMillis, this.budget.maxMillis),
    };
  }

  /**
   * The scenario explored on the program, once per (program, scenario). With `stopOn` (a probe that
   * only asks whether that verdict occurs) a full run already made answers it; otherwise the probe
   * may stop at the first such verdict, and is kept apart so that it never stands for a full run.
   */
  explore(scenario: Scenario, src: ProgramSource, stopOn?: RuleMatch): Promise<ExploreResult> {
    const key = `${this.signature(src)}\0${scenario.id}\0${this.scenarioDigest(scenario)}`;
    const full = this.results.get(key);
    if (full || !stopOn) return full ?? this.remember(key, this.exploreUncached(scenario, src));
    const probeKey = `${key}\0${JSON.stringify(stopOn)}`;
    return this.results.get(probeKey) ?? this.remember(probeKey, this.exploreUncached(scenario, src, stopOn));
  }

  private remember(key: string, r: Promise<ExploreResult>): Promise<ExploreResult> {
    this.results.set(key, r);
    return r;
  }

  /** The shared cache's key: everything the result depends on besides the code (which the cache adds). */
  private lowering?: string;

  /** What shapes every lowering besides the sources: the registered entry groups and families. */
  private loweringKey(): string {
    const groups = [...this.entries].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => [k, [...v].sort()]);
    this.lowering ??= JSON.stringify([groups, this.together.map((t) => [...t].sort()).sort()]);
    return this.lowering;
  }

  private storeKey(scenario: Scenario, src: ProgramSource, bounds: Bounds, stopOn?: RuleMatch): string | undefined {
    const store = this.deps.cache;
    if (!store) return undefined;
    return store.key([this.signature(src), src.key, this.scenarioDigest(scenario), JSON.stringify(bounds), JSON.stringify(stopOn ?? null), this.loweringKey()]);
  }

  private async exploreUncached(scenario: Scenario, src: ProgramSource, stopOn?: RuleMatch): Promise<ExploreResult> {
    const bounds = this.bounds(scenario);
    const storeKey = this.storeKey(scenario, src, bounds, stopOn);
    const stored = storeKey === undefined ? undefined : this.deps.cache!.get(storeKey);
    if (stored) return stored;
    try {
      const program = await this.program(src, scenario);
      const req = { scenario: { ...scenario, bounds }, program, programKey: src.key, bounds };
      const result = await this.deps.explore(stopOn ? { ...req, stopOn } : req);
      if (storeKey !== undefined) this.deps.cache!.put(storeKey, result);
      return result;
    } catch (err) {
      const reason = `could not explore: ${err instanceof Error ? err.message : String(err)}`;
      return { scenario: scenario.id, verdicts: [{ verdict: { kind: 'inconclusive', reason } }], stats: { states: 0, transitions: 0, depth: 0, bytesPerState: 0 }, unmodelled: [] };
    }
  }
}

function matches(match: RuleMatch, v: Verdict): boolean {
  if ('property' in match) return v.kind === 'violation' && v.property === match.property;
  if (v.kind !== 'deadlock' && v.kind !== 'livelock') return false;
  return match.stall === 'any' || match.stall === v.kind;
}

/** What a rule sees in an exploration: its problem (hit), none (miss), or no answer within bounds. */
export function observe(match: RuleMatch, result: ExploreResult): Observation {
  const hit = result.verdicts.find((v) => matches(match, v.verdict));
  if (hit) return { state: 'hit', verdict: hit.verdict, trace: hit.trace };
  const inc = result.verdicts.find((v) => v.verdict.kind === 'inconclusive');
  if (inc && inc.verdict.kind === 'inconclusive') return { state: 'inconclusive', reason: inc.verdict.reason };
  return { state: 'miss' };
}

/** The verdict a scenario run is recorded with: its first non-ok verdict, else ok. */
export function runVerdict(result: ExploreResult): 'ok' | 'violation' | 'deadlock' | 'livelock' | 'inconclusive' {
  const kinds = result.verdicts.map((v) => v.verdict.kind);
  for (const k of ['deadlock', 'livelock', 'violation', 'inconclusive'] as const) if (kinds.includes(k)) return k;
  return 'ok';
}
