/**
 * What the engine needs from its collaborators, as one injectable object: tests pass small fakes,
 * the CLI passes realDeps() (the lowering, the explorer, the rules, the reference variants).
 */
import type { ExploreResult } from '../explore/types.js';
import type { FileImagesLike } from '../extract/functions.js';
import type { TouchedFunction } from '../extract/types.js';
import type { Patch, PatchSet } from '../input/types.js';
import type { IrProgram } from '../model/ir.js';
import type { Bounds, Scenario } from '../model/scenario.js';
import type { ReferenceVariant, SourceFile } from './place.js';
import type { Rule, RuleMatch } from './rule.js';
import { ExplorePool } from './explore-pool.js';
import { openResultCache, type ResultCache } from './result-cache.js';

/** src/input/images.ts PatchImages, as far as the engine reads it. */
export interface TreeImages {
  patchId: string;
  files: FileImagesLike[];
  failures: { file: string; hunk: number; message: string }[];
}

export interface LowerRequest {
  origin: string;
  assume?: Record<string, number | 'any'>;
  /** Objects iterator macros walk (Scenario.iterate), passed to the lowering. */
  iterate?: Record<string, string[]>;
  only?: string[];
}

export interface EngineDeps {
  rules: Rule[];
  variants: ReferenceVariant[];
  /** Lower C files to one IR program (only `only` and what they call, when given), with the scenario's assumptions. */
  lower(files: SourceFile[], opts: LowerRequest): IrProgram | Promise<IrProgram>;
  /**
   * Explore one scenario on one program; `programKey` goes into replay strings. With `stopOn`, the
   * run may end at the first verdict of that kind (culprit probes only ask whether it occurs).
   */
  explore(req: { scenario: Scenario; program: IrProgram; programKey: string; bounds: Bounds; stopOn?: RuleMatch }): ExploreResult | Promise<ExploreResult>;
  touched(patch: Patch, images?: FileImagesLike[]): TouchedFunction[];
  /** Pre/post images of every patch's files in a kernel tree (earlier patches of the series applied). */
  images?(set: PatchSet, tree: string): Promise<TreeImages[]>;
  /** Exploration results shared across runs (src/engine/result-cache.ts); none: explore every time. */
  cache?: ResultCache;
  /** Release what the deps hold (worker threads). */
  dispose?(): Promise<void>;
}

/**
 * `workers: false` keeps exploration in-process (replay rebuilds programs and explores nothing);
 * `cache: false` explores every scenario afresh (as does MMREVIEW_CACHE=off).
 */
export async function realDeps(opts: { workers?: boolean; cache?: boolean } = {}): Promise<EngineDeps> {
  const [{ touchedFunctions }, { loadReferenceVariants }, { allRules }, { lowerProgram }, { runScenario }] = await Promise.all([
    import('../extract/functions.js'),
    import('./reference.js'),
    import('../../rules/index.js'),
    import('../extract/lower/index.js'),
    import('../explore/index.js'),
  ]);
  const pool = opts.workers === false ? undefined : ExplorePool.create();
  const deps: EngineDeps = {
    rules: allRules,
    variants: loadReferenceVariants(),
    lower: (files, opts) => lowerProgram(files, opts),
    explore: ({ scenario, program, programKey, bounds, stopOn }) => {
      const opts = { programKey: encodeProgramKey(programKey), maxStates: bounds.maxStates, maxMillis: bounds.maxMillis, ...(stopOn && { stopOn }) };
      return pool ? pool.run(scenario, program, opts) : runScenario({ scenario, program }, opts);
    },
    touched: touchedFunctions,
    // only tree mode reads images: their module (and the diff library it loads) is imported then
    images: async (set, tree) => (await import('../input/images.js')).resolveImages(set, tree),
    cache: opts.cache === false ? undefined : openResultCache(),
    // the cache may be swapped after creation (`mmreview cache warm`): flush the one in place
    dispose: async () => {
      await Promise.all([pool?.close(), deps.cache?.flush?.()]);
    },
  };
  return deps;
}

/** Program keys go into dot-separated replay strings: escape dots (and the escape character). */
export function encodeProgramKey(key: string): string {
  return key.replace(/%/g, '%25').replace(/\./g, '%2E');
}

export function decodeProgramKey(key: string): string {
  return key.replace(/%2E/g, '.').replace(/%25/g, '%');
}
