/**
 * Touched functions of one file diff without images: each hunk's pre side (context + removed lines,
 * pre-image numbers) and post side (context + added lines, post-image numbers) are located with the
 * fragment locator, then merged by (name, prototype?) across hunks.
 */
import type { FileDiff, Hunk } from '../input/types.js';
import { ownersOfSide, type LineOwner, type SideLine } from './fragments.js';
import type { TouchedFunction } from './types.js';

export function sideLines(hunk: Hunk, side: 'pre' | 'post'): SideLine[] {
  const out: SideLine[] = [];
  let pre = hunk.oldStart;
  let post = hunk.newStart;
  for (const l of hunk.lines) {
    const line = side === 'pre' ? l.oldLine ?? pre : l.newLine ?? post;
    if (l.kind !== '+') pre++;
    if (l.kind !== '-') post++;
    if (side === 'pre' ? l.kind !== '+' : l.kind !== '-') out.push({ line, kind: l.kind, text: l.text });
  }
  return out;
}

/** Accumulates what the sides of all hunks say about each function. */
export class FunctionAccumulator {
  private readonly byKey = new Map<string, TouchedFunction & { headerKinds: Set<string> }>();

  constructor(
    private readonly file: string,
    private readonly fromFragment: boolean,
  ) {}

  add(owner: LineOwner, side: 'pre' | 'post', line: SideLine, hunk: number): void {
    const key = `${owner.name}\u0000${owner.declarationOnly ? 'd' : 'f'}`;
    let fn = this.byKey.get(key);
    if (!fn) {
      fn = { file: this.file, name: owner.name, kind: 'changed', removedLines: [], addedLines: [], fromFragment: this.fromFragment, hunks: [], headerKinds: new Set() };
      if (owner.declarationOnly) fn.declarationOnly = true;
      this.byKey.set(key, fn);
    }
    const range = side === 'pre' ? 'preRange' : 'postRange';
    const r = fn[range];
    fn[range] = r ? [Math.min(r[0], line.line), Math.max(r[1], line.line)] : [line.line, line.line];
    if (owner.isHeader) fn.headerKinds.add(line.kind);
    if (line.kind === '-') fn.removedLines.push(line.line);
    if (line.kind === '+') fn.addedLines.push(line.line);
    if (line.kind !== ' ' && !fn.hunks.includes(hunk)) fn.hunks.push(hunk);
  }

  /** Functions with at least one changed line. */
  result(): TouchedFunction[] {
    const out: TouchedFunction[] = [];
    for (const { headerKinds, ...fn } of this.byKey.values()) {
      if (fn.removedLines.length + fn.addedLines.length === 0) continue;
      const kinds = [...headerKinds];
      if (kinds.length && kinds.every((k) => k === '+')) {
        fn.kind = 'added';
        delete fn.preRange;
      } else if (kinds.length && kinds.every((k) => k === '-')) {
        fn.kind = 'removed';
        delete fn.postRange;
      }
      fn.removedLines = uniqueSorted(fn.removedLines);
      fn.addedLines = uniqueSorted(fn.addedLines);
      fn.hunks.sort((a, b) => a - b);
      out.push(fn);
    }
    return out;
  }
}

export function uniqueSorted(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** Touched functions of one C file diff from its hunk fragments and @@ contexts. */
export function fragmentFunctions(file: string, diff: FileDiff, repaired: boolean): TouchedFunction[] {
  const acc = new FunctionAccumulator(file, true);
  for (const hunk of diff.hunks) {
    for (const side of ['pre', 'post'] as const) {
      const lines = sideLines(hunk, side);
      const owners = ownersOfSide(lines, hunk.context, repaired);
      owners.forEach((o, i) => o && acc.add(o, side, lines[i], hunk.index));
    }
  }
  return acc.result();
}
