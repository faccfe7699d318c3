/**
 * The end-to-end tests run the real `bin/mmreview.js`, which loads the compiled dist/. Build it when
 * it is missing or older than the sources these tests exercise (CI builds it in `npm ci`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/hook/paths.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Test files run in parallel: one builds, the others wait for it (mkdir is atomic). */
function buildOnce(root: string): void {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const lock = join(root, 'dist', '.test-build.lock');
  try {
    mkdirSync(lock);
  } catch {
    const until = Date.now() + 180_000;
    while (existsSync(lock) && Date.now() < until) execFileSync('sleep', ['0.2']);
    return;
  }
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; existence is checked by the caller.
  } finally {
    rmdirSync(lock);
  }
}

/** Path of bin/mmreview.js once dist is current, or a reason why it cannot be. */
export function builtBin(): { bin: string } | { skip: string } {
  const root = projectRoot();
  const main = join(root, 'dist', 'src', 'cli', 'main.js');
  // The build is incremental: dist/.tsbuildinfo is rewritten whenever anything was re-emitted.
  const info = join(root, 'dist', '.tsbuildinfo');
  const newestSource = Math.max(...['src', 'rules'].map((d) => newestMtime(join(root, d))));
  const stale = !existsSync(main) || !existsSync(info) || statSync(info).mtimeMs < newestSource;
  if (stale) buildOnce(root);
  if (!existsSync(main)) return { skip: 'dist/ could not be built (run `npm run build`)' };
  return { bin: join(root, 'bin', 'mmreview.js') };
}
