/**
 * The interleaving as a timeline: one row per step, one column per thread, the step's operation in
 * its thread's column and its source location under it. Long cells wrap inside their column instead
 * of being cut, so nothing of the trace is lost.
 */
import type { Trace, TraceStep } from '../explore/types.js';
import type { Palette } from './color.js';
import { threadsOf } from './order.js';

const MAX_COLUMN = 52;
const MIN_COLUMN = 12;

function wrapCell(text: string, width: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > width / 2 ? cut : width;
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

function columnWidth(thread: string, steps: readonly TraceStep[]): number {
  let w = thread.length;
  for (const s of steps) {
    if (s.thread !== thread) continue;
    w = Math.max(w, s.text.length, stepLoc(s).length);
  }
  return Math.max(MIN_COLUMN, Math.min(MAX_COLUMN, w));
}

/** Render the timeline, each line prefixed with `indent`. */
export function renderTimeline(trace: Trace, p: Palette, indent: string): string[] {
  const threads = threadsOf(trace.steps);
  const widths = threads.map((t) => columnWidth(t, trace.steps));
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
