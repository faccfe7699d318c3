/** The finding's hunk: header, then its lines with the ones the finding points at marked '>'. */
import { Box, Text } from 'ink';
import type { HunkRef } from '../engine/types.js';
import { hunkRows, truncate } from './layout.js';

const MARKER_COLOR: Record<string, string | undefined> = { '+': 'green', '-': 'red' };

export function HunkView({ hunk, all, width }: { hunk: HunkRef; all: boolean; width: number }) {
  const rows = hunkRows(hunk, all);
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
