/**
 * No-tree placement: apply a patch's hunks to the built-in reference C, anchored on the steps of their
 * context and removed lines rather than on text (the reference is worded differently from upstream).
 * The output is patched reference C, lowered by the same pipeline as any C, plus where each hunk
 * landed or why it could not be placed.
 */
import type { FileDiff, Hunk, Patch } from '../input/types.js';
import { applyEdits, type LineInsert, type StmtDelete } from './edits.js';
import { hunkSide, type HunkSide } from './hunk-side.js';
import { addedFunctions } from './new-functions.js';
import { planHunk, type HunkPlan, type PlanOutcome } from './place-hunk.js';
import { contextFunctionName, referenceFunctions, type RefFunction, type SourceFile } from './ref-functions.js';
import { composeRenamings, learnPatchRenames, learnRenaming, renameLines } from './rename.js';

export type { SourceFile } from './ref-functions.js';

export interface HunkPlacement {
  /** Diff path (post-image path, or pre-image path for deletions). */
  file: string;
  /** 0-based hunk index in the file diff. */
  hunk: number;
  /** 'placed': edits applied; 'outside': touches nothing the reference models (no edit needed); 'unplaced': see reason. */
  status: 'placed' | 'outside' | 'unplaced';
  refPath?: string;
  function?: string;
  /** 1-based inclusive lines of the patched reference text where the hunk landed. */
  span?: [number, number];
  score: number;
  reason?: string;
  /** Tolerated differences (removed statements the model cannot see, renamed variables). */
  notes: string[];
}

export interface PlacementResult {
  /** Every reference file, patched where hunks landed, sorted by path. */
  files: SourceFile[];
  hunks: HunkPlacement[];
  /** Sum of the anchor scores of placed hunks. */
  score: number;
  allPlaced: boolean;
}

interface Planned {
  diffPath: string;
  hunk: Hunk;
  side: HunkSide;
  plan?: HunkPlan;
  /** New functions to append to a reference file (path), instead of a plan. */
  append?: { path: string; lines: string[] };
  placement: HunkPlacement;
}

function diffPathOf(fd: FileDiff): string {
  return fd.newPath ?? fd.oldPath ?? '';
}

function pathMatches(refPath: string, diffPath: string): boolean {
  return refPath === diffPath || refPath.endsWith(`/${diffPath}`) || diffPath.endsWith(`/${refPath}`);
}

/**
 * Functions whose definition starts, unchanged, inside the hunk: a context line that reads like a
 * header at column 0 (a type before the name, no statement punctuation), followed by context lines
 * only up to a `{` line. git names in the @@ line the last function header *above* the hunk, so a
 * hunk that starts on a function's comment or on the previous function's tail is named after the
 * previous function although it changes the next one. (Whitespace-repaired hunks lose indentation:
 * calls and returns at column 0 must not pass for headers; edited signatures are not followed.)
 */
function headersInHunk(hunk: Hunk): string[] {
  const names: string[] = [];
  hunk.lines.forEach((l, i) => {
    const m = l.kind === ' ' ? /^(?:[A-Za-z_]\w*[\s*]+)+([A-Za-z_]\w*)\s*\([^;={}]*$/.exec(l.text) : null;
    if (!m || /^(return|if|else|goto|case|do|while|for|switch)\b/.test(l.text)) return;
    const rest = hunk.lines.slice(i + 1);
    const open = rest.findIndex((r) => r.text.trim() === '{');
    if (open >= 0 && rest.slice(0, open + 1).every((r) => r.kind === ' ')) names.push(m[1]);
  });
  return names;
}

const isHeader = (path: string) => path.endsWith('.h');

/** Reference functions a hunk may belong to: the one named in its @@ context, else those of its file. */
function candidates(diffPath: string, hunk: Hunk, fns: RefFunction[], names?: string[]): { list: RefFunction[]; named?: string } {
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
function planAppend(diffPath: string, hunk: Hunk, side: HunkSide, fns: RefFunction[], base: HunkPlacement): Planned | undefined {
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
function bestPlan(outcomes: PlanOutcome[], named: string | undefined): HunkPlan | string {
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

function sideOf(hunk: Hunk): HunkSide {
  let side = sides.get(hunk);
  if (!side) sides.set(hunk, (side = hunkSide(hunk)));
  return side;
}

function planOf(side: HunkSide, fn: RefFunction): PlanOutcome {
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

function planOne(diffPath: string, hunk: Hunk, fns: RefFunction[]): Planned {
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

function fail(p: Planned, reason: string): void {
  p.plan = undefined;
  p.placement = { ...p.placement, status: 'unplaced', reason, span: undefined, refPath: undefined };
}

/** Two hunks deleting the same reference statement cannot both be right. */
function rejectOverlaps(planned: Planned[]): void {
  const owner = new Map<string, Planned>();
  for (const p of planned) {
    if (!p.plan) continue;
    const keys = p.plan.deletes.map((d) => `${p.plan!.fn.path}\0${p.plan!.fn.name}\0${d}`);
    const clash = keys.map((k) => owner.get(k)).find((o) => o);
    if (clash) fail(p, `overlaps hunk ${clash.hunk.index + 1} of ${clash.diffPath} on the reference`);
    else keys.forEach((k) => owner.set(k, p));
  }
}

function hunkKey(p: Planned): string {
  return `${p.diffPath}#${p.hunk.index}`;
}

function editsFor(file: SourceFile, planned: Planned[]): { deletes: StmtDelete[]; inserts: LineInsert[] } {
  const deletes: StmtDelete[] = [];
  const inserts: LineInsert[] = [];
  const here = planned.filter((p) => p.plan && p.plan.fn.path === file.path);
  const byFn = new Map<string, Planned[]>();
  for (const p of here) byFn.set(p.plan!.fn.name, [...(byFn.get(p.plan!.fn.name) ?? []), p]);
  let order = 0;
  const lastRow = file.text.split('\n').length - 1;
  for (const p of planned.filter((x) => x.append?.path === file.path))
    inserts.push({ afterRow: lastRow, lines: ['', ...p.append!.lines], hunk: hunkKey(p), order: 1e6 + order++ });
  for (const group of byFn.values()) {
    const renaming = composeRenamings(learnPatchRenames(group.map((p) => p.side)), learnRenaming(group.flatMap((p) => p.plan!.pairs)));
    const renamed = [...renaming].map(([a, b]) => `${a} → ${b}`);
    for (const p of group) {
      const plan = p.plan!;
      const note = `renamed ${renamed.join(', ')}`;
      if (renamed.length && plan.inserts.length && !p.placement.notes.includes(note)) p.placement.notes.push(note);
      for (const d of plan.deletes) deletes.push({ stmt: plan.fn.stmts[d], fnTokens: plan.fn.tokens, hunk: hunkKey(p) });
      for (const ins of plan.inserts)
        inserts.push({ afterRow: ins.afterRow, lines: renameLines(p.side.runs[ins.run].lines, renaming), hunk: hunkKey(p), order: order++ });
    }
  }
  return { deletes, inserts };
}

function tryEdits(file: SourceFile, planned: Planned[]): { text: string; spans: Map<string, [number, number]> } | undefined {
  const { deletes, inserts } = editsFor(file, planned);
  if (!deletes.length && !inserts.length) return undefined;
  return applyEdits(file.text, deletes, inserts);
}

/** Does the patched text parse as well as the original in every function the hunks touch? */
function parsesAsWell(file: SourceFile, text: string, planned: Planned[]): boolean {
  const after = new Map(referenceFunctions({ path: file.path, text }).map((f) => [f.name, f]));
  return planned.every((p) => {
    if (!p.plan) return true;
    const f = after.get(p.plan.fn.name);
    return f !== undefined && f.errors <= p.plan.fn.errors;
  });
}

/**
 * Patch one reference file. Hunks are added one at a time; a hunk whose edits break the syntax of
 * its function (braces that did not line up) is failed on its own, the others stay.
 */
function patchFile(file: SourceFile, planned: Planned[]): SourceFile {
  const mine = planned.filter((p) => (p.plan && p.plan.fn.path === file.path) || p.append?.path === file.path);
  const all = tryEdits(file, mine);
  const accepted: Planned[] = [];
  if (!all || parsesAsWell(file, all.text, mine)) accepted.push(...mine);
  else for (const p of mine) {
    const result = tryEdits(file, [...accepted, p]);
    if (!result || parsesAsWell(file, result.text, [...accepted, p])) accepted.push(p);
    else fail(p, `patched ${p.plan!.fn.name} no longer parses (braces or statements did not line up)`);
  }
  const result = tryEdits(file, accepted);
  if (!result) return file;
  for (const p of accepted) {
    const span = result.spans.get(hunkKey(p));
    if (span) p.placement.span = span;
  }
  return { path: file.path, text: result.text };
}

interface PlanSet {
  files: SourceFile[];
  planned: Planned[];
}

/** Plan every hunk on the (unpatched) reference; nothing is edited yet. */
function planAll(reference: SourceFile[], patch: Patch): PlanSet {
  const files = [...reference].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const fns = files.flatMap((f) => referenceFunctions(f));
  const planned: Planned[] = [];
  for (const fd of patch.files) {
    if (fd.status === 'binary' || fd.status === 'mode-only') continue;
    for (const hunk of fd.hunks) planned.push(planOne(diffPathOf(fd), hunk, fns));
  }
  rejectOverlaps(planned);
  return { files, planned };
}

interface PlanStats {
  placed: number;
  unplaced: number;
  score: number;
}

function summarise(planned: Planned[]): PlanStats {
  const hunks = planned.map((p) => p.placement);
  return {
    placed: hunks.filter((h) => h.status === 'placed').length,
    unplaced: hunks.filter((h) => h.status === 'unplaced').length,
    score: hunks.reduce((s, h) => s + (h.status === 'placed' ? h.score : 0), 0),
  };
}

/** Apply the plans: edit the files, fail hunks that break syntax, report where each landed. */
function finish({ files, planned }: PlanSet): PlacementResult {
  const fresh = [...new Set(planned.flatMap((p) => (p.append && !files.some((f) => f.path === p.append!.path) ? [p.append.path] : [])))];
  const all = [...files, ...fresh.map((path) => ({ path, text: '' }))].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const patched = all.map((f) => patchFile(f, planned));
  const hunks = planned
    .map((p) => p.placement)
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.hunk - b.hunk));
  return { files: patched, hunks, score: summarise(planned).score, allPlaced: hunks.every((h) => h.status !== 'unplaced') };
}

export function placeHunks(reference: SourceFile[], patch: Patch): PlacementResult {
  return finish(planAll(reference, patch));
}

export interface ReferenceVariant {
  /** e.g. 'v6.3', 'v6.3-series12', or 'after patch 2/3'. */
  name: string;
  files: SourceFile[];
}

export interface ChosenReference {
  variant: string;
  result: PlacementResult;
  tried: { variant: string; placed: number; unplaced: number; score: number }[];
}

/**
 * More hunks placed first: a variant that holds none of the patch's code (every hunk outside it, so
 * nothing unplaced) must not beat the one the patch was written against. Then fewer unplaced, then
 * the better anchor score.
 */
const better = (a: PlanStats, b: PlanStats) =>
  a.placed > b.placed || (a.placed === b.placed && (a.unplaced < b.unplaced || (a.unplaced === b.unplaced && a.score > b.score + 1e-6)));

/**
 * Place the patch on every variant; take the one where the most hunks place, then the fewest fail,
 * then the best anchor score (the first listed wins ties). Variants are planned first and patched
 * best-first: once one places every hunk, no later one can beat it.
 */
/**
 * Can the variant hold any of the patch's code: a file of a path the patch touches, or the text
 * `name(` of a function its hunks name? One that cannot places nothing (every hunk outside), so
 * it is not parsed: each path of the model adds variants a patch to another path never fits.
 */
function mayHold(files: SourceFile[], patch: Patch): boolean {
  const paths = patch.files.map(diffPathOf);
  if (files.some((f) => paths.some((p) => pathMatches(f.path, p)))) return true;
  const names = patch.files.flatMap((fd) => fd.hunks.flatMap((h) => [contextFunctionName(h.context) ?? '', ...headersInHunk(h)])).filter((n) => n);
  return files.some((f) => names.some((n) => f.text.includes(`${n}(`)));
}

/** What placing on a variant that cannot hold the patch gives: every hunk outside it. */
function nothingHeld(files: SourceFile[], patch: Patch): PlanSet {
  const planned = patch.files.flatMap((fd) =>
    fd.status === 'binary' || fd.status === 'mode-only'
      ? []
      : fd.hunks.map((hunk): Planned => {
          const diffPath = diffPathOf(fd);
          return { diffPath, hunk, side: sideOf(hunk), placement: { file: diffPath, hunk: hunk.index, status: 'outside', score: 0, notes: [`${diffPath} is not in the reference model`] } };
        }),
  );
  return { files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), planned };
}

export function chooseReference(variants: ReferenceVariant[], patch: Patch): ChosenReference {
  if (!variants.length) throw new Error('no reference variant to place the patch on');
  const holds = variants.map((v) => mayHold(v.files, patch));
  const anyHolds = holds.some((h) => h);
  const plans = variants.map((v, k) => ({ v, ps: holds[k] || !anyHolds ? planAll(v.files, patch) : nothingHeld(v.files, patch) }));
  const planned = plans.map((p) => summarise(p.ps.planned));
  const order = plans.map((_, k) => k).sort((a, b) => (better(planned[a], planned[b]) ? -1 : better(planned[b], planned[a]) ? 1 : a - b));
  const final = new Map<number, PlacementResult>();
  const stats = (k: number) => summarise(plans[k].ps.planned);
  let best: number | undefined;
  for (const k of order) {
    const result = finish(plans[k].ps);
    final.set(k, result);
    const beats = best === undefined || better(stats(k), stats(best)) || (!better(stats(best), stats(k)) && k < best);
    if (beats) best = k;
    if (result.hunks.every((h) => h.status === 'placed')) break;
  }
  const tried = plans.map((p, k) => {
    const { unplaced, score } = final.has(k) ? stats(k) : planned[k];
    const placed = final.has(k)
      ? final.get(k)!.hunks.filter((h) => h.status === 'placed').length
      : p.ps.planned.filter((x) => x.placement.status === 'placed').length;
    return { variant: p.v.name, placed, unplaced, score: Math.round(score * 1000) / 1000 };
  });
  return { variant: plans[best!].v.name, result: final.get(best!)!, tried };
}
