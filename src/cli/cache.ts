/**
 * `mmreview cache warm | clear | path`. warm explores every scenario on every built-in reference
 * into the package's own directory (the build does this); clear removes the user's cache.
 */
import { rmSync } from 'node:fs';
import { InputError } from '../input/types.js';

export async function cacheCommand(action: string, opts: Record<string, unknown>): Promise<number> {
  const quiet = opts.quiet === true;
  const say = (s: string) => {
    if (!quiet) process.stdout.write(`${s}\n`);
  };
  const cache = await import('../engine/result-cache.js');
  if (action === 'path') {
    say(`user cache: ${cache.userCacheDir()}\nbuilt-in references: ${cache.codeRoot().warmDir}`);
    return 0;
  }
  if (action === 'clear') {
    say(`removed ${cache.clearUserCache()}`);
    return 0;
  }
  if (action !== 'warm') throw new InputError('cache', `unknown action "${action}" (warm | clear | path)`);
  const [{ realDeps }, { warmReferences }] = await Promise.all([import('../engine/deps.js'), import('../engine/warm.js')]);
  const deps = await realDeps({ workers: false, cache: false });
  const target = cache.codeRoot().warmDir;
  // results of an earlier build can never be hit again (the code fingerprint changed): start afresh
  rmSync(target, { recursive: true, force: true });
  const store = cache.openResultCache({ ...process.env, MMREVIEW_CACHE: 'on' }, target);
  deps.cache = store;
  try {
    for (const w of await warmReferences(deps)) say(`${w.variant}: ${w.scenarios} scenarios, ${w.states} states -> ${target}`);
    await store?.flush?.();
  } catch (err) {
    // warming only saves time later: a failure must not fail the build that runs it
    process.stderr.write(`mmreview: cache warm: ${err instanceof Error ? err.message : String(err)} (checks will explore instead)\n`);
  }
  return 0;
}
