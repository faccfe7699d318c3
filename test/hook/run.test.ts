import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Outcome } from '../../src/engine/types.js';
import { realEngine, type HookEngine } from '../../src/hook/engine-bridge.js';
import { runHook } from '../../src/hook/run.js';
import type { PatchSet } from '../../src/input/types.js';
import { deadlock } from '../report/fixtures.js';
import { makeSeries, tempRepo, type TempRepo } from './git-fixture.js';

/**
 * Real intake; a stand-in for the model that reports a regression on every patch whose title says
 * "break" (the engine is tested elsewhere; here only the hook's series handling is under test).
 */
function engineDouble(): HookEngine & { checked: string[][]; reads: string[][] } {
  const realRead = realEngine().read;
  const checked: string[][] = [];
  const reads: string[][] = [];
  return {
    checked,
    reads,
    read: (files, cwd) => {
      reads.push(files);
      return realRead(files, cwd);
    },
    async check(set: PatchSet): Promise<Outcome> {
      checked.push(set.patches.map((p) => p.title));
      return {
        schema: 1,
        inputs: [],
        notes: [],
        patches: set.patches.map((p) => ({
          patchId: p.id, title: p.title, index: p.position.index, total: p.position.total, quoted: false, repaired: false,
          base: 'test', runs: [], unplaced: [], unmodelled: [],
          findings: /break/.test(p.title) ? [{ ...deadlock, patch: { ...deadlock.patch, id: p.id, title: p.title } }] : [],
        })),
      };
    },
  };
}

let repo: TempRepo;
let stateRoot: string;
let engine: ReturnType<typeof engineDouble>;
beforeEach(() => {
  repo = tempRepo();
  stateRoot = mkdtempSync(join(tmpdir(), 'mmreview-state-'));
  engine = engineDouble();
});
afterEach(() => {
  repo.cleanup();
  rmSync(stateRoot, { recursive: true, force: true });
});

const ctx = (env: NodeJS.ProcessEnv = {}) => ({ env: { MMREVIEW_HOOK_PPID: String(process.pid), ...env }, cwd: repo.dir, engine, stateRoot });
const counters = (i: number, n: number) => ({ GIT_SENDEMAIL_FILE_COUNTER: String(i), GIT_SENDEMAIL_FILE_TOTAL: String(n) });

describe('hook run with counters (git ≥ 2.41)', () => {
  test('collects the mails and checks the series once, at the last one; a regression stops the send', async () => {
    const mails = makeSeries(repo.dir, ['mm: first', 'mm: break things', 'mm: third'], { cover: true });
    expect(mails).toHaveLength(4);
    for (let i = 0; i < 3; i++) {
      expect(await runHook([mails[i], '/dev/null'], ctx(counters(i + 1, 4)))).toEqual({ code: 0, stderr: '', decision: `exit 0: collected mail ${i + 1}/4` });
    }
    expect(engine.checked).toEqual([]);
    const last = await runHook([mails[3]], ctx(counters(4, 4)));
    expect(engine.checked).toEqual([['mm: first', 'mm: break things', 'mm: third']]);
    expect(last.code).toBe(1);
    expect(last.decision).toBe('exit 1: the series of 4 mail(s), 3 patch(es)');
    expect(last.stderr).toMatch(/^mm\/khugepaged\.c:1906: error: \[collapse-frozen-page-in-cache\]/m);
    expect(last.stderr).toContain('patch 2/3: mm: break things');
    expect(last.stderr).toContain('regression found; not sending');
    expect(readdirSync(stateRoot)).toEqual([]);
  });

  test('a clean series passes silently', async () => {
    const mails = makeSeries(repo.dir, ['mm: one', 'mm: two']);
    expect((await runHook([mails[0]], ctx(counters(1, 2)))).code).toBe(0);
    expect(await runHook([mails[1]], ctx(counters(2, 2)))).toMatchObject({ code: 0, stderr: '' });
    expect(engine.checked).toEqual([['mm: one', 'mm: two']]);
  });

  test('the series is read from the original files; a copy stands in for one removed meanwhile', async () => {
    const mails = makeSeries(repo.dir, ['mm: one', 'mm: two']);
    await runHook([mails[0]], ctx(counters(1, 2)));
    const firstBytes = readFileSync(mails[0]);
    rmSync(mails[0]);
    expect((await runHook([mails[1]], ctx(counters(2, 2)))).code).toBe(0);
    const seriesRead = engine.reads.at(-1)!;
    expect(seriesRead).toHaveLength(2);
    expect(seriesRead[0]).not.toBe(mails[0]);
    expect(seriesRead[0].startsWith(stateRoot)).toBe(true);
    expect(seriesRead[1]).toBe(mails[1]);
    expect(engine.checked).toEqual([['mm: one', 'mm: two']]);
    writeFileSync(mails[0], firstBytes);
  });

  test('counter 1 starts afresh even when an aborted send left mails behind', async () => {
    const mails = makeSeries(repo.dir, ['mm: break it', 'mm: fine']);
    await runHook([mails[0]], ctx(counters(1, 2)));
    // the send was aborted after mail 1; a new send of only the second patch reuses the same parent
    expect((await runHook([mails[1]], ctx(counters(1, 1)))).code).toBe(0);
    expect(engine.checked).toEqual([['mm: fine']]);
  });
});

describe('hook run without counters (git 2.39)', () => {
  test('each mail is checked with the ones before it and judged on its own patches', async () => {
    const mails = makeSeries(repo.dir, ['mm: break first', 'mm: fine second'], { cover: true });
    expect((await runHook([mails[0]], ctx())).code).toBe(0); // cover letter: nothing to check
    const first = await runHook([mails[1]], ctx());
    expect(first.code).toBe(1);
    const second = await runHook([mails[2]], ctx());
    expect(engine.checked).toEqual([['mm: break first'], ['mm: break first', 'mm: fine second']]);
    expect(second).toMatchObject({ code: 0, stderr: '' });
  });

  test('another send-email run does not see these mails', async () => {
    const mails = makeSeries(repo.dir, ['mm: break a', 'mm: b']);
    await runHook([mails[0]], ctx());
    const other: ChildProcess = spawn('sleep', ['30']);
    try {
      await runHook([mails[1]], ctx({ MMREVIEW_HOOK_PPID: String(other.pid) }));
    } finally {
      other.kill();
    }
    expect(engine.checked).toEqual([['mm: break a'], ['mm: b']]);
  });
});

describe('hook run: input handling', () => {
  test('never modifies the mail file', async () => {
    const [mail] = makeSeries(repo.dir, ['mm: break it']);
    const bytes = readFileSync(mail);
    const mtime = statSync(mail).mtimeMs;
    expect((await runHook([mail], ctx())).code).toBe(1);
    expect(readFileSync(mail).equals(bytes)).toBe(true);
    expect(statSync(mail).mtimeMs).toBe(mtime);
  });

  test('a malformed patch refuses the send with exit 2 and names the input', async () => {
    const bad = join(repo.dir, 'bad.patch');
    writeFileSync(bad, 'From: a <a@example.invalid>\nSubject: [PATCH] mm: bad\n\n---\ndiff --git a/mm/foo.c b/mm/foo.c\n--- a/mm/foo.c\n+++ b/mm/foo.c\n@@ -1,30 +1,30 @@\n int a(void)\n');
    const r = await runHook([bad], ctx());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^mmreview: ${bad.replace(/[.]/g, '\\.')}:\\d+: .*cannot be satisfied`));
  });

  test('a missing mail or argument is exit 2', async () => {
    expect((await runHook([join(repo.dir, 'nope.eml')], ctx())).code).toBe(2);
    expect((await runHook([], ctx())).stderr).toMatch(/missing mail file/);
  });
});
