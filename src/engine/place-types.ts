/**
 * What no-tree placement produces and passes between its modules: where each hunk landed (or why
 * not), and the plan of one hunk (or of one part of a hunk that spans several functions).
 */
import type { FileDiff, Hunk } from '../input/types.js';
import type { HunkSide } from './hunk-side.js';
import type { HunkPlan } from './place-hunk.js';
import type { SourceFile } from './ref-functions.js';

export interface HunkPlacement {
  /** Diff path (post-image path, or pre-image path for deletions). */
  file: string;
  /** 0-based hunk index in the file diff. */
  hunk: number;
  /** 'placed': edits applied; 'outside': touches nothing the reference models (no edit needed); 'unplaced': see reason. */
  status: 'placed' | 'outside' | 'unplaced';
  refPath?: string;
  function?: string;
  /** 1-based inclusive lines of the patched reference text where the hunk landed. */
  span?: [number, number];
  score: number;
  reason?: string;
  /** Tolerated differences (removed statements the model cannot see, renamed variables). */
  notes: string[];
}

export interface PlacementResult {
  /** Every reference file, patched where hunks landed, sorted by path. */
  files: SourceFile[];
  hunks: HunkPlacement[];
  /** Sum of the anchor scores of placed hunks. */
  score: number;
  allPlaced: boolean;
}

export interface Planned {
  diffPath: string;
  hunk: Hunk;
  side: HunkSide;
  plan?: HunkPlan;
  /** New functions to append to a reference file (path), instead of a plan. */
  append?: { path: string; lines: string[] };
  placement: HunkPlacement;
}

export function diffPathOf(fd: FileDiff): string {
  return fd.newPath ?? fd.oldPath ?? '';
}

export function pathMatches(refPath: string, diffPath: string): boolean {
  return refPath === diffPath || refPath.endsWith(`/${diffPath}`) || diffPath.endsWith(`/${refPath}`);
}

/** Hunk parts share their hunk's key: their spans merge into one. */
export function hunkKey(p: Planned): string {
  return `${p.diffPath}#${p.hunk.index}`;
}
