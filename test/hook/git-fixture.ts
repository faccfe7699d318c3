/** Temporary git repositories for the hook tests. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export interface TempRepo {
  dir: string;
  cleanup(): void;
}

export function tempRepo(prefix = 'mmreview-hook-'): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test User');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function hasSendEmail(): boolean {
  try {
    execFileSync('git', ['send-email', '--help'], { stdio: 'ignore', env: { ...process.env, MANPAGER: 'cat', PAGER: 'cat', GIT_PAGER: 'cat' } });
    return true;
  } catch {
    return false;
  }
}

/**
 * A small series made by git format-patch in `repo`: one commit per subject, each changing its own
 * line of mm/demo.c. Returns the mail files (cover letter first when asked).
 */
export function makeSeries(repo: string, subjects: string[], opts: { cover?: boolean; outDir?: string } = {}): string[] {
  mkdirSync(join(repo, 'mm'), { recursive: true });
  const lines = subjects.map((_s, i) => `int v${i} = 0;`);
  writeFileSync(join(repo, 'mm', 'demo.c'), lines.join('\n') + '\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  subjects.forEach((subject, i) => {
    lines[i] = `int v${i} = ${i + 1};`;
    writeFileSync(join(repo, 'mm', 'demo.c'), lines.join('\n') + '\n');
    git(repo, 'commit', '-q', '-a', '-m', subject);
  });
  const out = opts.outDir ?? join(repo, 'outgoing');
  const args = ['format-patch', '-q', '-o', out, `HEAD~${subjects.length}`];
  if (opts.cover) args.splice(1, 0, '--cover-letter');
  git(repo, ...args);
  return git(repo, 'ls-files', '--others', '--exclude-standard', out)
    .split('\n')
    .filter(Boolean)
    .sort()
    .map((f) => join(repo, f));
}
