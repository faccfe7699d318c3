/**
 * A content-addressed store of exploration results, shared across runs. A result is a pure function
 * of the code (lowering, model, explorer, rules), the C sources of the program, the scenario, its
 * bounds and the program key printed in replay strings; the cache key hashes exactly these, so a hit
 * is the result the explorer would compute again, byte for byte (tested). It serves the hook, which
 * git runs once per patch file of a series: each run re-checks the same reference (or tree) programs.
 *
 * Two kinds of directory: one read-write (the user's cache), and read-only ones (the results for the
 * pristine built-in references, computed by `mmreview cache warm` when the package is built).
 * Results cut short by a time bound are not stored: they depend on the machine, not on the inputs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExploreResult } from '../explore/types.js';

export interface ResultCache {
  /** The key for these parts (the code fingerprint is added by the cache). */
  key(parts: string[]): string;
  get(key: string): ExploreResult | undefined;
  put(key: string, result: ExploreResult): void;
  /** Waits until every put is on disk. */
  flush?(): Promise<void>;
}

/**
 * Identity of every code file under `dirs`: path, size and modification time (in sorted order).
 * Reading the ~200 files on every check cost more than a small scenario; any rebuild or edit
 * rewrites a file and so changes its time. Copying the package elsewhere changes the times too,
 * which only costs misses, never a wrong hit.
 */
export function codeFingerprint(dirs: string[]): string {
  const h = createHash('sha256');
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = statSync(full, { bigint: true });
      if (st.isDirectory()) walk(full, `${rel}${name}/`);
      else if (/\.(js|ts|tsx|c|h)$/.test(name)) h.update(`${rel}${name}\0${st.size}\0${st.mtimeNs}\0`);
    }
  };
  for (const d of dirs) if (existsSync(d)) walk(d, `${d.split('/').slice(-2).join('/')}/`);
  return h.digest('hex');
}

/** Only results every machine would reach: none stopped by its time bound. */
export function storable(result: ExploreResult): boolean {
  return !result.verdicts.some((v) => v.verdict.kind === 'inconclusive' && /time bound/.test(v.verdict.reason));
}

function looksLikeResult(x: unknown, scenario?: string): x is ExploreResult {
  const r = x as ExploreResult;
  return !!r && typeof r === 'object' && Array.isArray(r.verdicts) && !!r.stats && Array.isArray(r.unmodelled) && (!scenario || r.scenario === scenario);
}

export class DirResultCache implements ResultCache {
  private fingerprint?: string;

  constructor(
    private readonly codeDirs: string[],
    private readonly readDirs: string[],
    private readonly writeDir?: string,
    /** Prune the write directory now and then (the user's cache, never the package's). */
    private readonly prune = false,
  ) {}

  key(parts: string[]): string {
    this.fingerprint ??= codeFingerprint(this.codeDirs);
    const h = createHash('sha256').update(this.fingerprint);
    for (const p of parts) h.update('\0').update(p);
    return h.digest('hex');
  }

  private path(dir: string, key: string): string {
    return join(dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): ExploreResult | undefined {
    for (const dir of this.readDirs) {
      const file = this.path(dir, key);
      if (!existsSync(file)) continue;
      try {
        const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
        if (looksLikeResult(parsed)) return parsed;
      } catch {
        // a damaged entry is a miss; the next put replaces it
      }
    }
    return undefined;
  }

  private pending: Promise<void>[] = [];

  /**
   * Written in the background (the check goes on exploring meanwhile) to a temporary name and
   * renamed, so concurrent hooks never read half an entry. `flush()` waits for the writes.
   */
  put(key: string, result: ExploreResult): void {
    if (!this.writeDir || !storable(result)) return;
    const file = this.path(this.writeDir, key);
    const tmp = `${file}.${process.pid}.tmp`;
    const text = JSON.stringify(result);
    this.pending.push(
      mkdir(dirname(file), { recursive: true })
        .then(() => writeFile(tmp, text))
        .then(() => rename(tmp, file))
        .catch(() => undefined), // a cache that cannot be written is only slower
    );
  }

  async flush(): Promise<void> {
    await Promise.all(this.pending.splice(0));
    if (this.prune && this.writeDir) await pruneOld(this.writeDir).catch(() => undefined);
  }
}

const DAY = 24 * 3600 * 1000;

/**
 * At most once a day, entries untouched for 30 days leave the user's cache: every upgrade of
 * mmreview writes new keys, and the old ones can never be hit again.
 */
export async function pruneOld(dir: string, now = Date.now()): Promise<number> {
  const marker = join(dir, '.pruned');
  const last = await stat(marker).then((st) => st.mtimeMs, () => 0);
  if (now - last < DAY) return 0;
  const subs = await readdir(dir).catch(() => undefined);
  if (!subs) return 0; // no cache yet: nothing to prune, nothing to create
  let removed = 0;
  for (const sub of subs) {
    if (sub.startsWith('.')) continue;
    for (const name of await readdir(join(dir, sub)).catch(() => [] as string[])) {
      const file = join(dir, sub, name);
      const st = await stat(file).catch(() => undefined);
      if (st?.isFile() && now - st.mtimeMs > 30 * DAY) {
        await rm(file, { force: true });
        removed++;
      }
    }
  }
  await writeFile(marker, '');
  return removed;
}

/** The user's cache directory: $MMREVIEW_CACHE_DIR, else $XDG_CACHE_HOME/mmreview, else ~/.cache/mmreview. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MMREVIEW_CACHE_DIR) return env.MMREVIEW_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mmreview');
}

/** Where this code runs from: dist/src + dist/rules (built package) or src + rules (sources). */
export function codeRoot(): { dirs: string[]; warmDir: string } {
  const srcDir = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
  const top = dirname(srcDir);
  return { dirs: [srcDir, join(top, 'rules')], warmDir: join(top, 'warm') };
}

/**
 * The cache for a check: off with MMREVIEW_CACHE=off; `writeDir` overrides where results go (the
 * warm command writes the package's own directory).
 */
export function openResultCache(env: NodeJS.ProcessEnv = process.env, writeDir?: string): ResultCache | undefined {
  if (env.MMREVIEW_CACHE === 'off') return undefined;
  const { dirs, warmDir } = codeRoot();
  const user = userCacheDir(env);
  const target = writeDir ?? user;
  return new DirResultCache(dirs, [...new Set([target, user, warmDir])], target, target === user);
}

/** Removes the user's cache directory (never the package's warm results). */
export function clearUserCache(env: NodeJS.ProcessEnv = process.env): string {
  const dir = userCacheDir(env);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}
