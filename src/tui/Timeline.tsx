/**
 * The interleaving as a per-thread timeline: one column per thread, one row per step (its source
 * location and choices under it in details mode). A trace longer than `maxRows` shows its end — where
 * it fails — and scrolls up `back` lines.
 */
import { Box, Text } from 'ink';
import type { Trace } from '../explore/types.js';
import { tailWindow } from './budget.js';
import { gridLine, timelineGrid } from './layout.js';

interface Props {
  trace: Trace;
  width: number;
  details: boolean;
  maxRows?: number;
  back?: number;
}

export function Timeline({ trace, width, details, maxRows = Infinity, back = 0 }: Props) {
  const grid = timelineGrid(trace, width, details);
  const header = gridLine(grid, '#', (i) => grid.threads[i]!);
  const rule = `${'─'.repeat(grid.numWidth)}─┼─${grid.widths.map((w) => '─'.repeat(w)).join('─┼─')}`;
  const { start, end } = tailWindow(grid.rows.length, maxRows, back);
  return (
    <Box flexDirection="column">
      <Text bold>{header}</Text>
      <Text dimColor>{rule}</Text>
      {start > 0 && <Text dimColor>{`${' '.repeat(grid.numWidth)} ⋮ ${start} earlier line(s) — u / PgUp: scroll up`}</Text>}
      {grid.rows.slice(start, end).map((r, i) => (
        <Text key={start + i} dimColor={r.isLoc}>
          {gridLine(grid, r.n === undefined ? '' : String(r.n), (col) => (col === r.column ? r.text : ''))}
        </Text>
      ))}
      {end < grid.rows.length && <Text dimColor>{`${' '.repeat(grid.numWidth)} ⋮ ${grid.rows.length - end} later line(s) — d / PgDn: scroll down`}</Text>}
    </Box>
  );
}
