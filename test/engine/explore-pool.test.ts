/**
 * The worker pool (opt-in, compiled package only) gives the same results as exploring in-process.
 * Runs against the compiled dist/ when it exists (npm run build); skips otherwise.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const dist = (p: string) => join(ROOT, 'dist', p);
const built = ['src/engine/explore-pool.js', 'src/engine/explore-worker.js', 'src/explore/index.js', 'rules/index.js'].every((p) => existsSync(dist(p)));
const load = (p: string) => import(pathToFileURL(dist(p)).href);

describe.skipIf(!built)('ExplorePool (compiled)', () => {
  it('explores on worker threads exactly as in-process', async () => {
    const [{ ExplorePool }, { runScenario }, { allRules }, { lowerProgram }, { loadReferenceVariants }] = await Promise.all([
      load('src/engine/explore-pool.js'),
      load('src/explore/index.js'),
      load('rules/index.js'),
      load('src/extract/lower/index.js'),
      load('src/engine/reference.js'),
    ]);
    const scenarios = allRules.flatMap((r: { scenarios: unknown[] }) => r.scenarios).slice(0, 3);
    // the collapse scenarios come first in allRules: their reference is v6.3 (not the newest variant)
    const files = loadReferenceVariants(join(ROOT, 'src', 'reference')).find((v: { name: string }) => v.name === 'v6.3')!.files;
    const pool = ExplorePool.create(2);
    expect(pool).toBeDefined();
    try {
      for (const scenario of scenarios) {
        const program = lowerProgram(files, { origin: 'test', assume: scenario.assume, only: scenario.threads.map((t: { entry: string }) => t.entry) });
        const opts = { programKey: 'ref:test', maxStates: 200_000, maxMillis: 20_000 };
        const [inWorker, inProcess] = [await pool.run(scenario, program, opts), runScenario({ scenario, program }, opts)];
        expect(JSON.stringify(inWorker)).toBe(JSON.stringify(inProcess));
      }
    } finally {
      await pool.close();
    }
  });
});
