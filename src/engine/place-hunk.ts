/**
 * Planning one hunk on one reference function: which reference statements it deletes and where its
 * added lines go, or why it cannot be placed. Nothing is guessed: an ambiguous removed statement or
 * insertion point fails the hunk.
 */
import { align, pairWeight, type Alignment } from './align.js';
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
  /** Statements naming variables matched word for word (names included). */
  exact: number;
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
  const known = knownCallees(fn);
  return s.callees.length > 0 && s.callees.every((c) => !known.has(c));
}

const calleeCache = new WeakMap<RefFunction, Set<string>>();

function knownCallees(fn: RefFunction): Set<string> {
  let set = calleeCache.get(fn);
  if (!set) {
    set = new Set(fn.stmts.flatMap((r) => r.callees));
    calleeCache.set(fn, set);
  }
  return set;
}

function unique(a: Alignment, i: number): number {
  return a.optimal[i].length === 1 && a.match[i] === a.optimal[i][0] ? a.match[i] : -1;
}

/** Reference statements strictly between the matches of the nearest matched hunk statements around i. */
function windowOf(a: Alignment, i: number, size: number): number[] {
  let lo = -1;
  for (let p = i - 1; p >= 0 && lo < 0; p--) if (a.match[p] >= 0) lo = a.match[p];
  let hi = size;
  for (let q = i + 1; q < a.match.length && hi === size; q++) if (a.match[q] >= 0) hi = a.match[q];
  const taken = new Set(a.match);
  return Array.from({ length: Math.max(0, hi - lo - 1) }, (_, k) => lo + 1 + k).filter((j) => !taken.has(j));
}

/**
 * A removed statement the alignment left unmatched: look only near its place (between its matched
 * neighbours). One equal statement there: delete it (the reference orders things differently). The
 * same call written differently: refuse. Nothing like it: the reference never had it; note and go on.
 */
function resolveUnmatched(side: HunkSide, fn: RefFunction, a: Alignment, i: number): { del?: number; note: string } | string {
  const s = side.pre[i];
  const near = windowOf(a, i, fn.stmts.length);
  const same = near.filter((j) => fn.stmts[j].key === s.key);
  if (same.length === 1) return { del: same[0], note: `removed \`${quote(s)}\` matched out of order` };
  if (same.length > 1) return `removed \`${quote(s)}\` matches ${same.length} places in ${fn.name}`;
  const alike = near.find((j) => s.callees.some((c) => fn.stmts[j].callees.includes(c)));
  if (alike !== undefined) return `removed \`${quote(s)}\` is written differently in ${fn.name} (\`${quote(fn.stmts[alike])}\`)`;
  if (invisibleToModel(s, fn)) return { note: `removed \`${quote(s)}\` has no counterpart in the reference (not modelled)` };
  if (s.kind !== 'call') return `removed \`${quote(s)}\` not found near its place in ${fn.name} of ${fn.path}`;
  return { note: `removed \`${quote(s)}\` has no counterpart near its place in ${fn.name}; nothing to remove` };
}

function planDeletes(side: HunkSide, fn: RefFunction, a: Alignment): { deletes: number[]; dropped: string[] } | string {
  const deletes: number[] = [];
  const dropped: string[] = [];
  for (let i = 0; i < side.pre.length; i++) {
    if (!side.removed[i]) continue;
    const s = side.pre[i];
    if (a.optimal[i].length > 1 && s.kind !== 'brace')
      return `removed \`${quote(s)}\` matches ${a.optimal[i].length} places in ${fn.name}`;
    if (a.match[i] >= 0) {
      deletes.push(a.match[i]);
      continue;
    }
    const r = resolveUnmatched(side, fn, a, i);
    if (typeof r === 'string') return r;
    if (r.del !== undefined) deletes.push(r.del);
    dropped.push(r.note);
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
  // a significant step, or any statement matched word for word, anchors the hunk
  const strong = side.pre.filter((s, i) => a.match[i] >= 0 && (isSignificant(s) || pairWeight(s, fn.stmts[a.match[i]]) >= 1)).length;
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
  const exact = pairs.filter(([h, r]) => h.vars.length > 0 && h.exact === r.exact).length;
  return { ok: true, plan: { fn, score: a.score, deletes: del.deletes, inserts, pairs, dropped: del.dropped, exact } };
}
