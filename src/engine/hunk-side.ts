/**
 * The hunk's side of placement: its pre-side statements (context and removed lines), which of them
 * are removed, and the runs of added lines with the statements just before and after them.
 *
 * A statement that is only partly changed (`-foo(a,` `+foo(b,` ` c);`) is treated as wholly
 * replaced: its context lines are promoted to a removed copy and an added copy, so that deletion and
 * insertion work on whole statements.
 */
import type { Hunk, PatchLine } from '../input/types.js';
import { splitStatements, type Stmt } from './statements.js';
import { tokenize } from './tokens.js';

export interface AddedRun {
  lines: string[];
  /** Index (into HunkSide.pre) of the statement just before / after the run, or -1. */
  prev: number;
  next: number;
  /** Index of the first line of the run in HunkSide.lines. */
  at: number;
}

export interface HunkSide {
  /** The hunk's lines after promotion of partly changed statements. */
  lines: PatchLine[];
  /** Pre-side statements; line numbers index preLines. */
  pre: Stmt[];
  /** For each pre-side statement: does it contain a removed line? */
  removed: boolean[];
  /** Post-side statements (context and added lines) and whether each contains an added line. */
  post: Stmt[];
  added: boolean[];
  runs: AddedRun[];
  /** preLines[k] = index into `lines` of the k-th pre-side line. */
  preLines: number[];
}

function sideStatements(lines: PatchLine[], keep: (l: PatchLine) => boolean): { stmts: Stmt[]; index: number[] } {
  const index: number[] = [];
  const text: string[] = [];
  lines.forEach((l, k) => {
    if (keep(l)) {
      index.push(k);
      text.push(l.text);
    }
  });
  return { stmts: splitStatements(tokenize(text, true)), index };
}

/** Context lines that belong to a statement with a changed line, on either side. */
function linesToPromote(lines: PatchLine[]): Set<number> {
  const promote = new Set<number>();
  for (const [keep, changed] of [
    [(l: PatchLine) => l.kind !== '+', '-'],
    [(l: PatchLine) => l.kind !== '-', '+'],
  ] as const) {
    const { stmts, index } = sideStatements(lines, keep);
    for (const s of stmts) {
      const span = index.slice(s.firstLine, s.lastLine + 1);
      if (span.some((k) => lines[k].kind === changed))
        for (const k of span) if (lines[k].kind === ' ') promote.add(k);
    }
  }
  return promote;
}

function promote(lines: PatchLine[]): PatchLine[] {
  const set = linesToPromote(lines);
  const out: PatchLine[] = [];
  lines.forEach((l, k) => {
    if (!set.has(k)) out.push(l);
    else out.push({ ...l, kind: '-', newLine: undefined }, { ...l, kind: '+', oldLine: undefined });
  });
  return out;
}

export function hunkSide(hunk: Hunk): HunkSide {
  const lines = promote(hunk.lines);
  const { stmts: pre, index: preLines } = sideStatements(lines, (l) => l.kind !== '+');
  const removed = pre.map((s) => preLines.slice(s.firstLine, s.lastLine + 1).some((k) => lines[k].kind === '-'));
  const { stmts: post, index: postLines } = sideStatements(lines, (l) => l.kind !== '-');
  const added = post.map((s) => postLines.slice(s.firstLine, s.lastLine + 1).some((k) => lines[k].kind === '+'));
  return { lines, pre, removed, post, added, runs: addedRuns(lines, pre, preLines, codeOfAddedLines(lines)), preLines };
}

/**
 * The code of each added line with comments removed (comment state read from the whole post side,
 * so a run that only rewrites the middle of a comment block adds nothing). Lines without code are
 * dropped: comments do not change the model, and a half comment would break the reference's syntax.
 */
function codeOfAddedLines(lines: PatchLine[]): Map<number, string> {
  const index: number[] = [];
  lines.forEach((l, k) => {
    if (l.kind !== '-') index.push(k);
  });
  const tokens = tokenize(index.map((k) => lines[k].text), true);
  const span = new Map<number, [number, number]>();
  for (const tok of tokens) {
    const k = index[tok.line];
    if (lines[k].kind !== '+') continue;
    const s = span.get(k);
    span.set(k, s ? [s[0], tok.endCol] : [tok.col, tok.endCol]);
  }
  const code = new Map<number, string>();
  for (const [k, [a, b]] of span) {
    const text = lines[k].text;
    code.set(k, text.slice(0, a).replace(/\S.*$/, '') + text.slice(a, b).replace(/\/\*.*?\*\//g, ' '));
  }
  return code;
}

function addedRuns(lines: PatchLine[], pre: Stmt[], preLines: number[], code: Map<number, string>): AddedRun[] {
  const runs: AddedRun[] = [];
  for (let k = 0; k < lines.length; k++) {
    if (lines[k].kind !== '+') continue;
    const at = k;
    const text: string[] = [];
    for (; k < lines.length && lines[k].kind === '+'; k++) if (code.has(k)) text.push(code.get(k)!);
    // pre-side lines before the run: indexes < n
    const n = preLines.filter((p) => p < at).length;
    let prev = -1;
    pre.forEach((s, i) => {
      if (s.lastLine < n) prev = i;
    });
    const next = pre.findIndex((s) => s.firstLine >= n);
    if (text.length) runs.push({ lines: text, prev, next, at });
    k--;
  }
  return runs;
}
