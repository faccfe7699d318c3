/**
 * Hunks that add whole new functions (a helper the patch introduces). Without a tree they have no
 * anchors in the reference; they are appended to the reference file of the same path, so calls to
 * the helper from placed hunks lower as calls rather than opaque steps.
 */
import type { Hunk } from '../input/types.js';
import { normalizeKernelC } from '../extract/lower/source.js';
import { parseC } from '../extract/parse.js';
import { functionName } from './ref-functions.js';

export interface AddedFunctions {
  names: string[];
  lines: string[];
}

/** The hunk only adds one block of lines holding function definitions (and maybe prototypes, comments). */
export function addedFunctions(hunk: Hunk): AddedFunctions | undefined {
  const kinds = hunk.lines.map((l) => l.kind).join('');
  if (kinds.includes('-') || !/^ *\++ *$/.test(kinds)) return undefined;
  const lines = hunk.lines.filter((l) => l.kind === '+').map((l) => l.text);
  const root = parseC(normalizeKernelC(lines.join('\n'))).rootNode;
  if (root.hasError) return undefined;
  const defs = root.namedChildren.filter((n) => n.type === 'function_definition');
  const allowed = new Set(['function_definition', 'declaration', 'comment']);
  if (!defs.length || root.namedChildren.some((n) => !allowed.has(n.type))) return undefined;
  const names = defs.flatMap((d) => {
    const n = functionName(d);
    return n ? [n] : [];
  });
  return names.length ? { names, lines } : undefined;
}
