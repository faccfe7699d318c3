/**
 * Planning one hunk on one reference function: which reference statements it deletes and where its
 * added lines go, or why it cannot be placed. Nothing is guessed: an ambiguous removed statement or
 * insertion point fails the hunk.
 */
import { align, type Alignment } from './align.js';
import type { HunkSide } from './hunk-side.js';
import type { RefFunction } from './ref-functions.js';
import { isSignificant, type Stmt } from './statements.js';

export interface HunkPlan {
  fn: RefFunction;
  score: number;
  /** Indexes into fn.stmts to delete. */
  deletes: number[];
  /** Added runs (index into side.runs) and the row after which each goes. */
  inserts: { run: number; afterRow: number }[];
  /** Matched (hunk statement, reference statement) pairs, for renaming. */
  pairs: [Stmt, Stmt][];
  /** Removed statements with no counterpart that the model cannot see (assertions, statistics). */
  dropped: string[];
}

export type PlanOutcome = { ok: true; plan: HunkPlan } | { ok: false; reason: string; score: number };

function quote(s: Stmt): string {
  const t = s.exact.replace(/ ?([(),;&.]|->) ?/g, '$1');
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/** A removed statement the reference need not have: no visible step, or calls the function never makes. */
function invisibleToModel(s: Stmt, fn: RefFunction): boolean {
  if (s.kind === 'plain' || s.kind === 'brace' || s.kind === 'pp' || s.kind === 'else') return true;
  if (s.kind !== 'call' && s.kind !== 'head' && s.kind !== 'loop') return false;
  const known = new Set(fn.stmts.flatMap((r) => r.callees));
  return s.callees.length > 0 && s.callees.every((c) => !known.has(c));
}

function unique(a: Alignment, i: number): number {
  return a.optimal[i].length === 1 && a.match[i] === a.optimal[i][0] ? a.match[i] : -1;
}

function planDeletes(side: HunkSide, fn: RefFunction, a: Alignment): { deletes: number[]; dropped: string[] } | string {
  const deletes: number[] = [];
  const dropped: string[] = [];
  for (let i = 0; i < side.pre.length; i++) {
    if (!side.removed[i]) continue;
    const s = side.pre[i];
    if (a.optimal[i].length > 1 && s.kind !== 'brace')
      return `removed \`${quote(s)}\` matches ${a.optimal[i].length} places in ${fn.name}`;
    if (a.match[i] >= 0) deletes.push(a.match[i]);
    else if (invisibleToModel(s, fn)) dropped.push(quote(s));
    else return `removed \`${quote(s)}\` not found in ${fn.name} of ${fn.path}`;
  }
  return { deletes, dropped };
}

/** The row after which an added run goes: after its previous statement, else before its next one. */
function insertionRow(side: HunkSide, fn: RefFunction, a: Alignment, run: number): number | string {
  const { prev, next } = side.runs[run];
  if (prev >= 0 && unique(a, prev) >= 0) return fn.stmts[a.match[prev]].lastLine;
  if (next >= 0 && unique(a, next) >= 0) return fn.stmts[a.match[next]].firstLine - 1;
  // nearest matched statements on both sides, adjacent in the reference
  let p = prev;
  while (p >= 0 && a.match[p] < 0) p--;
  let q = next;
  while (q >= 0 && q < side.pre.length && a.match[q] < 0) q++;
  if (p >= 0 && q >= 0 && q < side.pre.length && unique(a, p) >= 0 && a.match[q] === a.match[p] + 1)
    return fn.stmts[a.match[p]].lastLine;
  if (prev < 0 && next < 0) return 'no statement around the added lines to anchor them';
  return `insertion point of \`${side.runs[run].lines.find((l) => l.trim())?.trim() ?? ''}\` is ambiguous in ${fn.name}`;
}

export function planHunk(side: HunkSide, fn: RefFunction): PlanOutcome {
  const a = align(side.pre, fn.stmts);
  const strong = side.pre.filter((s, i) => a.match[i] >= 0 && isSignificant(s)).length;
  if (!strong) return { ok: false, reason: `anchors not found in ${fn.name} of ${fn.path}`, score: 0 };
  const del = planDeletes(side, fn, a);
  if (typeof del === 'string') return { ok: false, reason: del, score: a.score };
  const inserts: HunkPlan['inserts'] = [];
  for (let run = 0; run < side.runs.length; run++) {
    const row = insertionRow(side, fn, a, run);
    if (typeof row === 'string') return { ok: false, reason: row, score: a.score };
    inserts.push({ run, afterRow: row });
  }
  const pairs: [Stmt, Stmt][] = [];
  side.pre.forEach((s, i) => {
    if (a.match[i] >= 0) pairs.push([s, fn.stmts[a.match[i]]]);
  });
  return { ok: true, plan: { fn, score: a.score, deletes: del.deletes, inserts, pairs, dropped: del.dropped } };
}
