/**
 * Fitting the screen: how many hunk lines and trace lines the detail pane may use so the whole frame
 * stays within the terminal's rows (a frame taller than the terminal scrolls the list out of view and
 * makes Ink redraw the whole screen). Mirrors the line counts of the components; pure.
 */
import type { Finding } from '../engine/types.js';
import { hunkRows, timelineGrid, wrap } from './layout.js';
import { listWindow } from './state.js';

export interface PaneBudget {
  /** Lines for the hunk body (under its @@ header). */
  hunk: number;
  /** Lines for the timeline body (under its header and rule), elision markers included. */
  trace: number;
  /** Short screen: no section titles, margins, patch and scenario lines. */
  dense: boolean;
}

/** Below this many rows for hunk and trace bodies the pane drops its titles and margins. */
const DENSE_BELOW = 12;
const MIN_HUNK = 3;
const MIN_TRACE = 4;

export interface ScreenSize {
  rows: number;
  width: number;
}

/** Lines of the frame around the detail pane: header, list, separator, footer. */
export function frameLines(count: number, selected: number, listRows: number, interactive: boolean): number {
  const [start, end] = listWindow(selected, count, listRows);
  const list = end - start + (start > 0 ? 1 : 0) + (end < count ? 1 : 0);
  return 2 + list + 1 + (interactive ? 1 : 0);
}

/** Lines of the detail pane that do not depend on the budget (see FindingDetail). */
function fixedDetailLines(f: Finding, width: number, details: boolean, dense: boolean): number {
  const section = dense ? 0 : 2; // margin + title
  let n = 1 + wrap(f.message, width).length + (dense ? 0 : 2) + (f.seriesNote ? 1 : 0);
  if (f.hunk) n += section + 1;
  if (f.trace?.steps.length) n += section + 2;
  if (f.cycle?.length) n += (dense ? 1 : 2) + f.cycle.length;
  if (details && f.trace) n += (f.trace.state.length ? 2 + f.trace.state.length : 0) + (f.trace.replay ? 1 : 0);
  return n;
}

/** Split the rows left for the detail pane between hunk and trace; each gets what it needs when it fits. */
export function paneBudget(f: Finding, screen: ScreenSize, aroundLines: number, details: boolean): PaneBudget {
  const wantHunk = f.hunk ? hunkRows(f.hunk, details).length : 0;
  const wantTrace = f.trace ? timelineGrid(f.trace, screen.width, details).rows.length : 0;
  // One spare row: the terminal scrolls when the last line is written with a newline.
  const availWith = (dense: boolean) => screen.rows - 1 - aroundLines - fixedDetailLines(f, screen.width, details, dense);
  let dense = false;
  let avail = availWith(false);
  if (wantHunk + wantTrace <= avail) return { hunk: wantHunk, trace: wantTrace, dense };
  if (avail < DENSE_BELOW) [dense, avail] = [true, availWith(true)];
  if (wantHunk + wantTrace <= avail) return { hunk: wantHunk, trace: wantTrace, dense };
  const hunk = Math.min(wantHunk, Math.max(MIN_HUNK, Math.floor(avail * 0.4)));
  return { hunk, trace: Math.min(wantTrace, Math.max(MIN_TRACE, avail - hunk)), dense };
}

/** The window of `total` lines shown in `maxRows` rows, `back` lines up from the end (the failing step). */
export function tailWindow(total: number, maxRows: number, back: number): { start: number; end: number; maxBack: number } {
  if (total <= maxRows) return { start: 0, end: total, maxBack: 0 };
  const body = Math.max(1, maxRows - 2); // the two elision markers take a row each
  const maxBack = total - body;
  const end = total - Math.min(Math.max(0, back), maxBack);
  return { start: end - body, end, maxBack };
}
