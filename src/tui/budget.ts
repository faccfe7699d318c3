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
  /** Short screen: no blank under the header, no section titles or margins, no patch/scenario lines. */
  dense: boolean;
}

export interface ScreenLayout {
  /** List rows to show (at most the requested number; fewer on a short screen). */
  listRows: number;
  budget: PaneBudget;
}

/** Below this many rows for hunk and trace bodies the pane goes dense. */
const DENSE_BELOW = 12;
const MIN_HUNK = 3;
const MIN_TRACE = 4;
const MIN_LIST = 2;

export interface ScreenSize {
  rows: number;
  width: number;
}

export interface ListPosition {
  count: number;
  selected: number;
  interactive: boolean;
}

/** Lines of the frame around the detail pane: header (+ blank), list, separator, footer. */
export function frameLines(at: ListPosition, listRows: number, dense: boolean): number {
  const [start, end] = listWindow(at.selected, at.count, listRows);
  const list = end - start + (start > 0 ? 1 : 0) + (end < at.count ? 1 : 0);
  return (dense ? 1 : 2) + list + 1 + (at.interactive ? 1 : 0);
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

function split(want: { hunk: number; trace: number }, avail: number, dense: boolean): PaneBudget {
  if (want.hunk + want.trace <= avail) return { ...want, dense };
  const hunk = Math.min(want.hunk, Math.max(MIN_HUNK, Math.floor(avail * 0.4)));
  return { hunk, trace: Math.min(want.trace, Math.max(MIN_TRACE, avail - hunk)), dense };
}

/**
 * Fit the frame to the screen: first as is; on a short screen dense, shrinking the list down to
 * MIN_LIST rows until hunk and trace get their minimum. Past that the frame is taller than the screen.
 */
export function screenLayout(f: Finding, at: ListPosition, maxList: number, screen: ScreenSize, details: boolean): ScreenLayout {
  const want = {
    hunk: f.hunk ? hunkRows(f.hunk, details).length : 0,
    trace: f.trace ? timelineGrid(f.trace, screen.width, details).rows.length : 0,
  };
  const need = Math.min(want.hunk, MIN_HUNK) + Math.min(want.trace, MIN_TRACE);
  // One spare row: the terminal scrolls when the last line is written with a newline.
  const avail = (list: number, dense: boolean) =>
    screen.rows - 1 - frameLines(at, list, dense) - fixedDetailLines(f, screen.width, details, dense);
  const roomy = avail(maxList, false);
  if (roomy >= want.hunk + want.trace || roomy >= DENSE_BELOW) return { listRows: maxList, budget: split(want, roomy, false) };
  let list = maxList;
  while (list > MIN_LIST && avail(list, true) < need) list--;
  return { listRows: list, budget: split(want, avail(list, true), true) };
}

/** The window of `total` lines shown in `maxRows` rows, `back` lines up from the end (the failing step). */
export function tailWindow(total: number, maxRows: number, back: number): { start: number; end: number; maxBack: number } {
  if (total <= maxRows) return { start: 0, end: total, maxBack: 0 };
  const body = Math.max(1, maxRows - 2); // the two elision markers take a row each
  const maxBack = total - body;
  const end = total - Math.min(Math.max(0, back), maxBack);
  return { start: end - body, end, maxBack };
}
