/**
 * The list of findings, scrolled to keep the selection in view. Items the reviewer has moved past
 * read as finished (✓, dimmed) like a <Static> log; unlike <Static> they can be revisited with k.
 */
import { Box, Text } from 'ink';
import { CLASSIFICATION_COLOR, locationText, type ReviewItem } from './items.js';
import { truncate } from './layout.js';
import { listWindow } from './state.js';

interface Props {
  items: readonly ReviewItem[];
  selected: number;
  finished: ReadonlySet<number>;
  rows: number;
  width: number;
}

function ItemRow({ item, current, done, width }: { item: ReviewItem; current: boolean; done: boolean; width: number }) {
  const f = item.finding;
  const mark = `${current ? '›' : ' '} ${done ? '✓' : ' '} `;
  const cls = f.classification.padEnd(12);
  // Rule and scenario tell findings at the same place apart, so they come before the location.
  const rest = truncate(`${f.ruleId}  ${f.scenario}  (${item.patchLabel}, ${locationText(f)})`, width - mark.length - cls.length - 1);
  return (
    <Text inverse={current} dimColor={done && !current}>
      {mark}
      <Text color={CLASSIFICATION_COLOR[f.classification]}>{cls}</Text> {rest}
    </Text>
  );
}

export function FindingList({ items, selected, finished, rows, width }: Props) {
  const [start, end] = listWindow(selected, items.length, rows);
  return (
    <Box flexDirection="column">
      {start > 0 && <Text dimColor>{`    ↑ ${start} more`}</Text>}
      {items.slice(start, end).map((item, k) => (
        <ItemRow key={item.key} item={item} current={start + k === selected} done={finished.has(start + k)} width={width} />
      ))}
      {end < items.length && <Text dimColor>{`    ↓ ${items.length - end} more`}</Text>}
    </Box>
  );
}
