/**
 * Text layout for the review panes: tab expansion, truncation and wrapping, which hunk lines to show,
 * and the per-thread timeline grid. Pure string work so components stay small and tests are exact.
 */
import type { HunkRef } from '../engine/types.js';
import type { Trace, TraceStep } from '../explore/types.js';

const TAB = 8;

/** Expand tabs to the next multiple of 8, counting from the start of `text`. */
export function expandTabs(text: string): string {
  let out = '';
  for (const ch of text) out += ch === '\t' ? ' '.repeat(TAB - (out.length % TAB)) : ch;
  return out;
}

export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Break `text` into lines of at most `width`, at a blank when one is in the second half. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > width && width > 0) {
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > width / 2 ? cut : width;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  out.push(rest);
  return out;
}

export interface HunkRow {
  /** Index into hunk.lines, or -1 for an elision marker. */
  index: number;
  marker: string;
  text: string;
  marked: boolean;
}

function rowOf(hunk: HunkRef, index: number): HunkRow {
  const line = hunk.lines[index] ?? '';
  const marker = line[0] === '+' || line[0] === '-' ? line[0] : ' ';
  return { index, marker, text: expandTabs(line.slice(1)), marked: hunk.marked.includes(index) };
}

/**
 * The hunk lines to show: all of them in details mode, else the marked lines with `context` lines
 * around each (all lines when nothing is marked), with an elision row where lines are skipped.
 */
export function hunkRows(hunk: HunkRef, all: boolean, context = 2): HunkRow[] {
  const n = hunk.lines.length;
  const keep = new Set<number>();
  if (all || hunk.marked.length === 0) for (let i = 0; i < n; i++) keep.add(i);
  for (const m of hunk.marked) for (let i = m - context; i <= m + context; i++) if (i >= 0 && i < n) keep.add(i);
  const rows: HunkRow[] = [];
  let last = -1;
  for (const i of [...keep].sort((a, b) => a - b)) {
    if (i > last + 1) rows.push({ index: -1, marker: '', text: `⋮ ${i - last - 1} line(s)`, marked: false });
    rows.push(rowOf(hunk, i));
    last = i;
  }
  if (last >= 0 && last < n - 1) rows.push({ index: -1, marker: '', text: `⋮ ${n - 1 - last} line(s)`, marked: false });
  return rows;
}

/** Threads in order of first appearance in the trace. */
export function threadsOf(steps: readonly TraceStep[]): string[] {
  const seen: string[] = [];
  for (const s of steps) if (!seen.includes(s.thread)) seen.push(s.thread);
  return seen;
}

export function stepLocation(s: TraceStep): string {
  return `${s.loc.file}:${s.loc.line}${s.loc.fn ? ` ${s.loc.fn}()` : ''}`;
}

export interface TimelineGrid {
  threads: string[];
  /** Width of each thread column. */
  widths: number[];
  numWidth: number;
  /** One row per printed line: the step number on its first line, the cell text in its column. */
  rows: { n?: number; column: number; text: string; isLoc: boolean }[];
}

function cellLines(step: TraceStep, width: number, details: boolean): { text: string; isLoc: boolean }[] {
  if (!details) return [{ text: truncate(step.text, width), isLoc: false }];
  // "api(args)  [EVENT]": when it does not fit, the event goes on its own line.
  const gap = step.text.indexOf('  [');
  const parts = step.text.length > width && gap > 0 ? [step.text.slice(0, gap), step.text.slice(gap + 2)] : [step.text];
  const lines = parts.flatMap((p) => wrap(p, width)).map((text) => ({ text, isLoc: false }));
  for (const text of wrap(stepLocation(step), width)) lines.push({ text, isLoc: true });
  if (step.choices?.length) for (const text of wrap(`choice ${step.choices.join(', ')}`, width)) lines.push({ text, isLoc: true });
  return lines;
}

/** Lay the trace out as one column per thread within `width` characters. */
export function timelineGrid(trace: Trace, width: number, details: boolean): TimelineGrid {
  const threads = threadsOf(trace.steps);
  const numWidth = Math.max(2, String(trace.steps.length).length);
  const share = Math.floor((width - numWidth - 1) / Math.max(1, threads.length)) - 3;
  const widths = threads.map((t) => {
    const longest = Math.max(t.length, ...trace.steps.filter((s) => s.thread === t).map((s) => (details ? Math.max(s.text.length, stepLocation(s).length) : s.text.length)));
    return Math.max(8, Math.min(share, longest));
  });
  const rows: TimelineGrid['rows'] = [];
  for (const step of trace.steps) {
    const column = threads.indexOf(step.thread);
    cellLines(step, widths[column]!, details).forEach((l, k) => rows.push({ n: k === 0 ? step.n : undefined, column, ...l }));
  }
  return { threads, widths, numWidth, rows };
}

/** A grid row as text: step number, then each column padded, separated by ' │ '. */
export function gridLine(grid: TimelineGrid, num: string, cells: (col: number) => string): string {
  const parts = grid.widths.map((w, i) => cells(i).padEnd(w));
  return `${num.padStart(grid.numWidth)} │ ${parts.join(' │ ')}`.trimEnd();
}
