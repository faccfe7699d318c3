/**
 * The interleaving as a per-thread timeline: one column per thread, one row per step (its source
 * location and choices under it in details mode).
 */
import { Box, Text } from 'ink';
import type { Trace } from '../explore/types.js';
import { gridLine, timelineGrid } from './layout.js';

export function Timeline({ trace, width, details }: { trace: Trace; width: number; details: boolean }) {
  const grid = timelineGrid(trace, width, details);
  const header = gridLine(grid, '#', (i) => grid.threads[i]!);
  const rule = `${'─'.repeat(grid.numWidth)}─┼─${grid.widths.map((w) => '─'.repeat(w)).join('─┼─')}`;
  return (
    <Box flexDirection="column">
      <Text bold>{header}</Text>
      <Text dimColor>{rule}</Text>
      {grid.rows.map((r, i) => (
        <Text key={i} dimColor={r.isLoc}>
          {gridLine(grid, r.n === undefined ? '' : String(r.n), (col) => (col === r.column ? r.text : ''))}
        </Text>
      ))}
    </Box>
  );
}
