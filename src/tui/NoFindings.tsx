/** Shown when no patch has a finding: each patch with the base it was checked on and what was skipped. */
import { Box, Text } from 'ink';
import type { Outcome, PatchReport } from '../engine/types.js';
import { truncate } from './layout.js';

function patchSummary(p: PatchReport): string {
  const pos = p.index !== undefined && p.total !== undefined ? ` ${p.index}/${p.total}` : '';
  const runs = `${p.runs.length} scenario run(s)`;
  const unplaced = p.unplaced.length ? `, ${p.unplaced.length} hunk(s) not placed` : '';
  return `patch${pos}: ${p.title} — ${runs}${unplaced}; ${p.base}`;
}

export function NoFindings({ outcome, width }: { outcome: Outcome; width: number }) {
  return (
    <Box flexDirection="column">
      <Text color="green">No findings: nothing to review.</Text>
      {outcome.patches.map((p) => (
        <Text key={p.patchId} dimColor>
          {truncate(`  ${patchSummary(p)}`, width)}
        </Text>
      ))}
    </Box>
  );
}
