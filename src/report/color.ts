/**
 * ANSI styling, applied only when the CLI says so (a TTY and no NO_COLOR). With colour off every
 * function returns its input unchanged, so plain output stays byte-stable.
 */
import type { ShownLevel } from './order.js';

export interface Palette {
  level(level: ShownLevel, s: string): string;
  bold(s: string): string;
  dim(s: string): string;
  loc(s: string): string;
  good(s: string): string;
  mark(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

const bold = wrap(1, 22);
const dim = wrap(2, 22);
const red = wrap(31, 39);
const yellow = wrap(33, 39);
const green = wrap(32, 39);
const cyan = wrap(36, 39);
const magenta = wrap(35, 39);

const LEVEL_STYLE: Record<ShownLevel, (s: string) => string> = {
  error: (s) => bold(red(s)),
  warning: (s) => bold(yellow(s)),
  note: (s) => bold(cyan(s)),
};

const identity = (s: string) => s;

export function palette(color: boolean): Palette {
  if (!color) {
    return { level: (_l, s) => s, bold: identity, dim: identity, loc: identity, good: identity, mark: identity };
  }
  return { level: (l, s) => LEVEL_STYLE[l](s), bold, dim, loc: cyan, good: green, mark: magenta };
}

/** Visible width of a string (ANSI sequences excluded). */
export function visibleWidth(s: string): number {
  return s.replace(/\u001b\[[0-9;]*m/g, '').length;
}
