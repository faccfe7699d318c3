/** Key help, and the position in the list. */
import { Text } from 'ink';

export function Footer({ selected, count, details }: { selected: number; count: number; details: boolean }) {
  const pos = count ? `${selected + 1}/${count}` : '0/0';
  const enter = details ? 'enter: less' : 'enter: details';
  return <Text dimColor>{`[${pos}]  j/k or ↓/↑: move   g/G: first/last   ${enter}   q: quit`}</Text>;
}
