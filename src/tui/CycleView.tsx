/** The wait-for cycle of a deadlock or livelock: who waits for what, held by whom, and where. */
import { Box, Text } from 'ink';
import type { WaitEdge } from '../explore/types.js';
import { truncate } from './layout.js';

export function cycleKind(cycle: readonly WaitEdge[]): 'deadlock' | 'livelock' {
  // A waiter spinning in a retry loop that changes nothing shared makes it a livelock.
  return cycle.some((e) => e.how === 'spinning') ? 'livelock' : 'deadlock';
}

export function CycleView({ cycle, width }: { cycle: WaitEdge[]; width: number }) {
  const threadWidth = Math.max(...cycle.map((e) => e.thread.length));
  return (
    <Box flexDirection="column">
      <Text bold>{`wait-for cycle (${cycleKind(cycle)}):`}</Text>
      {cycle.map((e, i) => (
        <Text key={i}>
          {truncate(
            `  ${e.thread.padEnd(threadWidth)}  ${e.how === 'spinning' ? 'spins on' : 'waits for'} ${e.waitsFor}, held by ${e.heldBy}  at ${e.loc.file}:${e.loc.line}${e.loc.fn ? ` ${e.loc.fn}()` : ''}`,
            width,
          )}
        </Text>
      ))}
    </Box>
  );
}
