/**
 * `mmreview hook install | uninstall | status` for git's sendemail-validate slot.
 *
 * install: a hook already in the slot that is not ours is renamed (bytes and mode kept) to
 * sendemail-validate.mmreview-chained and run first by our script. Re-installing over our own
 * script only refreshes it. uninstall: removes our script, renames the chained hook back, and
 * removes the hooks directory if install created it and it is empty again.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAINED_NAME, configuredHooksPath, HOOK_NAME, HookError, hooksDir, projectBin } from './paths.js';
import { hookScript, isOurScript, scriptCreatedDir, scriptTarget } from './script.js';

export interface HookLocation {
  dir: string;
  hook: string;
  chained: string;
}

export function hookLocation(cwd: string): HookLocation {
  const dir = hooksDir(cwd);
  return { dir, hook: join(dir, HOOK_NAME), chained: join(dir, CHAINED_NAME) };
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export interface InstallOptions {
  node?: string;
  bin?: string;
}

/** Install (or refresh) the hook; returns the lines to print. */
export function installHook(cwd: string, opts: InstallOptions = {}): string[] {
  const loc = hookLocation(cwd);
  const current = readIfExists(loc.hook);
  const ours = current !== undefined && isOurScript(current);
  let createdDir = ours ? scriptCreatedDir(current) : false;
  const out: string[] = [];
  if (!existsSync(loc.dir)) {
    mkdirSync(loc.dir, { recursive: true });
    createdDir = true;
  }
  if (current !== undefined && !ours) {
    if (existsSync(loc.chained)) throw new HookError(`${loc.chained} already exists; move it away before installing`);
    renameSync(loc.hook, loc.chained);
    out.push(`kept the existing hook as ${loc.chained}; it runs first and its failure stops the send`);
  }
  const script = hookScript({ node: opts.node ?? process.execPath, bin: opts.bin ?? projectBin(), createdDir });
  writeFileSync(loc.hook, script);
  chmodSync(loc.hook, 0o755);
  out.push(`${ours ? 'refreshed' : 'installed'} ${loc.hook}`);
  return out;
}

/** Remove our hook and put back what was there; returns the lines to print. */
export function uninstallHook(cwd: string): string[] {
  const loc = hookLocation(cwd);
  const current = readIfExists(loc.hook);
  if (current === undefined || !isOurScript(current)) {
    throw new HookError(`no mmreview hook installed at ${loc.hook}`);
  }
  unlinkSync(loc.hook);
  const out = [`removed ${loc.hook}`];
  if (existsSync(loc.chained)) {
    renameSync(loc.chained, loc.hook);
    out.push(`restored the previous hook to ${loc.hook}`);
  } else if (scriptCreatedDir(current) && readdirSync(loc.dir).length === 0) {
    rmdirSync(loc.dir);
    out.push(`removed the empty hooks directory ${loc.dir} (created by install)`);
  }
  return out;
}

export interface HookStatus {
  dir: string;
  hooksPath?: string;
  installed: boolean;
  /** The hook in the slot is someone else's (not installed by mmreview). */
  foreign: boolean;
  chained: boolean;
  node?: string;
  bin?: string;
  binExists?: boolean;
}

export function hookStatus(cwd: string): HookStatus {
  const loc = hookLocation(cwd);
  const current = readIfExists(loc.hook);
  const installed = current !== undefined && isOurScript(current);
  const target = installed ? scriptTarget(current) : undefined;
  return {
    dir: loc.dir,
    hooksPath: configuredHooksPath(cwd),
    installed,
    foreign: current !== undefined && !installed,
    chained: existsSync(loc.chained),
    node: target?.node,
    bin: target?.bin,
    binExists: target ? existsSync(target.bin) : undefined,
  };
}

function isExecutable(path: string): boolean {
  return existsSync(path) && (statSync(path).mode & 0o111) !== 0;
}

export function describeStatus(s: HookStatus): string[] {
  const out = [`hooks directory: ${s.dir}${s.hooksPath ? ` (core.hooksPath = ${s.hooksPath})` : ''}`];
  if (s.installed) {
    out.push(`${HOOK_NAME}: mmreview hook installed, runs ${s.node} ${s.bin}${s.binExists ? '' : ' (MISSING: reinstall)'}`);
  } else if (s.foreign) {
    out.push(`${HOOK_NAME}: another hook is installed (not mmreview's); \`mmreview hook install\` would chain it`);
  } else {
    out.push(`${HOOK_NAME}: not installed`);
  }
  if (s.chained) {
    const chained = join(s.dir, CHAINED_NAME);
    out.push(`chained: ${chained} runs first${isExecutable(chained) ? '' : ' (not executable: skipped, as git would)'}`);
  }
  return out;
}
