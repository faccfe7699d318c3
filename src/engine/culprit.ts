/**
 * The hunk a finding belongs to, found by re-running the scenario on the after-program without each
 * hunk in turn (one-hunk delta debugging): for a regression, the first hunk whose removal makes the
 * problem disappear; for a fix, the first hunk whose removal brings the problem back.
 */
import type { Classification } from './types.js';
import type { HunkInfo } from './sides.js';

/** Does the problem show in that program? undefined: could not tell (unbuildable, inconclusive). */
export type Probe = (ordinal: number) => Promise<boolean | undefined>;

/**
 * `without(h)`: the problem with the whole patch but hunk h; `alone(h)`: with hunk h alone. When no
 * single removal changes the outcome (two hunks each enough on their own), the first hunk that alone
 * shows the regression (or alone removes the problem, for a fix) is taken.
 */
export async function findCulprit(
  hunks: HunkInfo[],
  classification: Classification,
  without: Probe,
  alone: Probe = async () => undefined,
): Promise<{ hunk?: HunkInfo; tried: number }> {
  const candidates = hunks.filter((h) => !h.noop);
  if (classification === 'pre-existing') return { hunk: candidates[0] ?? hunks[0], tried: 0 };
  if (candidates.length === 1) return { hunk: candidates[0], tried: 0 };
  const fixed = classification === 'fixed';
  let tried = 0;
  for (const h of candidates) {
    tried++;
    if ((await without(h.ordinal)) === fixed) return { hunk: h, tried };
  }
  for (const h of candidates) {
    tried++;
    if ((await alone(h.ordinal)) === !fixed) return { hunk: h, tried };
  }
  return { hunk: undefined, tried };
}
