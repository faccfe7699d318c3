/**
 * No-tree placement: apply a patch's hunks to the built-in reference C, anchored on the steps of their
 * context and removed lines rather than on text (the reference is worded differently from upstream).
 * The output is patched reference C, lowered by the same pipeline as any C, plus where each hunk
 * landed or why it could not be placed.
 */
import type { Patch } from '../input/types.js';
import { applyEdits, type LineInsert, type RowDelete, type StmtDelete } from './edits.js';
import { contextFunctionName, referenceFunctions, type SourceFile } from './ref-functions.js';
import { composeRenamings, learnPatchRenames, learnRenaming, renameLines } from './rename.js';
import { headersInHunk, planOne, sideOf } from './place-one.js';
import { diffPathOf, hunkKey, mergePlacements, pathMatches, type PlacementResult, type Planned } from './place-types.js';
import { planParts } from './place-split.js';

export type { SourceFile } from './ref-functions.js';
export type { HunkPlacement, PlacementResult } from './place-types.js';

function fail(p: Planned, reason: string): void {
  p.plan = undefined;
  p.header = undefined;
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


function editsFor(file: SourceFile, planned: Planned[]): { deletes: StmtDelete[]; inserts: LineInsert[]; rows: RowDelete[] } {
  const deletes: StmtDelete[] = [];
  const inserts: LineInsert[] = [];
  const rows: RowDelete[] = [];
  const here = planned.filter((p) => p.plan && p.plan.fn.path === file.path);
  const byFn = new Map<string, Planned[]>();
  for (const p of here) byFn.set(p.plan!.fn.name, [...(byFn.get(p.plan!.fn.name) ?? []), p]);
  let order = 0;
  const lastRow = file.text.split('\n').length - 1;
  for (const p of planned.filter((x) => x.append?.path === file.path))
    inserts.push({ afterRow: p.append!.afterRow ?? lastRow, lines: ['', ...p.append!.lines], hunk: hunkKey(p), order: 1e6 + order++ });
  for (const p of planned.filter((x) => x.header?.fn.path === file.path)) {
    const { fn, lines } = p.header!;
    rows.push({ from: fn.startRow, to: fn.openRow - 1, hunk: hunkKey(p) });
    inserts.push({ afterRow: fn.startRow - 1, lines, hunk: hunkKey(p), order: -1e6 + order++ });
  }
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
  return { deletes, inserts, rows };
}

function tryEdits(file: SourceFile, planned: Planned[]): { text: string; spans: Map<string, [number, number]> } | undefined {
  const { deletes, inserts, rows } = editsFor(file, planned);
  if (!deletes.length && !inserts.length && !rows.length) return undefined;
  return applyEdits(file.text, deletes, inserts, rows);
}

/** Does the patched text parse as well as the original in every function the hunks touch? */
function parsesAsWell(file: SourceFile, text: string, planned: Planned[]): boolean {
  const after = new Map(referenceFunctions({ path: file.path, text }).map((f) => [f.name, f]));
  return planned.every((p) => {
    const was = p.plan?.fn ?? p.header?.fn;
    if (!was) return true;
    const f = after.get(p.header?.newName ?? p.renamedTo ?? was.name);
    return f !== undefined && f.errors <= was.errors;
  });
}

/**
 * Patch one reference file. Hunks are added one at a time; a hunk whose edits break the syntax of
 * its function (braces that did not line up) is failed on its own, the others stay.
 */
function patchFile(file: SourceFile, planned: Planned[]): SourceFile {
  const mine = planned.filter((p) => (p.plan && p.plan.fn.path === file.path) || p.append?.path === file.path || p.header?.fn.path === file.path);
  const all = tryEdits(file, mine);
  const accepted: Planned[] = [];
  if (!all || parsesAsWell(file, all.text, mine)) accepted.push(...mine);
  else for (const p of mine) {
    const result = tryEdits(file, [...accepted, p]);
    if (!result || parsesAsWell(file, result.text, [...accepted, p])) accepted.push(p);
    else fail(p, `patched ${p.plan?.fn.name ?? p.header?.newName ?? 'code'} no longer parses (braces or statements did not line up)`);
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
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const planned: Planned[] = [];
  for (const fd of patch.files) {
    if (fd.status === 'binary' || fd.status === 'mode-only') continue;
    for (const hunk of fd.hunks) planned.push(...(planParts(diffPathOf(fd), hunk, fns, texts) ?? [planOne(diffPathOf(fd), hunk, fns)]));
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
  const hunks = mergePlacements(planned);
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
  const hunks = mergePlacements(planned).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.hunk - b.hunk));
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
