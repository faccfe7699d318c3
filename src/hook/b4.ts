/**
 * `mmreview hook b4`: the b4 check-command settings that run mmreview on each patch b4 handles
 * (`b4 prep --check`, `b4 am --check`, and b4 review's per-patch CI check). b4 feeds one mail on
 * stdin from the repository top level, so each command is `<node> <bin> check --format <fmt> -`.
 * b4 review's series check gets only the cover letter on stdin, which holds no patch, so mmreview
 * offers no series command.
 */
import { execFileSync } from 'node:child_process';
import { simpleGit } from 'simple-git';
import { projectBin } from './paths.js';

export interface B4Setting {
  key: string;
  value: string;
}

function shWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function b4Settings(node: string = process.execPath, bin: string = projectBin()): B4Setting[] {
  const cmd = (format: string) => `${shWord(node)} ${shWord(bin)} check --format ${format} -`;
  return [
    { key: 'b4.prep-perpatch-check-cmd', value: cmd('b4') },
    { key: 'b4.am-perpatch-check-cmd', value: cmd('b4') },
    { key: 'b4.review-perpatch-check-cmd', value: cmd('b4-review') },
  ];
}

/** The settings as `git config` commands a user can paste. */
export function b4ConfigLines(settings: readonly B4Setting[]): string[] {
  return settings.map((s) => `git config --add ${s.key} ${shWord(s.value)}`);
}

/**
 * Write the settings into the repository's git config (local scope). The keys may hold several
 * commands (checkpatch stays), so a value is added only when it is not there yet.
 */
export async function writeB4Settings(cwd: string, settings: readonly B4Setting[]): Promise<string[]> {
  const git = simpleGit({ baseDir: cwd });
  const out: string[] = [];
  for (const s of settings) {
    const existing = await git.getConfig(s.key, 'local');
    if (existing.values.includes(s.value)) {
      out.push(`${s.key}: already set`);
      continue;
    }
    await git.addConfig(s.key, s.value, true, 'local');
    out.push(`${s.key}: added`);
  }
  return out;
}

/** The values each b4 key has in the repository's effective git config (for `hook status`). */
export function b4Configured(cwd: string, keys: readonly string[] = b4Settings().map((s) => s.key)): B4Setting[] {
  return keys.flatMap((key) => {
    try {
      const out = execFileSync('git', ['config', '--get-all', key], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return out.split('\n').filter(Boolean).map((value) => ({ key, value }));
    } catch {
      return [];
    }
  });
}

/** One status line per b4 key: whether an mmreview command is set. */
export function describeB4(cwd: string): string[] {
  const configured = b4Configured(cwd);
  return b4Settings().map(({ key }) => {
    const ours = configured.filter((c) => c.key === key && /mmreview(\.js)?\b.* check --format b4/.test(c.value));
    const others = configured.filter((c) => c.key === key).length - ours.length;
    const more = others ? ` (${others} other command${others > 1 ? 's' : ''})` : '';
    return `${key}: ${ours.length ? 'mmreview set' : 'mmreview not set'}${more}`;
  });
}
