/**
 * `mmreview check`: intake → engine → reporter. The only place that decides the tree (explicit
 * --tree, the current git work tree when it holds mm/, or none), colour and the exit code.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Outcome } from '../engine/types.js';
import { InputError, type PatchSet } from '../input/types.js';

const DEMO_PATCH = join('fixtures', 'demo', 'demo.patch');

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/** The top of the git work tree around `cwd`, when it is a kernel-like tree (has mm/). */
export function detectTree(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return isDir(join(dir, 'mm')) ? dir : undefined;
    if (dirname(dir) === dir) return undefined;
  }
}

interface TreeChoice {
  dir?: string;
  why: string;
}

function chooseTree(opts: Record<string, unknown>, cwd: string, demo: boolean): TreeChoice {
  if (typeof opts.tree === 'string') {
    const dir = resolve(cwd, opts.tree);
    if (!isDir(dir)) throw new InputError('--tree', `${opts.tree} is not a directory`);
    return { dir, why: `tree: ${dir} (--tree)` };
  }
  if (opts.tree === false) return { why: 'no tree (--no-tree): hunks placed on the built-in reference' };
  if (demo) return { why: 'no tree (--demo): the demo patch is placed on the built-in reference' };
  const found = detectTree(cwd);
  if (found) return { dir: found, why: `tree: ${found} (the current git work tree)` };
  return { why: 'no tree (the current directory is not a kernel git work tree): hunks placed on the built-in reference' };
}

async function optionsOf(opts: Record<string, unknown>) {
  const { isReportFormat, isFailOn } = await import('../report/index.js');
  const format = String(opts.format ?? 'text');
  const failOn = String(opts.failOn ?? 'regression');
  if (!opts.functions && !isReportFormat(format)) throw new InputError('--format', `unknown format "${format}" (text | json | sarif | b4 | b4-review)`);
  if (!isFailOn(failOn)) throw new InputError('--fail-on', `unknown level "${failOn}" (regression | warning | none)`);
  return { format, failOn };
}

async function demoInput(inputs: string[]): Promise<string[]> {
  if (inputs.length) throw new InputError('--demo', 'takes no inputs (it checks the built-in demo patch)');
  const { packageRoot } = await import('../engine/reference.js');
  return [join(packageRoot(), DEMO_PATCH)];
}

async function listFunctions(set: PatchSet, format: string, tree: string | undefined): Promise<number> {
  const { functionsOfSet, renderFunctions } = await import('./functions.js');
  if (format !== 'text' && format !== 'json') throw new InputError('--format', `unknown format "${format}" for --functions (text | json)`);
  let images;
  if (tree) {
    const { resolveImages } = await import('../input/images.js');
    const resolved = await resolveImages(set, tree);
    images = set.patches.map((p) => resolved.find((r) => r.patchId === p.id)?.files ?? []);
  }
  process.stdout.write(renderFunctions(functionsOfSet(set, images), format));
  return 0;
}

function useColor(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}

export async function checkCommand(inputs: string[], opts: Record<string, unknown>): Promise<number> {
  const cwd = process.cwd();
  const { format, failOn } = await optionsOf(opts);
  const demo = opts.demo === true;
  const tree = chooseTree(opts, cwd, demo);
  const { readPatchSet } = await import('../input/index.js');
  const set = await readPatchSet(demo ? await demoInput(inputs) : inputs, { cwd });
  if (opts.functions) return listFunctions(set, format, tree.dir);
  const [{ checkPatchSet }, { registerReplay }, report] = await Promise.all([
    import('../engine/index.js'),
    import('../engine/replay-keys.js'),
    import('../report/index.js'),
  ]);
  registerReplay(cwd);
  const outcome: Outcome = await checkPatchSet(set, { tree: tree.dir, cwd, cache: opts.cache !== false });
  outcome.notes.unshift(tree.why);
  const fmt = format as Parameters<typeof report.render>[1];
  process.stdout.write(report.render(outcome, fmt, { color: useColor(), verbose: opts.verbose === true }));
  return report.exitCodeFor(outcome, failOn as Parameters<typeof report.exitCodeFor>[1]);
}
