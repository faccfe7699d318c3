/**
 * The default report: for each finding, a `path:line: level: [rule] message (classification)` line
 * that editors' quickfix lists and CI annotators read, then the hunk with the lines that matter
 * marked, the interleaving as a per-thread timeline, the wait-for cycle of a stall, the model state
 * at the failing step and the replay command; then a summary per patch and for the whole series.
 */
import type { Finding, HunkRef, Outcome, PatchReport } from '../engine/types.js';
import type { WaitEdge } from '../explore/types.js';
import { palette, type Palette } from './color.js';
import {
  allFindings,
  countFindings,
  patchFlags,
  patchLabel,
  shellQuote,
  shownLevel,
  sortedFindings,
  type Counts,
} from './order.js';
import { renderTimeline } from './timeline.js';

export interface TextOptions {
  color: boolean;
  /** Also print intake notes (which mails were taken as patches and why). */
  verbose?: boolean;
}

const IND = '    ';

/** The one-line head of a finding, in the `file:line: level: message` form tools parse. */
export function headline(f: Finding, p: Palette = palette(false)): string {
  const level = shownLevel(f);
  const where = p.bold(`${f.location.file}:${f.location.line}:`);
  return `${where} ${p.level(level, `${level}:`)} [${f.ruleId}] ${f.message} (${f.classification})`;
}

function patchLine(f: Finding, p: Palette): string {
  const flags = patchFlags(f.patch).map((s) => p.mark(`[${s}]`));
  return [`${IND}${patchLabel(f.patch, f.patch.version)}: ${f.patch.title}`, ...flags].join('  ');
}

function hunkLines(h: HunkRef, p: Palette): string[] {
  const out = [`${IND}hunk #${h.hunk + 1} of ${h.file}:`, `${IND}  ${p.dim(h.header)}`];
  h.lines.forEach((line, i) => {
    const marked = h.marked.includes(i);
    const text = line.replace(/\t/g, '    ');
    out.push(marked ? `${IND}${p.mark('>')} ${p.bold(text)}` : `${IND}  ${text}`);
  });
  return out;
}

function cycleLines(cycle: readonly WaitEdge[], p: Palette): string[] {
  const out = [`${IND}wait-for cycle:`];
  for (const e of cycle) {
    const how = e.how === 'spinning' ? 'spins on' : 'waits for';
    out.push(`${IND}  ${e.thread} ${how} ${e.waitsFor}, held by ${e.heldBy}  ${p.loc(`${e.loc.file}:${e.loc.line}`)}`);
  }
  return out;
}

/** Everything about one finding after its headline (also used as b4-review details). */
export function findingBody(f: Finding, p: Palette = palette(false)): string[] {
  const out = [patchLine(f, p)];
  const fn = f.location.function ? ` in ${f.location.function}()` : '';
  out.push(`${IND}scenario ${f.scenario}${fn}: ${f.compared.before} → ${f.compared.after}`);
  if (f.seriesNote) out.push(`${IND}series: ${f.seriesNote}`);
  if (f.hunk) out.push(...hunkLines(f.hunk, p));
  if (f.trace) {
    const side = f.classification === 'fixed' ? ` (${f.compared.before}; gone after the patch)` : '';
    out.push(`${IND}interleaving${side}:`, ...renderTimeline(f.trace, p, `${IND}  `));
  }
  if (f.cycle?.length) out.push(...cycleLines(f.cycle, p));
  if (f.trace?.state.length) {
    out.push(`${IND}state at the failing step:`, ...f.trace.state.map((s) => `${IND}  ${s}`));
  }
  if (f.trace) out.push(`${IND}replay: mmreview replay ${shellQuote(f.trace.replay)}`);
  return out;
}

function countsText(c: Counts): string {
  const parts = [`${c.regression} regression${c.regression === 1 ? '' : 's'}`, `${c.fixed} fixed`];
  parts.push(`${c['pre-existing']} pre-existing`);
  return parts.join(', ');
}

function patchSummary(r: PatchReport, p: Palette): string[] {
  const flags = patchFlags(r).map((s) => p.mark(`[${s}]`));
  const verdict = r.findings.length === 0 ? p.good('no findings') : countsText(countFindings(r.findings));
  const runs = r.runs.length ? `; ${r.runs.length} scenario run${r.runs.length === 1 ? '' : 's'}` : '';
  const out = [[`  ${patchLabel(r)}: ${r.title}`, ...flags].join('  '), `${IND}${verdict}${runs}; base: ${r.base}`];
  for (const u of r.unplaced) out.push(`${IND}${p.level('warning', 'not placed:')} ${u}`);
  if (r.unmodelled.length) out.push(`${IND}not modelled: ${[...r.unmodelled].sort().join(', ')}`);
  return out;
}

function summary(outcome: Outcome, p: Palette): string[] {
  const out = [p.bold('Summary')];
  for (const r of outcome.patches) out.push(...patchSummary(r, p));
  const c = countFindings(allFindings(outcome));
  const n = outcome.patches.length;
  const scope = n === 1 ? '1 patch' : `series of ${n} patches`;
  out.push(`${scope}: ${countsText(c)}`);
  if (n === 0) out.push(`${IND}no patch found in ${outcome.inputs.join(', ') || 'the input'}`);
  return out;
}

export function renderText(outcome: Outcome, opts: TextOptions): string {
  const p = palette(opts.color);
  const out: string[] = [];
  for (const r of outcome.patches) {
    for (const f of sortedFindings(r.findings)) out.push(headline(f, p), ...findingBody(f, p), '');
  }
  out.push(...summary(outcome, p));
  if (opts.verbose && outcome.notes.length) out.push('', 'Intake notes:', ...outcome.notes.map((n) => `  ${n}`));
  return out.join('\n') + '\n';
}
