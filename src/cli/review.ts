/**
 * `mmreview review <inputs...>`: the `check` pipeline (intake → engine), then the Ink TUI walks
 * through the findings. The tree is chosen as `check` does (--tree, --no-tree, else the current git
 * work tree when it holds mm/). Without a terminal on stdin/stdout the first finding is printed once.
 * Exit status as `check --fail-on regression`.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Outcome } from '../engine/types.js';
import { InputError } from '../input/types.js';

interface TreeChoice {
  dir?: string;
  why: string;
}

async function chooseTree(opts: Record<string, unknown>, cwd: string): Promise<TreeChoice> {
  if (typeof opts.tree === 'string') {
    const dir = resolve(cwd, opts.tree);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError('--tree', `${opts.tree} is not a directory`);
    return { dir, why: `tree: ${dir} (--tree)` };
  }
  if (opts.tree === false) return { why: 'no tree (--no-tree): hunks placed on the built-in reference' };
  const { detectTree } = await import('./check.js');
  const found = detectTree(cwd);
  if (found) return { dir: found, why: `tree: ${found} (the current git work tree)` };
  return { why: 'no tree: hunks placed on the built-in reference' };
}

async function runPipeline(inputs: string[], opts: Record<string, unknown>, cwd: string): Promise<Outcome> {
  const tree = await chooseTree(opts, cwd);
  const { readPatchSet } = await import('../input/index.js');
  const set = await readPatchSet(inputs, { cwd });
  if (process.stderr.isTTY) process.stderr.write(`mmreview review: checking ${set.patches.length} patch(es)…\n`);
  const { checkPatchSet } = await import('../engine/index.js');
  const outcome = await checkPatchSet(set, { tree: tree.dir, cwd });
  outcome.notes.unshift(tree.why);
  return outcome;
}

/** Mount the TUI on the process's terminal and wait until the reviewer quits. */
async function showReview(outcome: Outcome, details: boolean): Promise<void> {
  const [{ render }, { createElement }, { ReviewApp }] = await Promise.all([import('ink'), import('react'), import('../tui/index.js')]);
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (!interactive) process.stderr.write('mmreview review: not a terminal, showing the first finding only (use `mmreview check` for all)\n');
  const rows = process.stdout.rows ?? 40;
  const listRows = Math.max(3, Math.min(10, Math.floor(rows / 6)));
  const app = render(createElement(ReviewApp, { outcome, interactive, details, listRows }), { exitOnCtrlC: true });
  const exited = app.waitUntilExit();
  if (!interactive) app.unmount();
  await exited;
}

export async function reviewCommand(inputs: string[], opts: Record<string, unknown>): Promise<number> {
  const cwd = process.cwd();
  const outcome = await runPipeline(inputs, opts, cwd);
  await showReview(outcome, opts.details === true);
  const { exitCodeFor } = await import('../report/index.js');
  return exitCodeFor(outcome, 'regression');
}
