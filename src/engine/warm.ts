/**
 * Fills a result cache with every scenario explored on every pristine built-in reference: the
 * before-program of any no-tree check of a single patch (or of a series' first patch). Run when the
 * package is built (`mmreview cache warm`), so a first check explores only what the patch changed.
 */
import type { EngineDeps } from './deps.js';
import { callGraph } from './relevance.js';
import { Runner } from './runner.js';
import type { ProgramSource } from './sides.js';

export interface WarmSummary {
  variant: string;
  scenarios: number;
  states: number;
}

/** The program noTreeSides compares a first patch against when it chose this variant. */
export function referenceSource(variant: { name: string; files: ProgramSource['base'] }): ProgramSource {
  return { key: `ref:${variant.name}`, label: `reference ${variant.name}`, base: variant.files, overlay: [] };
}

export async function warmReferences(deps: EngineDeps): Promise<WarmSummary[]> {
  const runner = new Runner(deps);
  const scenarios = deps.rules.flatMap((r) => r.scenarios);
  runner.register(scenarios);
  const out: WarmSummary[] = [];
  for (const variant of deps.variants) {
    const defined = callGraph(variant.files);
    const src = referenceSource(variant);
    // a scenario whose entry functions the variant lacks is never run on it by a check
    const runnable = scenarios.filter((sc) => sc.threads.every((t) => defined.has(t.entry)));
    const results = await Promise.all(runnable.map((sc) => runner.explore(sc, src)));
    out.push({ variant: variant.name, scenarios: runnable.length, states: results.reduce((n, r) => n + r.stats.states, 0) });
  }
  return out;
}
