/**
 * The two programs a patch is judged by (before / after), where they come from, and how to rebuild
 * the after-program without one hunk (culprit search). With a tree: the tree's pre/post images over
 * the reference; without: the reference variant (or the previous patch's result) with the hunks placed.
 */
import type { FileImagesLike } from '../extract/functions.js';
import type { FileDiff, Hunk, Patch } from '../input/types.js';
import { applyToImages } from './apply.js';
import { chooseReference, placeHunks, type HunkPlacement, type ReferenceVariant, type SourceFile } from './place.js';
import { contextFunctionName } from './ref-functions.js';

/** C sources of one program: `base` (reference) lowered, then `overlay` (tree images) lowered over it. */
export interface ProgramSource {
  /** Program key in replay strings: ref:<variant>, patch:<input>#<id>[-h<N>], base:<input>#<id>, + @<tree>. */
  key: string;
  /** For Finding.compared. */
  label: string;
  base: SourceFile[];
  overlay: SourceFile[];
}

export interface HunkInfo {
  fd: FileDiff;
  file: string;
  hunk: Hunk;
  /** 0-based position among all hunks of the patch (file order). */
  ordinal: number;
  function?: string;
  /** Placement made no change (comments only, outside the model). */
  noop: boolean;
}

export interface PatchSides {
  before: ProgramSource;
  after: ProgramSource;
  base: string;
  unplaced: string[];
  notes: string[];
  hunks: HunkInfo[];
  /** Names of functions whose reference/tree definition the patch changes. */
  functions: string[];
  /** The after-program without hunk `ordinal` (undefined: cannot be built). */
  without(ordinal: number): ProgramSource | undefined;
  /** The before-program with hunk `ordinal` alone applied. */
  only(ordinal: number): ProgramSource | undefined;
}

export function patchKey(patch: Patch): string {
  return `patch:${patch.origin.input}#${patch.id}`;
}

export function positionOf(patch: Patch): string {
  const p = patch.position;
  return p.index !== undefined && p.total !== undefined ? `patch ${p.index}/${p.total}` : 'the patch';
}

function hunkList(patch: Patch, placements?: HunkPlacement[]): HunkInfo[] {
  const out: HunkInfo[] = [];
  for (const fd of patch.files) {
    const file = fd.newPath ?? fd.oldPath ?? '';
    for (const hunk of fd.hunks) {
      const pl = placements?.find((p) => p.file === file && p.hunk === hunk.index);
      const noop = pl ? pl.status !== 'placed' || !pl.span : false;
      out.push({ fd, file, hunk, ordinal: out.length, function: pl?.function ?? contextFunctionName(hunk.context), noop });
    }
  }
  return out;
}

function memo<T>(f: (n: number) => T): (n: number) => T {
  const cache = new Map<number, T>();
  return (n) => {
    if (!cache.has(n)) cache.set(n, f(n));
    return cache.get(n)!;
  };
}

export function withoutHunk(patch: Patch, ordinal: number): Patch {
  let k = 0;
  const files = patch.files.map((fd) => ({ ...fd, hunks: fd.hunks.filter(() => k++ !== ordinal) }));
  return { ...patch, files };
}

export function onlyHunk(patch: Patch, ordinal: number): Patch {
  let k = 0;
  const files = patch.files.map((fd) => ({ ...fd, hunks: fd.hunks.filter(() => k++ === ordinal) }));
  return { ...patch, files };
}

function describeUnplaced(p: HunkPlacement, patch: Patch): string {
  const fd = patch.files.find((f) => (f.newPath ?? f.oldPath) === p.file);
  const h = fd?.hunks.find((x) => x.index === p.hunk);
  const header = h ? ` (@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@)` : '';
  return `${p.file} hunk ${p.hunk + 1}${header}: ${p.reason ?? 'not placed'}; needs --tree`;
}

/**
 * "7 of 7 hunks placed on the reference"; hunks in files or functions the built-in model does not
 * have ('outside') are said apart, so a patch to an unmodelled path is not mistaken for a failure.
 */
function placementSummary(hunks: { status: string }[], placed: number): string {
  const outside = hunks.filter((h) => h.status === 'outside').length;
  const inModel = hunks.length - outside;
  const parts = [];
  if (inModel) parts.push(`${placed} of ${inModel} hunk${inModel > 1 ? 's' : ''} placed on the reference`);
  if (outside) parts.push(`${outside} hunk${outside > 1 ? 's' : ''} outside the modelled paths (not checked)`);
  return parts.join(', ');
}

/** How many removed lines had nothing to remove in the reference (details in PatchReport.placement). */
function tolerated(notes: string[]): string {
  const n = notes.filter((x) => x.includes('has no counterpart')).length;
  return n ? `; ${n} removed line${n > 1 ? 's' : ''} had no counterpart there` : '';
}

/** Without a tree: the previous patch's result (series) or the reference variant the hunks fit best. */
export function noTreeSides(patch: Patch, variants: ReferenceVariant[], prev?: ProgramSource): PatchSides {
  const candidates = prev ? [{ name: prev.key, files: prev.base }, ...variants] : variants;
  const chosen = chooseReference(candidates, patch);
  const fromPrev = prev !== undefined && chosen.variant === prev.key;
  const before: ProgramSource = fromPrev
    ? prev
    : { key: `ref:${chosen.variant}`, label: `reference ${chosen.variant}`, base: candidates.find((c) => c.name === chosen.variant)!.files, overlay: [] };
  const after: ProgramSource = { key: patchKey(patch), label: `${positionOf(patch)} placed on ${before.label}`, base: chosen.result.files, overlay: [] };
  const placed = chosen.result.hunks.filter((h) => h.status === 'placed').length;
  const unplaced = chosen.result.hunks.filter((h) => h.status === 'unplaced').map((h) => describeUnplaced(h, patch));
  // variants that hold none of the patch's code (every hunk outside them) are not worth naming
  const tried = chosen.tried
    .filter((t) => t.placed + t.unplaced > 0 || t.variant === chosen.variant)
    .map((t) => `${t.variant.startsWith('patch:') ? 'previous patch' : t.variant}: ${t.placed} placed, ${t.unplaced} unplaced`);
  const notes = chosen.result.hunks.flatMap((h) => h.notes.map((n) => `${h.file} hunk ${h.hunk + 1}: ${n}`));
  return {
    before,
    after,
    base: `${before.label} (no tree; ${placementSummary(chosen.result.hunks, placed)}${tolerated(notes)}; tried ${tried.join(', ')})`,
    unplaced,
    notes,
    hunks: hunkList(patch, chosen.result.hunks),
    functions: [...new Set(chosen.result.hunks.flatMap((h) => (h.status === 'placed' && h.span && h.function ? [h.function] : [])))].sort(),
    without: memo((ordinal) => ({
      key: `${after.key}-h${ordinal}`,
      label: `${after.label} without hunk ${ordinal + 1}`,
      base: placeHunks(before.base, withoutHunk(patch, ordinal)).files,
      overlay: [],
    })),
    only: memo((ordinal) => ({
      key: `${after.key}-o${ordinal}`,
      label: `${before.label} with hunk ${ordinal + 1} of ${positionOf(patch)} alone`,
      base: placeHunks(before.base, onlyHunk(patch, ordinal)).files,
      overlay: [],
    })),
  };
}

/** With a tree: the reference under the tree's pre-images (before) and post-images (after). */
export function treeSides(
  patch: Patch,
  tree: string,
  variant: ReferenceVariant,
  images: FileImagesLike[],
  failures: { file: string; hunk: number; message: string }[] = [],
): PatchSides {
  const pre = images.flatMap((i) => (i.pre ? [{ path: i.pre.path, text: i.pre.text }] : []));
  const post = images.flatMap((i) => (i.post ? [{ path: i.post.path, text: i.post.text }] : []));
  const sources = [...new Set(images.map((i) => i.pre?.source).filter((s): s is string => !!s))].sort();
  const key = `${patch.origin.input}#${patch.id}`;
  const before: ProgramSource = { key: `base:${key}@${tree}`, label: `tree ${tree} (pre-image)`, base: variant.files, overlay: pre };
  const after: ProgramSource = { key: `patch:${key}@${tree}`, label: `tree ${tree} + ${positionOf(patch)}`, base: variant.files, overlay: post };
  return {
    before,
    after,
    base: `tree ${tree} (pre-images: ${sources.join(', ') || 'none'}; reference ${variant.name} for functions the tree lacks)`,
    unplaced: failures.map((f) => `${f.file}${f.hunk >= 0 ? ` hunk ${f.hunk + 1}` : ''}: ${f.message}`),
    notes: [],
    hunks: hunkList(patch),
    functions: [],
    without: memo((ordinal) => {
      const target = hunkList(patch)[ordinal];
      const overlay = applyToImages(pre, patch, (fd, h) => !(fd === target.fd && h === target.hunk));
      return overlay && { key: `patch:${key}-h${ordinal}@${tree}`, label: `${after.label} without hunk ${ordinal + 1}`, base: variant.files, overlay };
    }),
    only: memo((ordinal) => {
      const target = hunkList(patch)[ordinal];
      const overlay = applyToImages(pre, patch, (fd, h) => fd === target.fd && h === target.hunk);
      return overlay && { key: `patch:${key}-o${ordinal}@${tree}`, label: `${before.label} with hunk ${ordinal + 1} alone`, base: variant.files, overlay };
    }),
  };
}
