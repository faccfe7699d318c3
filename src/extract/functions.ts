/**
 * Touched C functions of a patch: with pre/post images (tree-sitter on both images), else from the
 * hunk fragments and their @@ function context.
 */
import type { FileDiff, Hunk, Patch } from '../input/types.js';
import { fragmentFunctions, uniqueSorted } from './touch-fragment.js';
import { treeFunctions } from './touch-tree.js';
import type { PatchFunctions, SourceImage, TouchedFunction } from './types.js';

/** Pre- and post-image of one file (structurally compatible with src/input/images.ts FileImages). */
export interface FileImagesLike {
  path: string;
  pre: SourceImage | null;
  post: SourceImage | null;
}

export const FALLBACK_HUNK_MISMATCH = 'hunk did not match the image; located from the fragment';

export function diffPath(diff: FileDiff): string {
  return (diff.newPath ?? diff.oldPath) as string;
}

export function isCSource(path: string): boolean {
  return /\.[ch]$/.test(path);
}

/** Why a file diff yields no functions, or undefined when it is a C file to look into. */
export function skipReason(diff: FileDiff): string | undefined {
  if (diff.status === 'binary') return 'binary patch';
  if (!isCSource(diffPath(diff))) return 'not a C source file';
  if (diff.hunks.length === 0) return 'no hunks';
  return undefined;
}

function imagesFor(diff: FileDiff, images: FileImagesLike[] | undefined): FileImagesLike | undefined {
  if (!images) return undefined;
  return images.find((i) => i.path === diff.newPath) ?? images.find((i) => i.path === diff.oldPath);
}

/** Tree results plus fragment results for the hunks that did not match the images. */
function fileFunctions(diff: FileDiff, repaired: boolean, images: FileImagesLike | undefined): TouchedFunction[] {
  const path = diffPath(diff);
  if (!images || (!images.pre && !images.post)) return fragmentFunctions(path, diff, repaired);
  const unmatched: Hunk[] = [];
  const fromTree = treeFunctions(path, diff, images.pre, images.post, (h) => unmatched.push(h));
  if (unmatched.length === 0) return fromTree;
  const fromFragments = fragmentFunctions(path, { ...diff, hunks: unmatched }, repaired);
  for (const f of fromFragments) f.fallback = FALLBACK_HUNK_MISMATCH;
  return mergeSameFunction([...fromTree, ...fromFragments]);
}

/** Join entries naming the same function (a tree result and a fragment result for other hunks). */
function mergeSameFunction(list: TouchedFunction[]): TouchedFunction[] {
  const byKey = new Map<string, TouchedFunction>();
  for (const f of list) {
    const key = `${f.file}\u0000${f.name}\u0000${f.declarationOnly ? 'd' : 'f'}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, f);
      continue;
    }
    seen.removedLines = uniqueSorted([...seen.removedLines, ...f.removedLines]);
    seen.addedLines = uniqueSorted([...seen.addedLines, ...f.addedLines]);
    seen.hunks = uniqueSorted([...seen.hunks, ...f.hunks]);
    seen.fallback ??= f.fallback;
  }
  return [...byKey.values()];
}

function firstLine(f: TouchedFunction): number {
  return Math.min(f.preRange?.[0] ?? Infinity, f.postRange?.[0] ?? Infinity);
}

/** Deterministic order: file, first line, name. */
export function compareTouched(a: TouchedFunction, b: TouchedFunction): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    firstLine(a) - firstLine(b) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    Number(!!a.declarationOnly) - Number(!!b.declarationOnly)
  );
}

/**
 * Every C function the patch touches (changed, added, removed), sorted by file, first line, name.
 * With `images`, removed lines are located in the pre-image and added lines in the post-image; files
 * without images are located from their hunk fragments (fromFragment: true).
 */
export function touchedFunctions(patch: Patch, images?: FileImagesLike[]): TouchedFunction[] {
  const out: TouchedFunction[] = [];
  for (const diff of patch.files) {
    if (skipReason(diff)) continue;
    out.push(...fileFunctions(diff, patch.repaired, imagesFor(diff, images)));
  }
  return out.sort(compareTouched);
}

/** The patch → file → functions listing (files without C functions carry `skipped`). */
export function patchFunctions(patch: Patch, images?: FileImagesLike[]): PatchFunctions {
  const all = touchedFunctions(patch, images);
  const files = patch.files.map((diff) => {
    const path = diffPath(diff);
    const skipped = skipReason(diff);
    const functions = all.filter((f) => f.file === path);
    return skipped ? { path, functions, skipped } : { path, functions };
  });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const out: PatchFunctions = { patchId: patch.id, title: patch.title, files };
  const position = positionOf(patch);
  if (position) out.position = position;
  if (patch.quoted) out.quoted = true;
  if (patch.repaired) out.repaired = true;
  return out;
}

/** "v5 3/3", "2/4", "v2": the series position as the subject gave it. */
function positionOf(patch: Patch): string | undefined {
  const p = patch.position;
  const parts = [...p.tags];
  if (p.version > 1) parts.push(`v${p.version}`);
  if (p.index !== undefined) parts.push(`${p.index}/${p.total ?? '?'}`);
  return parts.length ? parts.join(' ') : undefined;
}
