/**
 * End to end with the real git send-email (Debian package git-email): the installed hook runs on
 * `--dry-run` and its exit status decides whether anything is sent.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { builtBin } from './built.js';
import { git, hasSendEmail, makeSeries, tempRepo, type TempRepo } from './git-fixture.js';

const sendEmail = hasSendEmail();
const built = sendEmail ? builtBin() : { skip: 'git send-email missing' };
const why = !sendEmail
  ? 'git send-email is not installed (apt-get install git-email); skipping the end-to-end hook tests'
  : 'skip' in built
    ? built.skip
    : '';
if (why) console.warn(`test/hook/send-email.test.ts: ${why}`);

let repo: TempRepo;
afterEach(() => repo?.cleanup());

function mmreview(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [(built as { bin: string }).bin, ...args], { cwd, encoding: 'utf8' });
}

function send(cwd: string, files: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('git', ['send-email', '--dry-run', '--to=x@example.invalid', '--confirm=never', '--no-annotate', ...files], {
    cwd,
    encoding: 'utf8',
    input: '',
    env: { ...process.env, GIT_EDITOR: 'true', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A cover letter with a real subject: a mail with no patch, which the hook lets through. */
function coverOnly(dir: string): string {
  const [cover] = makeSeries(dir, ['mm: one'], { cover: true });
  writeFileSync(cover, readFileSync(cover, 'utf8').replace('*** SUBJECT HERE ***', 'mm: an announcement'));
  return cover;
}

function malformed(dir: string): string {
  const file = join(dir, 'broken.patch');
  writeFileSync(file, 'From: A <a@example.invalid>\nSubject: [PATCH] mm: broken\n\n---\ndiff --git a/mm/x.c b/mm/x.c\n--- a/mm/x.c\n+++ b/mm/x.c\n@@ -1,30 +1,30 @@\n int x;\n');
  return file;
}

describe.skipIf(Boolean(why))('git send-email with the mmreview hook', () => {
  test('a malformed patch is refused (hook exit 2): nothing is sent; the mail is left as it was', () => {
    repo = tempRepo();
    expect(mmreview(repo.dir, 'hook', 'install').status).toBe(0);
    const bad = malformed(repo.dir);
    const before = readFileSync(bad);
    const r = send(repo.dir, [bad]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('rejected by sendemail-validate hook');
    expect(r.err).toContain('no patches were sent');
    expect(r.err).toMatch(/mmreview: .*broken\.patch:\d+: /);
    expect(r.out).not.toContain('Dry-OK');
    expect(readFileSync(bad).equals(before)).toBe(true);
  });

  test('a mail the hook accepts goes through', () => {
    repo = tempRepo();
    mmreview(repo.dir, 'hook', 'install');
    const r = send(repo.dir, [coverOnly(repo.dir)]);
    expect(r.err).not.toContain('rejected');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Dry-OK');
  });

  test('a chained hook runs first with the mail; its failure refuses the send; uninstall restores it', () => {
    repo = tempRepo();
    const hook = join(repo.dir, '.git', 'hooks', 'sendemail-validate');
    const log = join(repo.dir, 'chained.log');
    writeFileSync(hook, `#!/bin/sh\necho "$1" >> '${log}'\n[ -f '${join(repo.dir, 'deny')}' ] && exit 3\nexit 0\n`);
    chmodSync(hook, 0o755);
    const original = readFileSync(hook);
    mmreview(repo.dir, 'hook', 'install');
    const cover = coverOnly(repo.dir);
    expect(send(repo.dir, [cover]).code).toBe(0);
    expect(readFileSync(log, 'utf8').trim()).toBe(cover);
    writeFileSync(join(repo.dir, 'deny'), '');
    const r = send(repo.dir, [cover]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('rejected by sendemail-validate hook');
    expect(mmreview(repo.dir, 'hook', 'uninstall').status).toBe(0);
    expect(readFileSync(hook).equals(original)).toBe(true);
  });

  test('core.hooksPath is where git send-email finds the hook', () => {
    repo = tempRepo();
    git(repo.dir, 'config', 'core.hooksPath', 'myhooks');
    mmreview(repo.dir, 'hook', 'install');
    expect(mmreview(repo.dir, 'hook', 'status').stdout).toContain(`${join(repo.dir, 'myhooks')} (core.hooksPath = myhooks)`);
    expect(send(repo.dir, [malformed(repo.dir)]).err).toContain('rejected by sendemail-validate hook');
  });
});

/** Rule fixtures that must be reported as regressions, as mails git send-email can send. */
async function regressionFixtures(): Promise<string[]> {
  const specifier: string = '../../rules/index.js';
  type RuleLike = { severity: string; fixtures: { patch: string; expect: string }[] };
  const all = ((await import(specifier).catch(() => ({}))) as { allRules?: RuleLike[] }).allRules ?? [];
  // Only an error-level regression stops a send.
  const rules = all.filter((r) => r.severity === 'error');
  const root = join(import.meta.dirname, '..', '..');
  const patches = rules.flatMap((r) => r.fixtures).filter((f) => f.expect === 'regression' && f.patch.startsWith('fixtures/'));
  const mails = patches.map((f) => join(root, f.patch)).filter((p) => /^Subject: /m.test(readFileSync(p, 'utf8')));
  return [...new Set(mails)].slice(0, 4);
}

describe.skipIf(Boolean(why))('git send-email with the mmreview hook and the real engine', () => {
  test('the mails of one send are checked as one series (counters on git ≥ 2.41, the send-email process on 2.39)', () => {
    repo = tempRepo();
    mmreview(repo.dir, 'hook', 'install');
    const mails = makeSeries(repo.dir, ['mm: tidy one', 'mm: tidy two'], { cover: true });
    writeFileSync(mails[0], readFileSync(mails[0], 'utf8').replace('*** SUBJECT HERE ***', 'mm: tidy'));
    const log = join(repo.dir, 'hook.log');
    const r = send(repo.dir, mails, { MMREVIEW_HOOK_LOG: log });
    expect(r.code).toBe(0);
    const decisions = readFileSync(log, 'utf8').trim().split('\n').map((l) => l.replace(/^.*?: exit/, 'exit'));
    const counted = decisions[0].startsWith('exit 0: collected');
    expect(decisions).toEqual(
      counted
        ? ['exit 0: collected mail 1/3', 'exit 0: collected mail 2/3', 'exit 0: the series of 3 mail(s), 2 patch(es)']
        : ['exit 0: no patch in this mail', 'exit 0: its own patches, checked with 1 mail(s) of this send, 1 patch(es)', 'exit 0: its own patches, checked with 2 mail(s) of this send, 2 patch(es)'],
    );
  });

  test('a clean patch goes through', () => {
    repo = tempRepo();
    mmreview(repo.dir, 'hook', 'install');
    const [patch] = makeSeries(repo.dir, ['mm: tidy demo']);
    const r = send(repo.dir, [patch]);
    expect(r.err).not.toContain('rejected');
    expect(r.out).toContain('Dry-OK');
  });

  test('a patch with a regression is refused and the report names it', async (ctx) => {
    const fixtures = await regressionFixtures();
    if (!fixtures.length) return ctx.skip('no rule lists a regression fixture mail yet');
    repo = tempRepo();
    const fixture = fixtures.find((f) => mmreview(repo.dir, 'hook', 'run', f).status === 1);
    if (!fixture) return ctx.skip(`the engine reports no regression yet on ${fixtures.map((f) => basename(f)).join(', ')}`);
    mmreview(repo.dir, 'hook', 'install');
    const r = send(repo.dir, [fixture]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/^\S+:\d+: error: \[[a-z0-9-]+\] .* \(regression\)$/m);
    expect(r.err).toContain('rejected by sendemail-validate hook');
    expect(r.out).not.toContain('Dry-OK');
  });
});
