/** Shared test helpers for intake: fixture paths, temporary dirs, the fixture tree as a git repo. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIL = join(ROOT, 'fixtures/mail');
export const SEEDS = resolve(ROOT, '../shared/seeds');

export function mail(name: string): string {
  return join(MAIL, name);
}

const made: string[] = [];
afterEach(() => {
  while (made.length > 0) rmSync(made.pop()!, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmreview-input-'));
  made.push(dir);
  return dir;
}

/** Same identities and dates as fixtures/mail/make-fixtures.sh, so commit ids match BASE. */
export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Ada Fixture',
  GIT_AUTHOR_EMAIL: 'ada@example.org',
  GIT_COMMITTER_NAME: 'Ada Fixture',
  GIT_COMMITTER_EMAIL: 'ada@example.org',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
}

/** A git repository holding fixtures/mail/tree as its one commit (the fixtures' base-commit). */
export function treeRepo(): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main', '.');
  git(dir, 'config', 'core.autocrlf', 'false');
  cpSync(join(MAIL, 'tree'), dir, { recursive: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'fixture tree');
  return dir;
}

export function baseCommit(): string {
  return readFileSync(mail('BASE'), 'utf8').trim();
}
