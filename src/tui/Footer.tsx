/** Key help, and the position in the list. */
import { Text } from 'ink';
import { truncate } from './layout.js';

interface Props {
  selected: number;
  count: number;
  details: boolean;
  /** The trace is longer than the screen: say how to scroll it. */
  scrollable: boolean;
  width: number;
}

export function Footer({ selected, count, details, scrollable, width }: Props) {
  const pos = count ? `${selected + 1}/${count}` : '0/0';
  const enter = details ? 'enter: less' : 'enter: details';
  const scroll = scrollable ? '   u/d: scroll trace' : '';
  return <Text dimColor>{truncate(`[${pos}]  j/k or ↓/↑: move   g/G: first/last   ${enter}${scroll}   q: quit`, width)}</Text>;
}
