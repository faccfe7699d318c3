/**
 * Planning one hunk on the reference: which function it belongs to (the @@ line's, or one whose
 * header it shows), the best anchored plan there, or why there is none. Plans are memoised per
 * (hunk, reference function): culprit search re-places the same hunks many times.
 */
import type { Hunk } from '../input/types.js';
import { hunkSide, type HunkSide } from './hunk-side.js';
import { addedFunctions } from './new-functions.js';
import { planHunk, type HunkPlan, type PlanOutcome } from './place-hunk.js';
import { pathMatches, type HunkPlacement, type Planned } from './place-types.js';
import { contextFunctionName, type RefFunction } from './ref-functions.js';
import { headerAt } from './hunk-functions.js';

/**
 * Functions whose definition starts, unchanged, inside the hunk: a context line that reads like a
 * header at column 0 (a type before the name, no statement punctuation), followed by context lines
 * only up to a `{` line. git names in the @@ line the last function header *above* the hunk, so a
 * hunk that starts on a function's comment or on the previous function's tail is named after the
 * previous function although it changes the next one. (Whitespace-repaired hunks lose indentation:
 * calls and returns at column 0 must not pass for headers; edited signatures are not followed.)
 */
export function headersInHunk(hunk: Hunk): string[] {
  return hunk.lines.flatMap((l, i) => {
    const name = l.kind === ' ' ? headerAt(hunk.lines, i) : undefined;
    const open = hunk.lines.findIndex((r, k) => k > i && r.text.trim() === '{');
    return name && hunk.lines.slice(i, open + 1).every((r) => r.kind === ' ') ? [name] : [];
  });
}

export const isHeader = (path: string) => path.endsWith('.h');

/** Reference functions a hunk may belong to: the one named in its @@ context, else those of its file. */
export function candidates(diffPath: string, hunk: Hunk, fns: RefFunction[], names?: string[]): { list: RefFunction[]; named?: string } {
  const named = names ? names[0] : contextFunctionName(hunk.context);
  if (named) {
    const byName = fns.filter((f) => (names ?? [named]).includes(f.name));
    const samePath = byName.filter((f) => pathMatches(f.path, diffPath));
    // another path may hold the function (a file the reference keeps elsewhere), but a header's
    // inline stub or prototype is never the definition in a .c file
    const sameKind = byName.filter((f) => isHeader(f.path) === isHeader(diffPath));
    return { list: samePath.length ? samePath : sameKind, named };
  }
  return { list: fns.filter((f) => pathMatches(f.path, diffPath)) };
}

/** A hunk adding new functions goes at the end of the reference file of its path (or of its context function). */
export function planAppend(diffPath: string, hunk: Hunk, side: HunkSide, fns: RefFunction[], base: HunkPlacement): Planned | undefined {
  const fresh = addedFunctions(hunk);
  if (!fresh) return undefined;
  const known = fresh.names.filter((n) => fns.some((f) => f.name === n));
  if (known.length) return { diffPath, hunk, side, placement: { ...base, notes: [`adds ${known.join(', ')}, which the reference already defines`] } };
  const named = contextFunctionName(hunk.context);
  const path = fns.find((f) => pathMatches(f.path, diffPath))?.path ?? fns.find((f) => f.name === named)?.path ?? diffPath;
  const placement: HunkPlacement = { ...base, status: 'placed', refPath: path, function: fresh.names.join(', '), score: 1, notes: [`new function ${fresh.names.join(', ')} appended`] };
  return { diffPath, hunk, side, append: { path, lines: fresh.lines }, placement };
}

/**
 * The one function the hunk fits best, or why there is none. Without a function name in the @@
 * line a shape alone is not enough: some statement naming variables must match word for word.
 */
export function bestPlan(outcomes: PlanOutcome[], named: string | undefined): HunkPlan | string {
  const trusted = (plan: HunkPlan) => named !== undefined || plan.exact > 0;
  const ok = outcomes.flatMap((o) => (o.ok && trusted(o.plan) ? [o.plan] : [])).sort((a, b) => b.score - a.score);
  if (ok.length === 1 || (ok.length > 1 && ok[0].score !== ok[1].score)) return ok[0];
  if (ok.length > 1) return `anchors fit ${ok[0].fn.name} and ${ok[1].fn.name} equally well`;
  const shapeOnly = outcomes.flatMap((o) => (o.ok ? [`only the shape of ${o.plan.fn.name} matches (no @@ function name to confirm it)`] : []));
  return [...shapeOnly, ...outcomes.flatMap((o) => (o.ok ? [] : [o.reason]))][0];
}

/**
 * Hunk sides and plans are pure functions of a hunk and of a reference function (both immutable and
 * cached by text): culprit search re-places the same hunks on the same reference once per probe.
 */
const sides = new WeakMap<Hunk, HunkSide>();
const plans = new WeakMap<HunkSide, WeakMap<RefFunction, PlanOutcome>>();

export function sideOf(hunk: Hunk): HunkSide {
  let side = sides.get(hunk);
  if (!side) sides.set(hunk, (side = hunkSide(hunk)));
  return side;
}

export function planOf(side: HunkSide, fn: RefFunction): PlanOutcome {
  let byFn = plans.get(side);
  if (!byFn) plans.set(side, (byFn = new WeakMap()));
  let plan = byFn.get(fn);
  if (!plan) byFn.set(fn, (plan = planHunk(side, fn)));
  return plan;
}

/** A second chance for a hunk its @@ line misnames: the functions whose unchanged header it shows. */
function byHeaders(diffPath: string, hunk: Hunk, side: HunkSide, fns: RefFunction[], named: string | undefined): HunkPlan | undefined {
  const names = headersInHunk(hunk).filter((n) => n !== named);
  if (!names.length) return undefined;
  const { list } = candidates(diffPath, hunk, fns, names);
  const best = list.length ? bestPlan(list.map((fn) => planOf(side, fn)), names[0]) : undefined;
  return typeof best === 'object' ? best : undefined;
}

function placedAt(base: HunkPlacement, plan: HunkPlan, named: string | undefined): HunkPlacement {
  const notes = [...plan.dropped, `placed in ${plan.fn.name}, whose header the hunk shows (the @@ line names ${named ?? 'no function'})`];
  return { ...base, status: 'placed', refPath: plan.fn.path, function: plan.fn.name, score: plan.score, notes };
}

export function planOne(diffPath: string, hunk: Hunk, fns: RefFunction[]): Planned {
  const side = sideOf(hunk);
  const base: HunkPlacement = { file: diffPath, hunk: hunk.index, status: 'outside', score: 0, notes: [] };
  const appended = planAppend(diffPath, hunk, side, fns, base);
  if (appended) return appended;
  const { list, named } = candidates(diffPath, hunk, fns);
  if (!side.pre.length && !side.runs.length) return { diffPath, hunk, side, placement: { ...base, notes: ['comments or blank lines only'] } };
  if (!list.length) {
    const retried = byHeaders(diffPath, hunk, side, fns, named);
    if (retried) return { diffPath, hunk, side, plan: retried, placement: placedAt(base, retried, named) };
    const why = named ? `function ${named} is not in the reference model` : `${diffPath} is not in the reference model`;
    return { diffPath, hunk, side, placement: { ...base, notes: [why] } };
  }
  const best = bestPlan(list.map((fn) => planOf(side, fn)), named);
  if (typeof best === 'string') {
    const retried = byHeaders(diffPath, hunk, side, fns, named);
    if (retried) return { diffPath, hunk, side, plan: retried, placement: placedAt(base, retried, named) };
    return { diffPath, hunk, side, placement: { ...base, status: 'unplaced', reason: best, function: named } };
  }
  const plan = best;
  const notes = [...plan.dropped];
  return {
    diffPath,
    hunk,
    side,
    plan,
    placement: { ...base, status: 'placed', refPath: plan.fn.path, function: plan.fn.name, score: plan.score, notes },
  };
}
