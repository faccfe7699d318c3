/**
 * The finding's hunk: header, then its lines with the ones the finding points at marked '>'. Within
 * `maxRows` it falls back to the marked lines with context, then cuts around the first marked line.
 */
import { Box, Text } from 'ink';
import type { HunkRef } from '../engine/types.js';
import { type HunkRow, hunkRows, truncate } from './layout.js';

const MARKER_COLOR: Record<string, string | undefined> = { '+': 'green', '-': 'red' };

function fitRows(hunk: HunkRef, all: boolean, maxRows: number): HunkRow[] {
  let rows = hunkRows(hunk, all);
  if (rows.length > maxRows && all) rows = hunkRows(hunk, false);
  if (rows.length <= maxRows) return rows;
  // Keep the first marked line in view, with an elision row above and below what is cut.
  const body = Math.max(1, maxRows - 2);
  const first = Math.max(0, rows.findIndex((r) => r.marked));
  const start = Math.max(0, Math.min(rows.length - body, first - Math.floor(body / 2)));
  const gap = (part: HunkRow[]): HunkRow[] => {
    const n = part.filter((r) => r.index >= 0).length;
    return n ? [{ index: -1, marker: '', text: `⋮ ${n} line(s)`, marked: false }] : [];
  };
  return [...gap(rows.slice(0, start)), ...rows.slice(start, start + body), ...gap(rows.slice(start + body))];
}

export function HunkView({ hunk, all, width, maxRows = Infinity }: { hunk: HunkRef; all: boolean; width: number; maxRows?: number }) {
  const rows = fitRows(hunk, all, maxRows);
  return (
    <Box flexDirection="column">
      <Text bold>
        {truncate(`${hunk.file} (hunk ${hunk.hunk + 1})  ${hunk.header}`, width)}
      </Text>
      {rows.map((r, i) =>
        r.index < 0 ? (
          <Text key={`gap${i}`} dimColor>
            {`    ${r.text}`}
          </Text>
        ) : (
          <Text key={r.index} color={MARKER_COLOR[r.marker]} bold={r.marked} dimColor={!r.marked && r.marker === ' '}>
            {truncate(`${r.marked ? '>' : ' '} ${r.marker} ${r.text}`, width)}
          </Text>
        ),
      )}
    </Box>
  );
}
