/** One line on what is under review: findings by classification, patches and inputs. */
import { Text } from 'ink';
import type { Outcome } from '../engine/types.js';
import { countByClassification, type ReviewItem } from './items.js';
import { truncate } from './layout.js';

export function Header({ outcome, items, width }: { outcome: Outcome; items: readonly ReviewItem[]; width: number }) {
  const c = countByClassification(items);
  const patches = outcome.patches.length;
  const counts = `${items.length} finding(s): ${c.regression} regression, ${c.fixed} fixed, ${c['pre-existing']} pre-existing`;
  // Counts first: on a narrow screen the input paths are what gets cut.
  const text = `mmreview review  ${counts}  in ${patches} patch(es) of ${outcome.inputs.join(', ')}`;
  return <Text bold>{truncate(text, width)}</Text>;
}
