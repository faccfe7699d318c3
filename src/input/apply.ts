/**
 * Applying one file's hunks to a pre-image with the `diff` package, hunk by hunk so that a hunk
 * that does not apply is named (with what it expected and what the file has there) instead of
 * failing the whole file. Each hunk is tried exactly, then with growing fuzz.
 */
import { applyPatch, type StructuredPatch } from 'diff';
import type { FileDiff, Hunk } from './types.js';

export interface ApplyOptions {
  /** Compare lines ignoring whitespace (like `git apply --ignore-whitespace`). */
  whitespaceInsensitive: boolean;
  /** Largest fuzz factor to try (0 = exact only). */
  maxFuzz: number;
}

export interface HunkRejection {
  hunk: number;
  expected: string[];
  found: string[];
  message: string;
}

export interface FileApplied {
  text: string;
  /** Largest fuzz any hunk needed (0 when all applied exactly). */
  fuzz: number;
  rejected: HunkRejection[];
}

const squeeze = (s: string): string => s.replace(/\s+/g, '');

function toStructured(h: Hunk, shift: number): StructuredPatch {
  const lines = h.lines.map((l) => `${l.kind}${l.text}`);
  return {
    oldFileName: 'a',
    newFileName: 'b',
    oldHeader: undefined,
    newHeader: undefined,
    // jsdiff numbers an empty side from the line after it, git from the line before.
    hunks: [{
      oldStart: h.oldStart + shift + (h.oldLines === 0 ? 1 : 0),
      oldLines: h.oldLines,
      newStart: h.newStart + shift + (h.newLines === 0 ? 1 : 0),
      newLines: h.newLines,
      lines,
    }],
  };
}

function tryHunk(text: string, h: Hunk, shift: number, opts: ApplyOptions): { text: string; fuzz: number } | undefined {
  const patch = toStructured(h, shift);
  const compareLine = opts.whitespaceInsensitive
    ? (_n: number, line: string, _op: string, content: string) => line !== undefined && squeeze(line) === squeeze(content)
    : undefined;
  for (let fuzz = 0; fuzz <= opts.maxFuzz; fuzz++) {
    const out = applyPatch(text, patch, { fuzzFactor: fuzz, ...(compareLine ? { compareLine } : {}) });
    if (out !== false) return { text: out, fuzz };
  }
  return undefined;
}

/** Applies every hunk of `file` in order to `pre`; hunks that do not fit are reported and skipped. */
export function applyFileHunks(pre: string, file: FileDiff, opts: ApplyOptions): FileApplied {
  let text = pre;
  let shift = 0;
  let fuzz = 0;
  const rejected: HunkRejection[] = [];
  for (const h of file.hunks) {
    const done = tryHunk(text, h, shift, opts);
    if (!done) {
      rejected.push(rejection(text, h, shift, opts));
      continue;
    }
    text = done.text;
    fuzz = Math.max(fuzz, done.fuzz);
    shift += h.newLines - h.oldLines;
  }
  return { text, fuzz, rejected };
}

function rejection(text: string, h: Hunk, shift: number, opts: ApplyOptions): HunkRejection {
  const expected = h.lines.filter((l) => l.kind !== '+').map((l) => l.text);
  const lines = text.split('\n');
  const from = Math.max(0, h.oldStart + shift - 1);
  const found = lines.slice(from, from + Math.max(h.oldLines, 1));
  const mismatch = expected.findIndex((e, k) => found[k] === undefined || squeeze(found[k]) !== squeeze(e));
  const at = mismatch >= 0 ? ` (first difference at line ${from + mismatch + 1})` : '';
  return {
    hunk: h.index,
    expected,
    found,
    message:
      `hunk #${h.index + 1} @@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@ does not apply` +
      ` at line ${from + 1}${at}, not even with fuzz ${opts.maxFuzz}${opts.whitespaceInsensitive ? ' ignoring whitespace' : ''}`,
  };
}
