/**
 * `> `-quoting in replies. A line's depth is the number of `>` marks in its prefix (`> > x`,
 * `>> x`, `>x`). The text at depth d is every line quoted at least d deep with d marks removed,
 * in order: unquoted interjections (a reviewer's comments between quoted patch lines) drop out,
 * deeper quotes stay in as text.
 */
import type { SourceLine } from './lines.js';

/** Number of quote marks at the start of a line. */
export function quoteDepth(text: string): number {
  let depth = 0;
  let pos = 0;
  while (text[pos] === '>') {
    depth++;
    pos++;
    if (text[pos] === ' ' && text[pos + 1] === '>') pos++;
  }
  return depth;
}

/** Removes `levels` quote marks and the one space that follows the last of them. */
export function stripQuotes(text: string, levels: number): string {
  if (levels === 0) return text;
  let pos = 0;
  for (let k = 0; k < levels && text[pos] === '>'; k++) {
    pos++;
    if (k + 1 < levels && text[pos] === ' ' && text[pos + 1] === '>') pos++;
  }
  if (text[pos] === ' ') pos++;
  return text.slice(pos);
}

/** Lines quoted at least `depth` deep, unquoted by `depth` levels. */
export function textAtDepth(lines: SourceLine[], depth: number): SourceLine[] {
  const out: SourceLine[] = [];
  for (const l of lines) {
    if (quoteDepth(l.text) >= depth) out.push({ text: stripQuotes(l.text, depth), line: l.line });
  }
  return out;
}

/** The deepest quote depth in the lines (0 = nothing quoted). */
export function maxQuoteDepth(lines: SourceLine[]): number {
  let max = 0;
  for (const l of lines) max = Math.max(max, quoteDepth(l.text));
  return max;
}
