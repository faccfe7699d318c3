/**
 * A minimal unified-diff reader for engine tests, so placement and engine tests do not depend on the
 * intake module's progress. Lines without a marker count as context (whitespace-damaged mail).
 */
import type { FileDiff, Hunk, Patch, PatchLine } from '../../src/input/types.js';

function newHunk(header: string, index: number): Hunk {
  const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/.exec(header);
  if (!m) throw new Error(`bad hunk header ${header}`);
  return {
    index,
    oldStart: +m[1],
    oldLines: m[2] === undefined ? 1 : +m[2],
    newStart: +m[3],
    newLines: m[4] === undefined ? 1 : +m[4],
    context: m[5],
    lines: [],
  };
}

function pushLine(h: Hunk, raw: string, counters: { old: number; new: number }): void {
  const marker = raw[0];
  const kind: PatchLine['kind'] = marker === '+' ? '+' : marker === '-' ? '-' : ' ';
  const text = marker === '+' || marker === '-' || marker === ' ' ? raw.slice(1) : raw;
  const line: PatchLine = { kind, text };
  if (kind !== '+') line.oldLine = counters.old++;
  if (kind !== '-') line.newLine = counters.new++;
  h.lines.push(line);
}

export function parseDiff(text: string, id = 'test', title = 'test patch'): Patch {
  const files: FileDiff[] = [];
  let fd: FileDiff | undefined;
  let hunk: Hunk | undefined;
  const counters = { old: 0, new: 0 };
  for (const raw of text.replace(/\n$/, '').split('\n')) {
    if (raw.startsWith('diff --git ')) {
      const m = / b\/(.*)$/.exec(raw);
      fd = { oldPath: m![1], newPath: m![1], status: 'modified', hunks: [] };
      files.push(fd);
      hunk = undefined;
    } else if (fd && !hunk && (raw.startsWith('--- ') || raw.startsWith('+++ ') || raw.startsWith('index '))) continue;
    else if (fd && raw.startsWith('@@')) {
      hunk = newHunk(raw, fd.hunks.length);
      fd.hunks.push(hunk);
      counters.old = hunk.oldStart;
      counters.new = hunk.newStart;
    } else if (hunk) pushLine(hunk, raw, counters);
  }
  return {
    id,
    title,
    subject: `[PATCH] ${title}`,
    position: { version: 1, tags: [] },
    message: '',
    files,
    quoted: false,
    repaired: false,
    origin: { input: 'test', line: 1 },
  };
}
