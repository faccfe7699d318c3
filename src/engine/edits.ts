/**
 * Applying statement-level edits (delete a reference statement, insert lines after a row) to a C
 * file, and reporting where each hunk landed in the result.
 */
import type { Stmt } from './statements.js';
import type { Token } from './tokens.js';

export interface StmtDelete {
  stmt: Stmt;
  /** All tokens of the function the statement belongs to (to tell whether a row holds only this statement). */
  fnTokens: Token[];
  hunk: string;
}

export interface LineInsert {
  /** 0-based row after which the lines go. */
  afterRow: number;
  lines: string[];
  hunk: string;
  /** Tie-break between inserts after the same row (hunk order, then run order). */
  order: number;
}

/** Whole rows removed (a function header being replaced). */
export interface RowDelete {
  from: number;
  to: number;
  hunk: string;
}

export interface EditResult {
  text: string;
  /** 1-based inclusive line span in the result per hunk key. */
  spans: Map<string, [number, number]>;
}

interface RowEdits {
  whole: Set<number>;
  partial: Map<number, [number, number][]>;
  /** Rows deleted per hunk, to locate pure deletions in the output. */
  byHunk: Map<string, number[]>;
}

function planDeletes(deletes: StmtDelete[]): RowEdits {
  const edits: RowEdits = { whole: new Set(), partial: new Map(), byHunk: new Map() };
  for (const d of deletes) {
    const mine = new Set(d.stmt.tokens);
    const rows = [...new Set(d.stmt.tokens.map((t) => t.line))];
    for (const row of rows) {
      const others = d.fnTokens.some((t) => t.line === row && !mine.has(t));
      if (!others) edits.whole.add(row);
      else {
        const onRow = d.stmt.tokens.filter((t) => t.line === row);
        const list = edits.partial.get(row) ?? [];
        list.push([onRow[0].col, onRow[onRow.length - 1].endCol]);
        edits.partial.set(row, list);
      }
      edits.byHunk.set(d.hunk, [...(edits.byHunk.get(d.hunk) ?? []), row]);
    }
  }
  return edits;
}

function cutRanges(text: string, ranges: [number, number][]): string {
  let out = text;
  for (const [a, b] of [...ranges].sort((x, y) => y[0] - x[0])) out = out.slice(0, a) + out.slice(b);
  return out;
}

function widen(spans: Map<string, [number, number]>, hunk: string, line: number): void {
  const s = spans.get(hunk);
  spans.set(hunk, s ? [Math.min(s[0], line), Math.max(s[1], line)] : [line, line]);
}

export function applyEdits(text: string, deletes: StmtDelete[], inserts: LineInsert[], rowDeletes: RowDelete[] = []): EditResult {
  const lines = text.split('\n');
  const rows = planDeletes(deletes);
  for (const r of rowDeletes)
    for (let row = r.from; row <= r.to; row++) {
      rows.whole.add(row);
      rows.byHunk.set(r.hunk, [...(rows.byHunk.get(r.hunk) ?? []), row]);
    }
  const after = new Map<number, LineInsert[]>();
  for (const ins of [...inserts].sort((a, b) => a.order - b.order)) after.set(ins.afterRow, [...(after.get(ins.afterRow) ?? []), ins]);
  const out: string[] = [];
  const outRowOf = new Map<number, number>(); // original row → 1-based output line of the first line at/after it
  const spans = new Map<string, [number, number]>();
  lines.forEach((line, row) => {
    outRowOf.set(row, out.length + 1);
    if (!rows.whole.has(row)) {
      const cut = rows.partial.has(row) ? cutRanges(line, rows.partial.get(row)!) : line;
      if (!(rows.partial.has(row) && cut.trim() === '' && line.trim() !== '')) out.push(cut);
    }
    for (const ins of after.get(row) ?? []) {
      for (const l of ins.lines) {
        out.push(l);
        widen(spans, ins.hunk, out.length);
      }
    }
  });
  for (const [hunk, deleted] of rows.byHunk) {
    if (spans.has(hunk)) continue;
    const at = outRowOf.get(Math.max(...deleted) + 1) ?? out.length;
    widen(spans, hunk, Math.min(at, out.length));
  }
  return { text: out.join('\n'), spans };
}
