/**
 * One `git send-email` run calls the hook once per mail. To check a series as one, the hook keeps
 * the mails of a run in a temporary directory keyed by the send-email process: the hook's parent
 * (git ≤ 2.40 runs the hook straight from send-email) or, since 2.41, its grandparent (`git hook run`
 * sits between). On Linux the key includes the process start time so a reused pid starts afresh.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const PREFIX = 'mmreview-sendemail-';
const HAVE_PROC = existsSync('/proc/self/stat');

interface ProcInfo {
  ppid: number;
  start: string;
  cmdline: string;
}

/** Where there is no /proc (macOS, BSD): ask ps. */
export function psInfo(pid: number): ProcInfo | undefined {
  try {
    const out = execFileSync('ps', ['-o', 'ppid=', '-o', 'lstart=', '-o', 'command=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /^\s*(\d+)\s+(\S+\s+\S+\s+\d+\s+[\d:]+\s+\d+)\s+(.*)$/.exec(out.trim());
    return m ? { ppid: Number(m[1]), start: m[2].replace(/\W+/g, ''), cmdline: m[3] } : undefined;
  } catch {
    return undefined;
  }
}

function procInfo(pid: number): ProcInfo | undefined {
  if (!HAVE_PROC) return psInfo(pid);
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
  return procInfo(inv.pid)?.start === inv.start;
}

export function stateDirFor(inv: Invocation, root: string = tmpdir()): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return join(root, `${PREFIX}${uid}-${inv.pid}-${inv.start}`);
}

/** Remove the state of send-email runs that have ended (runs without counters never say they are done). */
export function removeStaleStates(root: string = tmpdir()): void {
  for (const name of readdirSync(root)) {
    const m = new RegExp(`^${PREFIX}\\d+-(\\d+)-([0-9A-Za-z]+)$`).exec(name);
    if (m && !alive({ pid: Number(m[1]), start: m[2] })) rmSync(join(root, name), { recursive: true, force: true });
  }
}

/**
 * The mails collected so far in one run, in arrival order. Each is kept as a copy plus the path it
 * came from: the original is what the checks read (so replay strings name the user's own file),
 * the copy stands in when a tool removed the original meanwhile.
 */
export class SeriesState {
  constructor(readonly dir: string) {}

  mails(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((n) => /^\d{4}-.*\.eml$/.test(n))
      .sort()
      .map((n) => {
        const copy = join(this.dir, n);
        const original = readFileSync(copy.replace(/\.eml$/, '.path'), 'utf8');
        return existsSync(original) ? original : copy;
      });
  }

  /** Record the mail (the original is never touched); position = counter, or the next free one. */
  add(mailBytes: Buffer, mailPath: string, position?: number): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const n = position ?? this.mails().length + 1;
    const stem = join(this.dir, `${String(n).padStart(4, '0')}-${basename(mailPath)}`);
    writeFileSync(`${stem}.eml`, mailBytes, { mode: 0o600 });
    writeFileSync(`${stem}.path`, resolve(mailPath), { mode: 0o600 });
  }

  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
