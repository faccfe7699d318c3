import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { describeStatus, hookStatus, installHook, uninstallHook } from '../../src/hook/install.js';
import { HookError, projectBin } from '../../src/hook/paths.js';
import { scriptTarget } from '../../src/hook/script.js';
import { git, tempRepo, type TempRepo } from './git-fixture.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const mode = (p: string) => statSync(p).mode & 0o777;

describe('hook install / uninstall / status', () => {
  test('installs into .git/hooks, calls this project by absolute path, uninstall leaves nothing', () => {
    repo = tempRepo();
    const hooks = join(repo.dir, '.git', 'hooks');
    const hook = join(hooks, 'sendemail-validate');
    const before = existsSync(hooks);
    installHook(repo.dir);
    expect(mode(hook)).toBe(0o755);
    const script = readFileSync(hook, 'utf8');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(scriptTarget(script)).toEqual({ node: process.execPath, bin: projectBin() });
    expect(projectBin()).toMatch(/\/bin\/mmreview\.js$/);
    expect(hookStatus(repo.dir)).toMatchObject({ installed: true, foreign: false, chained: false, binExists: true });
    uninstallHook(repo.dir);
    expect(existsSync(hook)).toBe(false);
    expect(existsSync(hooks)).toBe(before);
    expect(hookStatus(repo.dir).installed).toBe(false);
  });

  test('respects a relative core.hooksPath (from a subdirectory too) and removes the directory it created', () => {
    repo = tempRepo();
    git(repo.dir, 'config', 'core.hooksPath', '.githooks');
    mkdirSync(join(repo.dir, 'sub'));
    const lines = installHook(join(repo.dir, 'sub'));
    const hook = join(repo.dir, '.githooks', 'sendemail-validate');
    expect(lines.at(-1)).toBe(`installed ${hook}`);
    expect(existsSync(hook)).toBe(true);
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'sendemail-validate'))).toBe(false);
    const status = describeStatus(hookStatus(repo.dir));
    expect(status[0]).toBe(`hooks directory: ${join(repo.dir, '.githooks')} (core.hooksPath = .githooks)`);
    expect(status[1]).toMatch(/^sendemail-validate: mmreview hook installed, runs /);
    uninstallHook(repo.dir);
    expect(existsSync(join(repo.dir, '.githooks'))).toBe(false);
  });

  test('an absolute core.hooksPath that exists is kept on uninstall', () => {
    repo = tempRepo();
    const dir = join(repo.dir, 'shared-hooks');
    mkdirSync(dir);
    git(repo.dir, 'config', 'core.hooksPath', dir);
    installHook(repo.dir);
    expect(existsSync(join(dir, 'sendemail-validate'))).toBe(true);
    uninstallHook(repo.dir);
    expect(existsSync(dir)).toBe(true);
    expect(existsSync(join(dir, 'sendemail-validate'))).toBe(false);
  });

  test('an existing hook is chained, not overwritten, and restored byte for byte with its mode', () => {
    repo = tempRepo();
    const hooks = join(repo.dir, '.git', 'hooks');
    mkdirSync(hooks, { recursive: true });
    const hook = join(hooks, 'sendemail-validate');
    const original = '#!/bin/sh\n# sign the patch\necho signed >&2\n';
    writeFileSync(hook, original);
    chmodSync(hook, 0o750);
    const lines = installHook(repo.dir);
    expect(lines[0]).toContain('kept the existing hook as');
    expect(readFileSync(join(hooks, 'sendemail-validate.mmreview-chained'), 'utf8')).toBe(original);
    expect(hookStatus(repo.dir)).toMatchObject({ installed: true, chained: true });
    expect(describeStatus(hookStatus(repo.dir)).at(-1)).toMatch(/mmreview-chained runs first$/);
    // re-installing refreshes our script and keeps the chain intact
    expect(installHook(repo.dir)).toEqual([`refreshed ${hook}`]);
    expect(readFileSync(join(hooks, 'sendemail-validate.mmreview-chained'), 'utf8')).toBe(original);
    uninstallHook(repo.dir);
    expect(readFileSync(hook, 'utf8')).toBe(original);
    expect(mode(hook)).toBe(0o750);
    expect(existsSync(join(hooks, 'sendemail-validate.mmreview-chained'))).toBe(false);
  });

  test('status names a foreign hook; uninstall refuses when no mmreview hook is there', () => {
    repo = tempRepo();
    const hook = join(repo.dir, '.git', 'hooks', 'sendemail-validate');
    mkdirSync(join(repo.dir, '.git', 'hooks'), { recursive: true });
    writeFileSync(hook, '#!/bin/sh\nexit 0\n');
    expect(hookStatus(repo.dir)).toMatchObject({ installed: false, foreign: true });
    expect(() => uninstallHook(repo.dir)).toThrow(HookError);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nexit 0\n');
  });

  test('install refuses to clobber a leftover chained hook', () => {
    repo = tempRepo();
    const hooks = join(repo.dir, '.git', 'hooks');
    mkdirSync(hooks, { recursive: true });
    writeFileSync(join(hooks, 'sendemail-validate'), '#!/bin/sh\n');
    writeFileSync(join(hooks, 'sendemail-validate.mmreview-chained'), '#!/bin/sh\n');
    expect(() => installHook(repo.dir)).toThrow(/already exists/);
  });

  test('outside a git repository: a clear error', () => {
    expect(() => installHook('/')).toThrow(HookError);
  });
});
