/**
 * The hunk a finding belongs to, found by re-running the scenario on the after-program without each
 * hunk in turn (one-hunk delta debugging): for a regression, the first hunk whose removal makes the
 * problem disappear; for a fix, the first hunk whose removal brings the problem back.
 */
import type { Classification } from './types.js';
import type { HunkInfo } from './sides.js';

/** Does the problem show without hunk `ordinal`? undefined: could not tell (unbuildable, inconclusive). */
export type PresentWithout = (ordinal: number) => Promise<boolean | undefined>;

export async function findCulprit(
  hunks: HunkInfo[],
  classification: Classification,
  presentWithout: PresentWithout,
): Promise<{ hunk?: HunkInfo; tried: number }> {
  const candidates = hunks.filter((h) => !h.noop);
  if (classification === 'pre-existing') return { hunk: candidates[0] ?? hunks[0], tried: 0 };
  if (candidates.length === 1) return { hunk: candidates[0], tried: 0 };
  const wanted = classification === 'fixed';
  let tried = 0;
  for (const h of candidates) {
    tried++;
    if ((await presentWithout(h.ordinal)) === wanted) return { hunk: h, tried };
  }
  return { hunk: undefined, tried };
}
