/**
 * Touched functions of one file diff with pre- and post-images: both images are located with
 * tree-sitter (locate.ts); removed lines are looked up in the pre-image, added lines in the
 * post-image; a pre-image function and a post-image function with the same name and the nearest
 * position are the same function (kind 'changed'); one without partner was added or removed.
 */
import type { FileDiff, Hunk } from '../input/types.js';
import { exportedName, type LexedLine } from './ctext.js';
import { locateImages, type RowEdit } from './image-pair.js';
import { spanAt, type FunctionSpan } from './locate.js';
import { sideLines, uniqueSorted } from './touch-fragment.js';
import type { SourceImage, TouchedFunction } from './types.js';

interface Side {
  spans: FunctionSpan[];
  lexed: LexedLine[];
  lines: string[];
}

const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * Offset to add to a hunk side's line numbers so its lines match the image (whitespace-insensitively,
 * as the repaired patches need); 0 when they already match, undefined when no nearby offset fits.
 */
function alignment(hunk: Hunk, which: 'pre' | 'post', imageLines: string[]): number | undefined {
  const lines = sideLines(hunk, which);
  const fits = (d: number) => lines.every((l) => squash(imageLines[l.line - 1 + d] ?? '\u0000') === squash(l.text));
  for (let d = 0; d <= 400; d++) {
    if (fits(d)) return d;
    if (d && fits(-d)) return -d;
  }
  return undefined;
}

interface Aligned {
  hunk: Hunk;
  dPre: number;
  dPost: number;
}

/** First image row (0-based) of a hunk side: a side with no lines sits after its start line. */
const firstRow = (start: number, count: number, d: number) => (count === 0 ? start : start - 1) + d;

function rowEdits(aligned: Aligned[]): RowEdit[] {
  return aligned.map(({ hunk: h, dPre, dPost }) => ({
    preRow: firstRow(h.oldStart, h.oldLines, dPre),
    preRows: h.oldLines,
    postRow: firstRow(h.newStart, h.newLines, dPost),
    postRows: h.newLines,
  }));
}

/** The span owning an image line: enclosing function, or the one its leading comment / EXPORT_SYMBOL names. */
function ownerAt(side: Side, line: number): FunctionSpan | undefined {
  const inside = spanAt(side.spans, line);
  if (inside) return inside;
  const lexed = side.lexed[line - 1];
  const exported = lexed?.cls === 'code' ? exportedName(lexed.code) : undefined;
  if (exported) return side.spans.filter((s) => s.name === exported && s.end < line && !s.declarationOnly).pop();
  if (lexed?.cls !== 'comment') return undefined;
  let next = line;
  while (side.lexed[next]?.cls === 'comment') next++;
  return side.spans.find((s) => s.start === next + 1);
}

interface Touch {
  span: FunctionSpan;
  lines: number[];
  hunks: Set<number>;
}

function touch(map: Map<FunctionSpan, Touch>, span: FunctionSpan, line: number, hunk: number): void {
  const t = map.get(span) ?? { span, lines: [], hunks: new Set<number>() };
  t.lines.push(line);
  t.hunks.add(hunk);
  map.set(span, t);
}

/** Where a pre-image line lands in the post-image, by the line deltas of the hunks above it. */
function mapPreToPost(diff: FileDiff, line: number): number {
  let delta = 0;
  for (const h of diff.hunks) if (h.oldStart + h.oldLines <= line) delta += h.newLines - h.oldLines;
  return line + delta;
}

function partner(span: FunctionSpan, candidates: FunctionSpan[], where: number): FunctionSpan | undefined {
  const same = candidates.filter((c) => c.name === span.name && !!c.declarationOnly === !!span.declarationOnly);
  return same.sort((a, b) => Math.abs(a.start - where) - Math.abs(b.start - where))[0];
}

export type HunkFallback = (hunk: Hunk) => void;

/**
 * Touched functions of one file diff against its images. Hunks that do not match the images are
 * handed to `unmatched` (the caller locates them from the fragment instead).
 */
export function treeFunctions(file: string, diff: FileDiff, pre: SourceImage | null, post: SourceImage | null, unmatched: HunkFallback): TouchedFunction[] {
  const preLines = pre?.text.split('\n');
  const postLines = post?.text.split('\n');
  const aligned: Aligned[] = [];
  for (const hunk of diff.hunks) {
    const dPre = preLines ? alignment(hunk, 'pre', preLines) : hunk.oldLines > 0 ? undefined : 0;
    const dPost = postLines ? alignment(hunk, 'post', postLines) : hunk.newLines > 0 ? undefined : 0;
    if (dPre === undefined || dPost === undefined) unmatched(hunk);
    else aligned.push({ hunk, dPre, dPost });
  }
  const located = locateImages(pre?.text ?? null, post?.text ?? null, aligned.length === diff.hunks.length ? rowEdits(aligned) : undefined);
  const preSide = located.pre && preLines ? { ...located.pre, lines: preLines } : undefined;
  const postSide = located.post && postLines ? { ...located.post, lines: postLines } : undefined;
  const removed = new Map<FunctionSpan, Touch>();
  const added = new Map<FunctionSpan, Touch>();
  for (const { hunk, dPre, dPost } of aligned) {
    for (const l of sideLines(hunk, 'pre')) {
      const span = l.kind === '-' ? ownerAt(preSide!, l.line + dPre) : undefined;
      if (span) touch(removed, span, l.line + dPre, hunk.index);
    }
    for (const l of sideLines(hunk, 'post')) {
      const span = l.kind === '+' ? ownerAt(postSide!, l.line + dPost) : undefined;
      if (span) touch(added, span, l.line + dPost, hunk.index);
    }
  }
  return pairUp(file, diff, removed, added, preSide?.spans ?? [], postSide?.spans ?? []);
}

function pairUp(file: string, diff: FileDiff, removed: Map<FunctionSpan, Touch>, added: Map<FunctionSpan, Touch>, preSpans: FunctionSpan[], postSpans: FunctionSpan[]): TouchedFunction[] {
  const out: TouchedFunction[] = [];
  const claimed = new Set<FunctionSpan>();
  for (const t of removed.values()) {
    const p = partner(t.span, postSpans, mapPreToPost(diff, t.span.start));
    const a = p ? added.get(p) : undefined;
    if (p) claimed.add(p);
    out.push(entry(file, p ? 'changed' : 'removed', t.span, p, t, a));
  }
  for (const t of added.values()) {
    if (claimed.has(t.span)) continue;
    const p = partner(t.span, preSpans, t.span.start);
    out.push(entry(file, p ? 'changed' : 'added', p, t.span, undefined, t));
  }
  return out;
}

function entry(file: string, kind: TouchedFunction['kind'], pre: FunctionSpan | undefined, post: FunctionSpan | undefined, r?: Touch, a?: Touch): TouchedFunction {
  const span = (pre ?? post)!;
  const fn: TouchedFunction = {
    file,
    name: span.name,
    kind,
    removedLines: uniqueSorted(r?.lines ?? []),
    addedLines: uniqueSorted(a?.lines ?? []),
    fromFragment: false,
    hunks: uniqueSorted([...(r?.hunks ?? []), ...(a?.hunks ?? [])]),
  };
  if (pre) fn.preRange = [pre.start, pre.end];
  if (post) fn.postRange = [post.start, post.end];
  if (span.declarationOnly) fn.declarationOnly = true;
  const fallback = pre?.fallback ?? post?.fallback;
  if (fallback) fn.fallback = fallback;
  return fn;
}
