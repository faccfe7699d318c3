/**
 * Unified and git diffs inside a stream of lines (a mail body, a quoted reply, a bare file).
 * Git extended headers (renames, copies, modes, new/deleted, binary) are understood; hunk bodies
 * are read by hunks.ts, which repairs archive whitespace damage from the @@ counts.
 * File names are only recorded, never used to touch the file system.
 */
import { endsHunks, isHunkFailure, parseHunkHeader, readHunk, type ReadHunkOptions } from './hunks.js';
import type { SourceLine } from './lines.js';
import type { FileDiff, Hunk } from './types.js';

export interface DiffProblem {
  reason: string;
  /** 1-based input line. */
  line: number;
}

export interface ParsedDiff {
  files: FileDiff[];
  /** Stream index of the first file header line. */
  start: number;
  /** Stream index just after the last hunk read. */
  end: number;
  repaired: boolean;
  /** Hunks that could not be read (truncated or counts unsatisfiable). */
  problems: DiffProblem[];
}

const GIT_HEADER = /^diff --git (.+)$/;
const BASE85_LINE = /^[A-Za-z][0-9A-Za-z!#$%&()*+\-;<=>?@^_`{|}~]+$/;

/** Where a file diff starts: `diff --git`, or `--- x` directly followed by `+++ y`. */
export function isFileStart(stream: SourceLine[], i: number): boolean {
  const t = stream[i].text;
  if (GIT_HEADER.test(t)) return true;
  return t.startsWith('--- ') && (stream[i + 1]?.text.startsWith('+++ ') ?? false) && /^@@ -\d/.test(stream[i + 2]?.text ?? '');
}

/** Finds and parses every file diff in the stream; undefined when there is none. */
export function parseDiff(stream: SourceLine[], opts: ReadHunkOptions = {}): ParsedDiff | undefined {
  const files: FileDiff[] = [];
  const problems: DiffProblem[] = [];
  let start = -1;
  let end = 0;
  let repaired = false;
  for (let i = 0; i < stream.length; ) {
    if (!isFileStart(stream, i)) {
      i++;
      continue;
    }
    if (start < 0) start = i;
    const file = readFile(stream, i, opts);
    files.push(file.diff);
    problems.push(...file.problems);
    repaired ||= file.repaired;
    end = file.next;
    i = Math.max(file.next, i + 1);
  }
  if (start < 0) return undefined;
  return { files, start, end, repaired, problems };
}

interface FileRead {
  diff: FileDiff;
  next: number;
  repaired: boolean;
  problems: DiffProblem[];
}

function readFile(stream: SourceLine[], i: number, opts: ReadHunkOptions): FileRead {
  const diff: FileDiff = { oldPath: null, newPath: null, status: 'modified', hunks: [] };
  const git = GIT_HEADER.exec(stream[i].text);
  if (git) {
    const [a, b] = splitGitPaths(git[1]);
    diff.oldPath = a;
    diff.newPath = b;
    i = readExtendedHeaders(stream, i + 1, diff);
  }
  if (stream[i]?.text.startsWith('--- ') && stream[i + 1]?.text.startsWith('+++ ')) {
    diff.oldPath = headerPath(stream[i].text.slice(4));
    diff.newPath = headerPath(stream[i + 1].text.slice(4));
    if (!git) stripCommonPrefix(diff);
    if (diff.oldPath === null) diff.status = 'added';
    if (diff.newPath === null) diff.status = 'deleted';
    i += 2;
  }
  const read = readHunks(stream, i, diff, opts);
  if (!git) markCreatedOrDeleted(diff);
  return read;
}

/** `diff -N` shows a created file as one hunk from line 0 of an empty side (and a deletion the other way). */
function markCreatedOrDeleted(diff: FileDiff): void {
  const only = diff.hunks.length === 1 ? diff.hunks[0] : undefined;
  if (!only) return;
  if (only.oldStart === 0 && only.oldLines === 0) (diff.status = 'added'), (diff.oldPath = null);
  else if (only.newStart === 0 && only.newLines === 0) (diff.status = 'deleted'), (diff.newPath = null);
}

function readHunks(stream: SourceLine[], i: number, diff: FileDiff, opts: ReadHunkOptions): FileRead {
  const problems: DiffProblem[] = [];
  let repaired = false;
  while (i < stream.length) {
    const header = parseHunkHeader(stream[i].text);
    if (!header) break;
    const read = readHunk(stream, i + 1, header, opts);
    if (isHunkFailure(read)) {
      problems.push({ reason: `${read.reason} (${diff.newPath ?? diff.oldPath})`, line: stream[i].line });
      return { diff, next: read.stopAt + 1, repaired, problems };
    }
    const hunk: Hunk = { index: diff.hunks.length, ...header, lines: read.lines };
    diff.hunks.push(hunk);
    repaired ||= read.repaired;
    i = read.next;
    if (looksLikeLeftover(stream[i]?.text)) {
      const reason = `hunk @@ -${header.oldStart},${header.oldLines} +${header.newStart},${header.newLines} @@ has more lines than its header counts (${diff.newPath ?? diff.oldPath})`;
      problems.push({ reason, line: stream[i].line });
      return { diff, next: i, repaired, problems };
    }
  }
  if (diff.status === 'modified' && diff.hunks.length === 0 && diff.oldMode !== undefined) diff.status = 'mode-only';
  return { diff, next: i, repaired, problems };
}

/** A +/- line right after a hunk's counts ran out (the signature `--`, `---` and `+++` excepted). */
function looksLikeLeftover(text: string | undefined): boolean {
  if (text === undefined || !/^[+-]/.test(text)) return false;
  return !/^(--|-- |---.*|\+\+\+.*)$/.test(text);
}

/** Git's extended header lines after `diff --git`; returns the index of the first other line. */
function readExtendedHeaders(stream: SourceLine[], i: number, diff: FileDiff): number {
  for (; i < stream.length; i++) {
    const t = stream[i].text;
    let m: RegExpExecArray | null;
    if ((m = /^index ([0-9a-f]+)\.\.([0-9a-f]+)(?: (\d+))?/.exec(t))) {
      diff.oldBlob = m[1];
      diff.newBlob = m[2];
    } else if ((m = /^old mode (\d+)/.exec(t))) diff.oldMode = m[1];
    else if ((m = /^new mode (\d+)/.exec(t))) diff.newMode = m[1];
    else if ((m = /^new file mode (\d+)/.exec(t))) (diff.status = 'added'), (diff.newMode = m[1]), (diff.oldPath = null);
    else if ((m = /^deleted file mode (\d+)/.exec(t))) (diff.status = 'deleted'), (diff.oldMode = m[1]), (diff.newPath = null);
    else if ((m = /^rename from (.+)/.exec(t))) (diff.status = 'renamed'), (diff.oldPath = unquote(m[1]));
    else if ((m = /^rename to (.+)/.exec(t))) diff.newPath = unquote(m[1]);
    else if ((m = /^copy from (.+)/.exec(t))) (diff.status = 'copied'), (diff.oldPath = unquote(m[1]));
    else if ((m = /^copy to (.+)/.exec(t))) diff.newPath = unquote(m[1]);
    else if (/^(dis)?similarity index /.test(t)) continue;
    else if (/^Binary files .* differ$/.test(t)) diff.status = 'binary';
    else if (t === 'GIT binary patch') return skipBinary(stream, i + 1, diff);
    else return i;
  }
  return i;
}

function skipBinary(stream: SourceLine[], i: number, diff: FileDiff): number {
  diff.status = 'binary';
  while (i < stream.length) {
    const t = stream[i].text;
    if (t === '' || /^(literal|delta) \d+$/.test(t) || (BASE85_LINE.test(t) && !endsHunks(t))) i++;
    else break;
  }
  return i;
}

/** `a/x b/y` → [x, y]; handles quoted names and the ambiguous space case by preferring equal halves. */
function splitGitPaths(rest: string): [string | null, string | null] {
  const quoted = /^"((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"$/.exec(rest);
  if (quoted) return [stripAB(unquote(`"${quoted[1]}"`)), stripAB(unquote(`"${quoted[2]}"`))];
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ' && rest.slice(2, half) === rest.slice(half + 3)) {
    return [stripAB(rest.slice(0, half)), stripAB(rest.slice(half + 1))];
  }
  const cut = rest.indexOf(' b/');
  if (cut < 0) return [stripAB(rest), stripAB(rest)];
  return [stripAB(rest.slice(0, cut)), stripAB(rest.slice(cut + 1))];
}

function stripAB(p: string): string {
  return p.replace(/^[ab]\//, '');
}

/** Path from a `---`/`+++` line: tab-separated timestamp dropped, /dev/null → null, a/ b/ removed. */
function headerPath(raw: string): string | null {
  const name = unquote(raw.split('\t')[0].trim());
  if (name === '/dev/null') return null;
  return stripAB(name);
}

/** Plain `diff -u dir.orig/x dir/x` names: drop a differing first component (like patch -p1). */
function stripCommonPrefix(diff: FileDiff): void {
  const parts = [diff.oldPath, diff.newPath].filter((p): p is string => p !== null);
  const firsts = parts.map((p) => p.split('/'));
  if (firsts.every((f) => f.length > 1) && firsts.length === 2 && firsts[0][0] !== firsts[1][0]) {
    diff.oldPath = diff.oldPath!.split('/').slice(1).join('/');
    diff.newPath = diff.newPath!.split('/').slice(1).join('/');
  }
}

function unquote(s: string): string {
  if (!(s.startsWith('"') && s.endsWith('"'))) return s;
  return s.slice(1, -1).replace(/\\(["\\tn])/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
}
