/**
 * One `git send-email` run calls the hook once per mail. To check a series as one, the hook keeps
 * the mails of a run in a temporary directory keyed by the send-email process: the hook's parent
 * (git ≤ 2.40 runs the hook straight from send-email) or, since 2.41, its grandparent (`git hook run`
 * sits between). On Linux the key includes the process start time so a reused pid starts afresh.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const PREFIX = 'mmreview-sendemail-';

interface ProcInfo {
  ppid: number;
  start: string;
  cmdline: string;
}

function procInfo(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return { ppid: Number(fields[1]), start: fields[19] ?? '0', cmdline };
  } catch {
    return undefined;
  }
}

export interface Invocation {
  pid: number;
  start: string;
}

/** The send-email process this hook call belongs to (or the hook's parent when none is found). */
export function findInvocation(hookParent: number): Invocation {
  let pid = hookParent;
  for (let depth = 0; depth < 4 && pid > 1; depth++) {
    const info = procInfo(pid);
    if (!info) break;
    if (/send-email/.test(info.cmdline)) return { pid, start: info.start };
    pid = info.ppid;
  }
  return { pid: hookParent, start: procInfo(hookParent)?.start ?? '0' };
}

function alive(inv: Invocation): boolean {
  const info = procInfo(inv.pid);
  if (info) return info.start === inv.start;
  if (existsSync('/proc/self')) return false;
  try {
    process.kill(inv.pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function stateDirFor(inv: Invocation, root: string = tmpdir()): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return join(root, `${PREFIX}${uid}-${inv.pid}-${inv.start}`);
}

/** Remove the state of send-email runs that have ended (runs without counters never say they are done). */
export function removeStaleStates(root: string = tmpdir()): void {
  for (const name of readdirSync(root)) {
    const m = new RegExp(`^${PREFIX}\\d+-(\\d+)-(\\d+)$`).exec(name);
    if (m && !alive({ pid: Number(m[1]), start: m[2] })) rmSync(join(root, name), { recursive: true, force: true });
  }
}

/** The mails collected so far in one run, in arrival order. */
export class SeriesState {
  constructor(readonly dir: string) {}

  mails(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((n) => /^\d{4}-/.test(n))
      .sort()
      .map((n) => join(this.dir, n));
  }

  /** Store a copy of the mail (the original is never touched); position = counter or next free. */
  add(mailBytes: Buffer, mailPath: string, position?: number): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const n = position ?? this.mails().length + 1;
    const copy = join(this.dir, `${String(n).padStart(4, '0')}-${basename(mailPath)}`);
    writeFileSync(copy, mailBytes, { mode: 0o600 });
    return copy;
  }

  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
