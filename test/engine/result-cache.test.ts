/**
 * The shared exploration result cache: a hit gives exactly the outcome a fresh exploration gives
 * (byte for byte, on the real model and a real fixture), machine-dependent results are never
 * stored, damaged entries are misses, keys follow the code, and warming covers each reference.
 */
import { mkdtempSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realDeps } from '../../src/engine/deps.js';
import { checkPatchSet } from '../../src/engine/index.js';
import { codeFingerprint, DirResultCache, openResultCache, pruneOld, storable } from '../../src/engine/result-cache.js';
import { warmReferences } from '../../src/engine/warm.js';
import type { ExploreResult } from '../../src/explore/types.js';
import { readPatchSet } from '../../src/input/index.js';
import { render } from '../../src/report/index.js';
import { fakeDeps, toyRule } from './fakes.js';
import { ROOT } from './helpers.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mmr-cache-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const result = (reason?: string): ExploreResult => ({
  scenario: 's',
  verdicts: reason ? [{ verdict: { kind: 'inconclusive', reason } }] : [{ verdict: { kind: 'ok' } } as ExploreResult['verdicts'][number]],
  stats: { states: 3, transitions: 2, depth: 1, bytesPerState: 1 },
  unmodelled: [],
});

function countingDeps(deps: Awaited<ReturnType<typeof realDeps>>) {
  const counter = { explored: 0 };
  const explore = deps.explore;
  deps.explore = (req) => {
    counter.explored++;
    return explore(req);
  };
  return counter;
}

describe('result cache on the real model', () => {
  it.each(['v5-rewritten.patch', 'upstream-first-merged.patch', 'uffd-fill-holes-during-scan.patch'])('gives the same report bytes from the cache as from fresh explorations, and explores nothing the second time (%s)', async (name) => {
    const dir = tmp();
    const input = join(ROOT, 'fixtures', 'collapse', name);
    const set = () => readPatchSet([input], { cwd: ROOT });
    const fresh = await checkPatchSet(await set(), { cwd: ROOT, cache: false });
    const run = async () => {
      const deps = await realDeps({ workers: false, cache: false });
      deps.cache = openResultCache({ MMREVIEW_CACHE_DIR: dir });
      const counter = countingDeps(deps);
      const outcome = await checkPatchSet(await set(), { cwd: ROOT }, deps);
      await deps.cache?.flush?.();
      return { outcome, ...counter };
    };
    const filling = await run();
    const hitting = await run();
    expect(filling.explored).toBeGreaterThan(0);
    expect(hitting.explored).toBe(0);
    expect(fresh.patches[0].findings.length).toBeGreaterThan(0);
    for (const format of ['json', 'text', 'sarif'] as const) {
      expect(render(hitting.outcome, format, { color: false })).toBe(render(fresh, format, { color: false }));
      expect(render(filling.outcome, format, { color: false })).toBe(render(fresh, format, { color: false }));
    }
  }, 120_000);
});

describe('DirResultCache', () => {
  it('stores results, but never one cut by its time bound (machine-dependent)', async () => {
    const dir = tmp();
    const cache = new DirResultCache([], [dir], dir);
    cache.put(cache.key(['a']), result());
    cache.put(cache.key(['b']), result('time bound reached (10 ms): 5 states, depth 2'));
    cache.put(cache.key(['c']), result('state bound reached: 5 states, depth 2, 4 transitions'));
    await cache.flush();
    expect(cache.get(cache.key(['a']))).toEqual(result());
    expect(cache.get(cache.key(['b']))).toBeUndefined();
    expect(cache.get(cache.key(['c']))?.verdicts[0].verdict.kind).toBe('inconclusive');
    expect(storable(result('time bound reached (10 ms)'))).toBe(false);
  });

  it('takes a damaged or foreign entry for a miss, and a read-only directory is never written', async () => {
    const rw = tmp();
    const ro = tmp();
    const cache = new DirResultCache([], [rw, ro], rw);
    const k = cache.key(['x']);
    mkdirSync(join(rw, k.slice(0, 2)), { recursive: true });
    writeFileSync(join(rw, k.slice(0, 2), `${k}.json`), '{"truncated": ');
    expect(cache.get(k)).toBeUndefined();
    writeFileSync(join(rw, k.slice(0, 2), `${k}.json`), '{"scenario": "s"}');
    expect(cache.get(k)).toBeUndefined();
    cache.put(k, result());
    await cache.flush();
    expect(cache.get(k)).toEqual(result());
    expect(readdirSync(ro)).toEqual([]);
  });

  it('keys on the code: rewriting any code file changes every key', () => {
    const code = tmp();
    writeFileSync(join(code, 'model.js'), 'export const a = 1;\n');
    utimesSync(join(code, 'model.js'), 1000, 1000);
    const before = new DirResultCache([code], []).key(['p']);
    expect(new DirResultCache([code], []).key(['p'])).toBe(before);
    expect(new DirResultCache([code], []).key(['q'])).not.toBe(before);
    // same size, new contents: the rewrite's time tells
    writeFileSync(join(code, 'model.js'), 'export const a = 2;\n');
    expect(new DirResultCache([code], []).key(['p'])).not.toBe(before);
    expect(codeFingerprint([code])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is off with MMREVIEW_CACHE=off', () => {
    expect(openResultCache({ MMREVIEW_CACHE: 'off' })).toBeUndefined();
    expect(openResultCache({ MMREVIEW_CACHE_DIR: tmp() })).toBeDefined();
  });
});

describe('warmReferences', () => {
  it('explores every scenario whose entries a variant defines, once per variant, into the cache', async () => {
    const dir = tmp();
    const deps = fakeDeps();
    deps.cache = new DirResultCache([], [dir], dir);
    let explored = 0;
    const explore = deps.explore;
    deps.explore = (req) => {
      explored++;
      return explore(req);
    };
    const summary = await warmReferences(deps);
    await deps.cache.flush?.();
    expect(summary.map((s) => s.variant)).toEqual(deps.variants.map((v) => v.name));
    expect(explored).toBe(summary.reduce((n, s) => n + s.scenarios, 0));
    expect(summary.some((s) => s.scenarios === toyRule.scenarios.length)).toBe(true);
    const again = await warmReferences(deps);
    expect(again).toEqual(summary);
    expect(explored).toBe(summary.reduce((n, s) => n + s.scenarios, 0));
  });
});

describe('pruneOld', () => {
  it('removes entries untouched for 30 days, keeps newer ones, and runs at most once a day', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'ab'));
    const old = join(dir, 'ab', 'old.json');
    const fresh = join(dir, 'ab', 'fresh.json');
    writeFileSync(old, '{}');
    writeFileSync(fresh, '{}');
    const now = Date.now();
    utimesSync(old, (now - 40 * 86_400_000) / 1000, (now - 40 * 86_400_000) / 1000);
    expect(await pruneOld(dir, now)).toBe(1);
    expect(readdirSync(join(dir, 'ab'))).toEqual(['fresh.json']);
    utimesSync(fresh, (now - 40 * 86_400_000) / 1000, (now - 40 * 86_400_000) / 1000);
    expect(await pruneOld(dir, now + 1000)).toBe(0); // pruned less than a day ago
    expect(await pruneOld(dir, now + 2 * 86_400_000)).toBe(1);
  });
});
