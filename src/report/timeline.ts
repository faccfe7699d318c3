/**
 * The interleaving as a timeline: one row per step, one column per thread, the step's operation in
 * its thread's column and its source location under it. Long cells wrap inside their column instead
 * of being cut, so nothing of the trace is lost.
 */
import type { Trace, TraceStep } from '../explore/types.js';
import type { Palette } from './color.js';
import { threadsOf } from './order.js';

/** The whole timeline aims to fit this many columns; each thread gets an equal share. */
const LINE_BUDGET = 100;
const MIN_COLUMN = 12;
const MIN_CAP = 28;

/**
 * Where to break a line that is too wide: at the last space, else after the last `_`, `/`, `,` or
 * `(` (inside a long identifier or path), else at the width. A kernel name split mid-word
 * (`mmu_notifier_invalidate_rang` / `e_start`) is hard to read and to search for.
 */
function breakAt(text: string, width: number): number {
  const space = text.lastIndexOf(' ', width);
  if (space > 0) return space;
  const soft = Math.max(...['_', '/', ',', '('].map((c) => text.lastIndexOf(c, width - 1)));
  return soft > 0 ? soft + 1 : width;
}

function wrapCell(text: string, width: number): string[] {
  // An operation reads "api(args)  [EVENT]": when it does not fit, the event goes on its own line.
  const gap = text.indexOf('  [');
  if (text.length > width && gap > 0) return [...wrapCell(text.slice(0, gap), width), ...wrapCell(text.slice(gap + 2), width)];
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const at = breakAt(rest, width);
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  out.push(rest);
  return out;
}

function stepLoc(step: TraceStep): string {
  const fn = step.loc.fn ? ` ${step.loc.fn}()` : '';
  return `${step.loc.file}:${step.loc.line}${fn}`;
}

function cellLines(step: TraceStep, width: number): { text: string; isLoc: boolean }[] {
  const lines = wrapCell(step.text, width).map((text) => ({ text, isLoc: false }));
  for (const l of wrapCell(stepLoc(step), width)) lines.push({ text: l, isLoc: true });
  if (step.choices?.length) {
    for (const l of wrapCell(`choice ${step.choices.join(', ')}`, width)) lines.push({ text: l, isLoc: true });
  }
  return lines;
}

function columnWidth(thread: string, steps: readonly TraceStep[], cap: number): number {
  let w = thread.length;
  for (const s of steps) {
    if (s.thread !== thread) continue;
    w = Math.max(w, s.text.length, stepLoc(s).length);
  }
  return Math.max(MIN_COLUMN, Math.min(cap, w));
}

/** Render the timeline, each line prefixed with `indent`. */
export function renderTimeline(trace: Trace, p: Palette, indent: string): string[] {
  const threads = threadsOf(trace.steps);
  const cap = Math.max(MIN_CAP, Math.floor((LINE_BUDGET - 8) / Math.max(1, threads.length)) - 3);
  const widths = threads.map((t) => columnWidth(t, trace.steps, cap));
  const numWidth = Math.max(4, String(trace.steps.length).length);
  // Padding goes outside the colour codes so trailing blanks can be trimmed the same way with or without colour.
  const pad = (s: string, w: number, style: (x: string) => string = (x) => x) =>
    style(s) + ' '.repeat(Math.max(0, w - s.length));
  const row = (num: string, cells: string[]) =>
    `${indent}${num.padStart(numWidth)} | ${cells.join(' | ')}`.trimEnd();
  const out = [row('step', threads.map((t, i) => pad(t, widths[i], p.bold)))];
  out.push(`${indent}${'-'.repeat(numWidth)}-+-${widths.map((w) => '-'.repeat(w)).join('-+-')}`);
  for (const step of trace.steps) {
    const col = threads.indexOf(step.thread);
    const lines = cellLines(step, widths[col]);
    lines.forEach((line, k) => {
      const cells = widths.map((w, i) => {
        if (i !== col) return ' '.repeat(w);
        return line.isLoc ? pad(line.text, w, p.loc) : pad(line.text, w);
      });
      out.push(row(k === 0 ? String(step.n) : '', cells));
    });
  }
  return out;
}
