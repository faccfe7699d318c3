/**
 * A stand-in for b4 ≥ 0.14's per-patch check runner (Debian ships 0.12, which has none), following
 * ../shared/docs/integrations.md §2–3:
 * - the patch goes to the command's stdin as one RFC 2822 message: headers as sent, body
 *   transfer-decoded (quoted-printable / base64 undone, re-encoded as UTF-8);
 * - the command runs in the repository top level; the command string is split like Python's
 *   shlex (posix), as b4 does;
 * - prep/am checks: every non-empty stdout line is a finding, a failure when it contains `ERROR:`,
 *   else a warning; a leading `-:` is stripped; every stderr line is a failure; with no output the
 *   exit code decides (0 pass, else fail); with output it is ignored;
 * - review checks: stdout is a JSON array of {tool, status, summary, url, details}; invalid JSON or
 *   an unknown status is a failure; no output and a non-zero exit is an execution error.
 */
import { spawnSync } from 'node:child_process';

/** POSIX shell-word splitting (quotes and backslashes), as shlex.shlex(posix=True, whitespace_split). */
export function shlexSplit(s: string): string[] {
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed quote in ${s}`);
      cur = (cur ?? '') + s.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let word = '';
      for (; j < s.length && s[j] !== '"'; j++) word += s[j] === '\\' && '"\\$`'.includes(s[j + 1]) ? s[++j] : s[j];
      if (j >= s.length) throw new Error(`unclosed quote in ${s}`);
      cur = (cur ?? '') + word;
      i = j;
    } else if (c === '\\') {
      cur = (cur ?? '') + (s[++i] ?? '');
    } else if (/\s/.test(c)) {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else {
      cur = (cur ?? '') + c;
    }
  }
  if (cur !== undefined) words.push(cur);
  return words;
}

function decodeQuotedPrintable(body: string): Buffer {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** The message as b4 hands it to a check command. */
export function b4MessageBytes(mail: Buffer): Buffer {
  const text = mail.toString('latin1');
  const split = text.search(/\r?\n\r?\n/);
  if (split < 0) return mail;
  const headers = text.slice(0, split);
  const body = text.slice(split).replace(/^\r?\n\r?\n/, '');
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const cte = /^content-transfer-encoding:\s*(\S+)/im.exec(unfolded)?.[1]?.toLowerCase();
  const charset = /^content-type:.*charset="?([^";\s]+)/im.exec(unfolded)?.[1]?.toLowerCase() ?? 'utf-8';
  let raw: Buffer;
  if (cte === 'base64') raw = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (cte === 'quoted-printable') raw = decodeQuotedPrintable(body);
  else raw = Buffer.from(body, 'latin1');
  const decoded = new TextDecoder(charset === 'us-ascii' ? 'utf-8' : charset).decode(raw);
  return Buffer.concat([Buffer.from(headers, 'latin1'), Buffer.from('\n\n'), Buffer.from(decoded, 'utf8')]);
}

export interface PerPatchResult {
  status: 'pass' | 'warn' | 'fail';
  failures: string[];
  warnings: string[];
  exitCode: number | null;
}

function run(cmd: string, message: Buffer, topdir: string) {
  const [file, ...args] = shlexSplit(cmd);
  const r = spawnSync(file, args, { cwd: topdir, input: message });
  return { code: r.status, out: r.stdout?.toString('utf8') ?? '', err: r.stderr?.toString('utf8') ?? '' };
}

/** b4 prep --check / b4 am --check for one patch and one command. */
export function runPerPatchCheck(cmd: string, mail: Buffer, topdir: string): PerPatchResult {
  const r = run(cmd, b4MessageBytes(mail), topdir);
  const failures: string[] = [];
  const warnings: string[] = [];
  for (const raw of r.out.split('\n')) {
    const line = raw.startsWith('-:') ? raw.slice(2) : raw;
    if (!line.trim()) continue;
    (line.includes('ERROR:') ? failures : warnings).push(line);
  }
  for (const line of r.err.split('\n')) if (line.trim()) failures.push(line);
  const silent = failures.length === 0 && warnings.length === 0;
  const status = silent ? (r.code === 0 ? 'pass' : 'fail') : failures.length ? 'fail' : 'warn';
  return { status, failures, warnings, exitCode: r.code };
}

export interface ReviewEntry {
  tool: string;
  status: 'pass' | 'warn' | 'fail';
  summary: string;
  url: string;
  details: string;
}

/** b4 review's per-patch external check for one patch and one command. */
export function runReviewCheck(cmd: string, mail: Buffer, topdir: string): ReviewEntry[] {
  const r = run(cmd, b4MessageBytes(mail), topdir);
  const tool = shlexSplit(cmd)[0].split('/').pop()!;
  if (!r.out.trim()) {
    return r.code ? [{ tool, status: 'fail', summary: `exited with error code ${r.code}`, url: '', details: r.err.trim() }] : [];
  }
  let data: unknown;
  try {
    data = JSON.parse(r.out);
  } catch (err) {
    return [{ tool, status: 'fail', summary: `invalid JSON output: ${(err as Error).message}`, url: '', details: r.out }];
  }
  const entries = (Array.isArray(data) ? data : [data]).filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
  return entries.map((e) => ({
    tool: typeof e.tool === 'string' ? e.tool : tool,
    status: e.status === 'pass' || e.status === 'warn' || e.status === 'fail' ? e.status : 'fail',
    summary: String(e.summary ?? ''),
    url: String(e.url ?? ''),
    details: String(e.details ?? ''),
  }));
}
