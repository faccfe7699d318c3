/**
 * Hunks that change more than statements: a function's header (renamed, a parameter added), or
 * new functions next to edits of an existing one (a routine renamed and wrapped under its old name,
 * as in "hugetlb: don't delete vma_lock in hugetlb MADV_DONTNEED processing"). Such a hunk is cut
 * into parts, one per function (src/engine/hunk-functions.ts): each changed body is placed like any
 * hunk on its reference function; a changed header replaces the reference function's header rows,
 * only when the reference function has the parameters the patch's old header has; new functions
 * are appended. A part that cannot be placed leaves the whole hunk unplaced (it is never half-placed).
 */
import type { Hunk, PatchLine } from '../input/types.js';
import { hunkFunctions, pairFunctions, type HunkFunctions, type Seg } from './hunk-functions.js';
import { planOne, sideOf } from './place-one.js';
import { pathMatches, type HunkPlacement, type Planned } from './place-types.js';
import { contextFunctionName, type RefFunction } from './ref-functions.js';

type Side = 'pre' | 'post';

const onSide = (l: PatchLine, side: Side) => (side === 'pre' ? l.kind !== '+' : l.kind !== '-');
const segOf = (f: HunkFunctions, side: Side, i: number) => (side === 'pre' ? f.pre[i] : f.post[i]);
const isBody = (s: Seg | undefined, fn: string) => s !== undefined && (s.fn ?? '') === fn && (s.role === 'body' || s.role === 'tail');

/** The header lines of `fn` on one side (up to, not including, the `{` line). */
function headerLines(hunk: Hunk, f: HunkFunctions, side: Side, fn: string): string[] {
  return hunk.lines.flatMap((l, i) => {
    const s = segOf(f, side, i);
    return onSide(l, side) && s?.fn === fn && s.role === 'header' ? [l.text] : [];
  });
}

const squash = (lines: string[]) => lines.join(' ').replace(/\s+/g, ' ').trim();

/** Parameter names of a header: the last identifier of each comma-separated parameter. */
export function parameterNames(header: string): string[] {
  const open = header.indexOf('(');
  const close = header.lastIndexOf(')');
  if (open < 0 || close < open) return [];
  return header
    .slice(open + 1, close)
    .split(',')
    .map((p) => /([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*$/.exec(p.trim())?.[1] ?? '')
    .filter((n) => n && n !== 'void');
}

/** The body of pre-side `a` changed into the body of post-side `b`, as a hunk of its own. */
function bodyHunk(hunk: Hunk, f: HunkFunctions, a: string, b: string): Hunk {
  const lines: PatchLine[] = [];
  hunk.lines.forEach((l, i) => {
    const pre = l.kind !== '+' && isBody(f.pre[i], a);
    const post = l.kind !== '-' && isBody(f.post[i], b);
    if (pre && post) lines.push(l);
    else if (pre) lines.push({ ...l, kind: '-' });
    else if (post) lines.push({ ...l, kind: '+' });
  });
  return { ...hunk, context: a ? `${a}(` : hunk.context, lines };
}

function base(diffPath: string, hunk: Hunk): HunkPlacement {
  return { file: diffPath, hunk: hunk.index, status: 'outside', score: 0, notes: [] };
}

const refNamed = (fns: RefFunction[], name: string, diffPath: string) =>
  fns.filter((fn) => fn.name === name).sort((x, y) => Number(pathMatches(y.path, diffPath)) - Number(pathMatches(x.path, diffPath)))[0];

/** The reference's header of `ref`, rows startRow .. the row before `{` (undefined: `{` not alone). */
function refHeader(ref: RefFunction, text: string): string[] | undefined {
  const rows = text.split('\n');
  if (ref.openRow <= ref.startRow || rows[ref.openRow].trim() !== '{') return undefined;
  return rows.slice(ref.startRow, ref.openRow);
}

function headerPart(diffPath: string, hunk: Hunk, f: HunkFunctions, a: string, b: string, fns: RefFunction[], texts: Map<string, string>): Planned {
  const at = base(diffPath, hunk);
  const ref = refNamed(fns, a, diffPath);
  const unplaced = (reason: string): Planned => ({ diffPath, hunk, side: sideOf(hunk), placement: { ...at, status: 'unplaced', reason, function: a } });
  if (!ref) return unplaced(`changes the header of ${a}, which the reference does not model`);
  const current = refHeader(ref, texts.get(ref.path) ?? '');
  if (!current) return unplaced(`the reference's ${a} keeps its opening brace on the header line`);
  const want = parameterNames(squash(headerLines(hunk, f, 'pre', a)));
  const have = parameterNames(squash(current));
  if (want.join(',') !== have.join(',')) return unplaced(`the reference's ${a}(${have.join(', ')}) is not the ${a}(${want.join(', ')}) the patch changes`);
  const lines = headerLines(hunk, f, 'post', b);
  const what = a === b ? `header of ${a} changed` : `${a} renamed ${b}`;
  const placement: HunkPlacement = { ...at, status: 'placed', refPath: ref.path, function: b, score: 1, notes: [what] };
  return { diffPath, hunk, side: sideOf(hunk), header: { fn: ref, lines, newName: b }, placement };
}

/**
 * Where a new function goes: after the reference function that precedes it in the patch (the one
 * the hunk changed just above it), so the patched file reads in the patch's order.
 */
function precedingRow(hunk: Hunk, f: HunkFunctions, g: string, pairs: Map<string, string>, fns: RefFunction[], diffPath: string): number | undefined {
  const first = f.post.findIndex((s) => s?.fn === g);
  const targets = new Set(pairs.values());
  // new functions in a row follow the same changed function, in the patch's order
  const before = f.post.slice(0, first).reverse().find((s) => s?.fn && targets.has(s.fn) && s.role !== 'tail');
  const from = [...pairs].find(([, b]) => b === before?.fn)?.[0];
  return from ? refNamed(fns, from, diffPath)?.endRow : undefined;
}

function appendPart(diffPath: string, hunk: Hunk, f: HunkFunctions, g: string, fns: RefFunction[], renamedAway: Set<string>, home: string, afterRow?: number): Planned {
  const at = base(diffPath, hunk);
  if (fns.some((fn) => fn.name === g) && !renamedAway.has(g))
    return { diffPath, hunk, side: sideOf(hunk), placement: { ...at, notes: [`adds ${g}, which the reference already defines`] } };
  const lines = hunk.lines.flatMap((l, i) => (l.kind !== '-' && f.post[i]?.fn === g && f.post[i]?.role !== 'between' ? [l.text] : []));
  const placement: HunkPlacement = { ...at, status: 'placed', refPath: home, function: g, score: 1, notes: [`new function ${g} appended`] };
  return { diffPath, hunk, side: sideOf(hunk), append: { path: home, lines, ...(afterRow !== undefined && { afterRow }) }, placement };
}

const changed = (h: Hunk) => h.lines.some((l) => l.kind !== ' ');

/** Functions (not the @@ tail) with lines on one side. */
function functionsOn(f: HunkFunctions, side: Side): Set<string> {
  const segs = side === 'pre' ? f.pre : f.post;
  return new Set(segs.flatMap((s) => (s && s.fn && s.role !== 'tail' ? [s.fn] : [])));
}

/**
 * The parts of a hunk that changes a header or adds functions beside other edits; undefined for
 * every other hunk (placed whole, as before).
 */
export function planParts(diffPath: string, hunk: Hunk, fns: RefFunction[], texts: Map<string, string>): Planned[] | undefined {
  const named = contextFunctionName(hunk.context);
  const f = hunkFunctions(hunk, named);
  if (!f.headers) return undefined;
  const pairs = pairFunctions(hunk, f);
  if (!pairs) return undefined;
  const targets = new Set(pairs.values());
  const postOnly = [...functionsOn(f, 'post')].filter((g) => !targets.has(g));
  if ([...functionsOn(f, 'pre')].some((a) => !pairs.has(a))) return undefined; // a function removed
  const headerChanges = [...pairs].filter(([a, b]) => a && squash(headerLines(hunk, f, 'pre', a)) !== squash(headerLines(hunk, f, 'post', b)));
  const bodies = [...pairs].map(([a, b]) => ({ a, b, h: bodyHunk(hunk, f, a, b) })).filter((x) => changed(x.h));
  if (!headerChanges.length && !(postOnly.length && bodies.length)) return undefined;
  const renamedAway = new Set([...pairs].filter(([a, b]) => a !== b).map(([a]) => a));
  const home = fns.find((fn) => pathMatches(fn.path, diffPath))?.path ?? diffPath;
  const parts = bodies.map(({ a, b, h }) => ({ ...planOne(diffPath, h, fns), ...(a !== b ? { renamedTo: b } : {}) }));
  parts.push(...headerChanges.map(([a, b]) => headerPart(diffPath, hunk, f, a, b, fns, texts)));
  parts.push(...postOnly.map((g) => appendPart(diffPath, hunk, f, g, fns, renamedAway, home, precedingRow(hunk, f, g, pairs, fns, diffPath))));
  return parts;
}
