/**
 * `--format json`: the Outcome as the versioned report of json-schema.ts. Fields are copied one by
 * one (not spread) so the output holds exactly the documented fields, in a fixed key order.
 */
import type { Finding, Outcome, PatchReport, ScenarioRun } from '../engine/types.js';
import type { Trace } from '../explore/types.js';
import type { JsonFinding, JsonReport } from './json-schema.js';
import { JSON_REPORT_VERSION } from './json-version.js';
import { allFindings, countFindings, isFailing, shownLevel, sortedFindings } from './order.js';

function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

const locOf = (l: { file: string; line: number; fn: string }) => ({ file: l.file, line: l.line, fn: l.fn });

function traceOf(t: Trace): NonNullable<JsonFinding['trace']> {
  return {
    steps: t.steps.map((s) =>
      defined({
        n: s.n,
        thread: s.thread,
        text: s.text,
        api: s.api,
        event: s.event,
        loc: locOf(s.loc),
        choices: s.choices ? [...s.choices] : undefined,
      }),
    ),
    state: [...t.state],
    replay: t.replay,
  };
}

function findingOf(f: Finding): JsonFinding {
  const p = f.patch;
  return defined({
    ruleId: f.ruleId,
    severity: f.severity,
    classification: f.classification,
    level: shownLevel(f),
    message: f.message,
    patch: defined({ id: p.id, title: p.title, index: p.index, total: p.total, version: p.version, quoted: p.quoted, repaired: p.repaired }),
    location: defined({ file: f.location.file, line: f.location.line, function: f.location.function }),
    hunk: f.hunk && { file: f.hunk.file, hunk: f.hunk.hunk, header: f.hunk.header, lines: [...f.hunk.lines], marked: [...f.hunk.marked] },
    cycle: f.cycle?.map((e) => ({ thread: e.thread, waitsFor: e.waitsFor, heldBy: e.heldBy, how: e.how, loc: locOf(e.loc) })),
    trace: f.trace && traceOf(f.trace),
    scenario: f.scenario,
    compared: { before: f.compared.before, after: f.compared.after },
    seriesNote: f.seriesNote,
  });
}

function runOf(r: ScenarioRun) {
  const { states, transitions, depth } = r.stats;
  return { scenario: r.scenario, side: r.side, verdict: r.verdict, states, transitions, depth };
}

function compareRuns(a: ScenarioRun, b: ScenarioRun): number {
  return a.scenario < b.scenario ? -1 : a.scenario > b.scenario ? 1 : a.side < b.side ? -1 : a.side > b.side ? 1 : 0;
}

function patchOf(r: PatchReport): JsonReport['patches'][number] {
  return defined({
    id: r.patchId,
    title: r.title,
    index: r.index,
    total: r.total,
    quoted: r.quoted,
    repaired: r.repaired,
    base: r.base,
    counts: countFindings(r.findings),
    findings: sortedFindings(r.findings).map(findingOf),
    runs: [...r.runs].sort(compareRuns).map(runOf),
    unplaced: [...r.unplaced],
    unmodelled: [...r.unmodelled].sort(),
  });
}

export function toJsonReport(outcome: Outcome): JsonReport {
  const findings = allFindings(outcome);
  return {
    tool: 'mmreview',
    version: JSON_REPORT_VERSION,
    inputs: [...outcome.inputs],
    notes: [...outcome.notes],
    summary: { patches: outcome.patches.length, counts: countFindings(findings), failing: findings.some(isFailing) },
    patches: outcome.patches.map(patchOf),
  };
}

export function renderJson(outcome: Outcome): string {
  return JSON.stringify(toJsonReport(outcome), null, 2) + '\n';
}
