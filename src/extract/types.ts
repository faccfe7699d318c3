/**
 * Touched C functions: what src/extract finds for each hunk with tree-sitter-c.
 */

export interface SourceImage {
  /** Repository-relative path. */
  path: string;
  text: string;
  /** How the image was obtained: 'blob <id>', 'base-commit <sha>', 'HEAD', 'post-image of patch 2', 'fragment'. */
  source: string;
}

export interface TouchedFunction {
  file: string;
  name: string;
  /** changed: exists before and after; added / removed: exists on one side only. */
  kind: 'changed' | 'added' | 'removed';
  /** 1-based inclusive line ranges of the definition in each image (absent on the side where it does not exist). */
  preRange?: [number, number];
  postRange?: [number, number];
  /** Changed lines inside the function: removed lines (pre-image numbers) and added lines (post-image numbers). */
  removedLines: number[];
  addedLines: number[];
  /** A declaration in a header (prototype) rather than a definition. */
  declarationOnly?: boolean;
  /** Set when the function was located by a fallback instead of a clean function_definition node. */
  fallback?: string;
  /** Found from hunk fragments and @@ context only (no tree). */
  fromFragment: boolean;
  /** Which hunks (file-diff hunk indexes) touch it. */
  hunks: number[];
}

export interface PatchFunctions {
  patchId: string;
  title: string;
  /** Series position label as in the subject, e.g. "v5 3/3" (absent for a lone unversioned patch). */
  position?: string;
  /** The patch was extracted from a `> `-quoted reply. */
  quoted?: boolean;
  /** Whitespace damage was repaired using hunk-header line counts. */
  repaired?: boolean;
  files: { path: string; functions: TouchedFunction[]; skipped?: string }[];
}
