/**
 * Where things are: the repository's hooks directory (git decides, honouring core.hooksPath), its
 * top level, and this mmreview installation's bin/mmreview.js (the installed hook calls it by
 * absolute path so it works from any repository).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOOK_NAME = 'sendemail-validate';
/** A hook that was in the slot before ours is moved here and run first. */
export const CHAINED_NAME = `${HOOK_NAME}.mmreview-chained`;

export class HookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookError';
  }
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new HookError(`git ${args.join(' ')} failed in ${cwd}${stderr ? `: ${stderr}` : ''}`);
  }
}

/** The directory git runs hooks from (`git rev-parse --git-path hooks` follows core.hooksPath). */
export function hooksDir(cwd: string): string {
  return resolve(cwd, git(cwd, ['rev-parse', '--git-path', 'hooks']));
}

/** The work tree's top level, or the git dir of a bare repository. */
export function repoTop(cwd: string): string {
  const inside = git(cwd, ['rev-parse', '--is-inside-work-tree']);
  if (inside === 'true') return git(cwd, ['rev-parse', '--show-toplevel']);
  return resolve(cwd, git(cwd, ['rev-parse', '--git-dir']));
}

/** The configured core.hooksPath, if any (for `status`). */
export function configuredHooksPath(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['config', '--get', 'core.hooksPath'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The mmreview project root: the nearest directory above this module with mmreview's package.json. */
export function projectRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'mmreview') return dir;
    if (dirname(dir) === dir) throw new HookError(`cannot find mmreview's package.json above ${from}`);
  }
}

/** Absolute path of bin/mmreview.js of this installation. */
export function projectBin(): string {
  return join(projectRoot(), 'bin', 'mmreview.js');
}
