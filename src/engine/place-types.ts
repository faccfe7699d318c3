/**
 * What no-tree placement produces and passes between its modules: where each hunk landed (or why
 * not), and the plan of one hunk (or of one part of a hunk that spans several functions).
 */
import type { FileDiff, Hunk } from '../input/types.js';
import type { HunkSide } from './hunk-side.js';
import type { HunkPlan } from './place-hunk.js';
import type { RefFunction, SourceFile } from './ref-functions.js';

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
  /** New functions to add to a reference file (path): after row `afterRow` (0-based), else at its end. */
  append?: { path: string; lines: string[]; afterRow?: number };
  /** A function's header rows replaced (renamed, parameters changed), instead of a plan. */
  header?: { fn: RefFunction; lines: string[]; newName: string };
  /** The body part of a function the same hunk renames: look the result up under this name. */
  renamedTo?: string;
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

/**
 * One placement per hunk from its parts: unplaced when any part is (with its reason), else placed
 * when any part is, else outside; spans, scores and notes merged.
 */
export function mergePlacements(planned: Planned[]): HunkPlacement[] {
  const byKey = new Map<string, HunkPlacement[]>();
  for (const p of planned) byKey.set(hunkKey(p), [...(byKey.get(hunkKey(p)) ?? []), p.placement]);
  return [...byKey.values()].map((parts) => {
    if (parts.length === 1) return parts[0];
    const bad = parts.find((x) => x.status === 'unplaced');
    const placed = parts.filter((x) => x.status === 'placed');
    const spans = placed.flatMap((x) => (x.span ? [x.span] : []));
    return {
      ...parts[0],
      status: bad ? 'unplaced' : placed.length ? 'placed' : 'outside',
      reason: bad?.reason,
      refPath: placed[0]?.refPath,
      function: [...new Set(placed.map((x) => x.function).filter((n) => n))].join(', ') || parts[0].function,
      span: spans.length ? [Math.min(...spans.map((x) => x[0])), Math.max(...spans.map((x) => x[1]))] : undefined,
      score: placed.reduce((n, x) => n + x.score, 0),
      notes: [...new Set(parts.flatMap((x) => x.notes))],
    };
  });
}
