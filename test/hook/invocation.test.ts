import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { findInvocation, psInfo, removeStaleStates, stateDirFor } from '../../src/hook/invocation.js';

const onLinux = existsSync('/proc/self/stat');
const root = mkdtempSync(join(tmpdir(), 'mmreview-inv-'));
const children: { kill(): void }[] = [];
afterEach(() => children.splice(0).forEach((c) => c.kill()));

async function childrenOf(pid: number): Promise<number[]> {
  for (let i = 0; i < 50; i++) {
    const list = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    const pids = list ? list.split(/\s+/).map(Number) : [];
    // Wait until the child has exec'd: before that its cmdline is still its parent's.
    if (pids.length && pids.every((c) => readFileSync(`/proc/${c}/cmdline`, 'utf8').startsWith('sleep'))) return pids;
    await new Promise((r) => setTimeout(r, 20));
  }
  return [];
}

describe.skipIf(!onLinux)('send-email invocation key', () => {
  test('walks up from the hook parent to the process running send-email', async () => {
    // A process named like git-send-email whose child stands in for `git hook run` (git ≥ 2.36).
    const sender = spawn('bash', ['-c', "exec -a git-send-email bash -c 'sleep 30; true'"]);
    children.push(sender);
    const [hookRunner] = await childrenOf(sender.pid!);
    expect(hookRunner).toBeGreaterThan(0);
    const inv = findInvocation(hookRunner);
    expect(inv.pid).toBe(sender.pid);
    expect(findInvocation(sender.pid!)).toEqual(inv);
  });

  test('where there is no /proc, ps gives the same parent and a start time', () => {
    const info = psInfo(process.pid);
    expect(info?.ppid).toBe(process.ppid);
    expect(info?.start).toMatch(/^[0-9A-Za-z]+$/);
    expect(info?.cmdline).toContain('node');
  });

  test('without a send-email ancestor the hook parent is the key', () => {
    expect(findInvocation(process.pid).pid).toBe(process.pid);
  });

  test('state of ended runs is removed, that of live ones kept', () => {
    const live = stateDirFor(findInvocation(process.pid), root);
    const dead = stateDirFor({ pid: 2 ** 22 + 17, start: '1' }, root);
    mkdirSync(live, { recursive: true });
    mkdirSync(dead, { recursive: true });
    removeStaleStates(root);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(dead)).toBe(false);
    rmSync(root, { recursive: true, force: true });
  });
});
