/**
 * A minimal reader of clean unified diffs (git format-patch output, hand-written fragments) into the
 * Patch contract, so the extract tests do not depend on intake. It does no whitespace repair and no
 * mail decoding: intake (src/input) does that for real inputs.
 */
import type { FileDiff, Hunk, Patch, PatchLine } from '../../src/input/types.js';

const HUNK_RE = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

function stripPrefix(p: string): string | null {
  return p === '/dev/null' ? null : p.replace(/^[ab]\//, '');
}

function readHunk(lines: string[], i: number, index: number): { hunk: Hunk; next: number } {
  const m = HUNK_RE.exec(lines[i])!;
  const hunk: Hunk = { index, oldStart: +m[1], oldLines: m[2] === undefined ? 1 : +m[2], newStart: +m[3], newLines: m[4] === undefined ? 1 : +m[4], context: m[5], lines: [] };
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  let j = i + 1;
  for (let left = hunk.oldLines, right = hunk.newLines; (left > 0 || right > 0) && j < lines.length; j++) {
    const raw = lines[j];
    if (raw.startsWith('\\')) continue;
    const kind = (raw[0] === '+' || raw[0] === '-' ? raw[0] : ' ') as PatchLine['kind'];
    const line: PatchLine = { kind, text: raw.slice(1), inputLine: j + 1 };
    if (kind !== '+') (line.oldLine = oldLine++), left--;
    if (kind !== '-') (line.newLine = newLine++), right--;
    hunk.lines.push(line);
  }
  return { hunk, next: j };
}

/** Parse the diff part of a text (mail or bare diff) into one Patch. */
export function simplePatch(text: string, title = 'test patch'): Patch {
  const lines = text.split('\n');
  const files: FileDiff[] = [];
  let cur: FileDiff | undefined;
  const subject = /^Subject: (.*)$/m.exec(text)?.[1] ?? title;
  for (let i = 0; i < lines.length; ) {
    const l = lines[i];
    if (l.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      const oldPath = stripPrefix(l.slice(4).trim());
      const newPath = stripPrefix(lines[i + 1].slice(4).trim());
      cur = { oldPath, newPath, status: oldPath === null ? 'added' : newPath === null ? 'deleted' : 'modified', hunks: [] };
      files.push(cur);
      i += 2;
    } else if (cur && HUNK_RE.test(l)) {
      const { hunk, next } = readHunk(lines, i, cur.hunks.length);
      cur.hunks.push(hunk);
      i = next;
    } else i++;
  }
  return {
    id: `test-${files.length}-${text.length}`,
    title: subject.replace(/^\[[^\]]*\]\s*/, ''),
    subject,
    position: { version: 1, tags: [] },
    message: '',
    files,
    quoted: false,
    repaired: false,
    origin: { input: 'test', line: 1 },
  };
}
