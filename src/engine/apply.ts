/**
 * Applying hunks to exact pre-images (tree mode): by line number, with the hunk's pre-side lines
 * searched near the expected place (whitespace-insensitive, as `patch -l`). Used to rebuild a
 * post-image without one hunk when looking for the culprit hunk.
 */
import type { FileDiff, Hunk, Patch } from '../input/types.js';
import type { SourceFile } from './place.js';

const WINDOW = 200;

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

function findPre(lines: string[], pre: string[], expected: number): number {
  const fits = (at: number) => at >= 0 && at + pre.length <= lines.length && pre.every((p, k) => norm(lines[at + k]) === norm(p));
  for (let d = 0; d <= WINDOW; d++) {
    if (fits(expected - d)) return expected - d;
    if (d && fits(expected + d)) return expected + d;
  }
  return -1;
}

function applyHunks(text: string, hunks: Hunk[]): string | undefined {
  const lines = text.split('\n');
  let offset = 0;
  for (const h of [...hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    const pre = h.lines.filter((l) => l.kind !== '+').map((l) => l.text);
    const post = h.lines.filter((l) => l.kind !== '-').map((l) => l.text);
    const at = findPre(lines, pre, Math.max(0, h.oldStart - 1 + offset));
    if (at < 0) return undefined;
    lines.splice(at, pre.length, ...post);
    offset += post.length - pre.length;
  }
  return lines.join('\n');
}

/** Post-images of the patch's files from their pre-images, keeping only the hunks `keep` accepts. */
export function applyToImages(
  pre: SourceFile[],
  patch: Patch,
  keep: (fd: FileDiff, h: Hunk) => boolean,
): SourceFile[] | undefined {
  const out: SourceFile[] = [];
  for (const fd of patch.files) {
    const path = fd.oldPath ?? fd.newPath;
    const image = pre.find((f) => f.path === path);
    const text = image?.text ?? '';
    if (!image && fd.oldPath) continue;
    const applied = applyHunks(text, fd.hunks.filter((h) => keep(fd, h)));
    if (applied === undefined) return undefined;
    if (fd.newPath) out.push({ path: fd.newPath, text: applied });
  }
  return out;
}
