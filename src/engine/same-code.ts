/**
 * Whether two programs differ in anything the model runs. Comments and layout do not count: a tree's
 * post-image keeps a reworded comment that placement on the reference drops, and the two modes must
 * agree that such a patch changes nothing (issue 4: --tree verdicts equal the no-tree verdicts).
 */
import type { SourceFile } from './place.js';
import type { ProgramSource } from './sides.js';
import { tokenize } from './tokens.js';

/** The file's tokens without comments or layout (string literals kept verbatim). */
function codeOf(file: SourceFile): string {
  const lines = file.text.split('\n');
  return tokenize(lines, false)
    .map((t) => (t.kind === 'str' ? lines[t.line].slice(t.col, t.endCol) : t.t))
    .join(' ');
}

function sameFiles(a: SourceFile[], b: SourceFile[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((f, k) => f.path === b[k].path && (f.text === b[k].text || codeOf(f) === codeOf(b[k])));
}

export function sameCode(a: ProgramSource, b: ProgramSource): boolean {
  return sameFiles(a.overlay, b.overlay) && sameFiles(a.base, b.base);
}
