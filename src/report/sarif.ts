/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Each finding is a
 * result at its post-image file:line; its interleaving is a codeFlow with one threadFlow per thread
 * (executionOrder = the step number, so viewers can merge the threads back into one timeline). The
 * classification is SARIF's baselineState (regression = new, pre-existing = unchanged, fixed = absent);
 * a fixed finding is a result of kind "pass".
 */
import { createHash } from 'node:crypto';
import type * as Sarif from 'sarif';
import type { Finding, Outcome } from '../engine/types.js';
import type { Trace, TraceStep } from '../explore/types.js';
import { allFindings, shellQuote, shownLevel, threadsOf } from './order.js';

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

/** Rule metadata the caller may know (from the rule catalogue); otherwise taken from the findings. */
export interface SarifRuleInfo {
  id: string;
  title: string;
  severity: Finding['severity'];
  rationale?: string;
}

const BASELINE: Record<Finding['classification'], Sarif.Result.baselineState> = {
  regression: 'new',
  'pre-existing': 'unchanged',
  fixed: 'absent',
};

function levelOf(sev: Finding['severity']): Sarif.ReportingConfiguration.level {
  return sev === 'info' ? 'note' : sev;
}

function physical(file: string, line: number): Sarif.PhysicalLocation {
  return { artifactLocation: { uri: encodeURI(file), uriBaseId: SRCROOT }, region: { startLine: Math.max(1, line) } };
}

function stepLocation(step: TraceStep, last: boolean, trace: Trace): Sarif.ThreadFlowLocation {
  const loc: Sarif.ThreadFlowLocation = {
    executionOrder: step.n,
    location: {
      physicalLocation: physical(step.loc.file, step.loc.line),
      message: { text: step.text },
      logicalLocations: [{ name: step.loc.fn, kind: 'function' }],
    },
    kinds: [step.event],
  };
  if (last && trace.state.length) {
    loc.state = Object.fromEntries(trace.state.map((s, i) => [`state[${i}]`, { text: s }]));
  }
  return loc;
}

function codeFlow(trace: Trace): Sarif.CodeFlow {
  const lastN = Math.max(...trace.steps.map((s) => s.n));
  const threadFlows = threadsOf(trace.steps).map((thread) => ({
    id: thread,
    message: { text: `thread ${thread}` },
    locations: trace.steps.filter((s) => s.thread === thread).map((s) => stepLocation(s, s.n === lastN, trace)),
  }));
  return { message: { text: `interleaving; replay: mmreview replay ${shellQuote(trace.replay)}` }, threadFlows };
}

/** A fingerprint stable across runs and line shifts: rule, file, function, scenario, classification. */
function fingerprint(f: Finding): string {
  const key = [f.ruleId, f.location.file, f.location.function ?? '', f.scenario, f.classification].join('\0');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

function messageText(f: Finding): string {
  const series = f.seriesNote ? `; ${f.seriesNote}` : '';
  return `${f.message} (${f.classification}: ${f.compared.before} → ${f.compared.after}${series})`;
}

function resultOf(f: Finding, ruleIndex: number): Sarif.Result {
  const fixed = f.classification === 'fixed';
  const result: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex,
    kind: fixed ? 'pass' : 'fail',
    level: fixed ? 'none' : levelOf(f.classification === 'pre-existing' && f.severity === 'error' ? 'warning' : f.severity),
    baselineState: BASELINE[f.classification],
    message: { text: messageText(f) },
    locations: [
      {
        physicalLocation: physical(f.location.file, f.location.line),
        ...(f.location.function ? { logicalLocations: [{ name: f.location.function, kind: 'function' }] } : {}),
      },
    ],
    partialFingerprints: { 'mmreview/v1': fingerprint(f) },
    properties: resultProperties(f),
  };
  if (f.trace?.steps.length) result.codeFlows = [codeFlow(f.trace)];
  return result;
}

function resultProperties(f: Finding): Sarif.PropertyBag {
  const props: Sarif.PropertyBag = {
    classification: f.classification,
    shownLevel: shownLevel(f),
    scenario: f.scenario,
    compared: { before: f.compared.before, after: f.compared.after },
    patch: { ...f.patch },
  };
  if (f.seriesNote) props.seriesNote = f.seriesNote;
  if (f.trace) props.replay = `mmreview replay ${shellQuote(f.trace.replay)}`;
  if (f.cycle?.length) {
    props.waitForCycle = f.cycle.map((e) => `${e.thread} ${e.how === 'spinning' ? 'spins on' : 'waits for'} ${e.waitsFor}, held by ${e.heldBy}`);
  }
  if (f.hunk) props.hunk = { file: f.hunk.file, index: f.hunk.hunk, header: f.hunk.header };
  return props;
}

function rulesOf(findings: readonly Finding[], known: readonly SarifRuleInfo[]): Sarif.ReportingDescriptor[] {
  const ids = [...new Set(findings.map((f) => f.ruleId))].sort();
  return ids.map((id) => {
    const info = known.find((r) => r.id === id);
    const first = findings.find((f) => f.ruleId === id)!;
    const rule: Sarif.ReportingDescriptor = {
      id,
      shortDescription: { text: info?.title ?? first.message },
      defaultConfiguration: { level: levelOf(info?.severity ?? first.severity) },
    };
    if (info?.rationale) rule.fullDescription = { text: info.rationale };
    return rule;
  });
}

export function toSarif(outcome: Outcome, known: readonly SarifRuleInfo[] = []): Sarif.Log {
  const findings = allFindings(outcome);
  const rules = rulesOf(findings, known);
  const results = findings.map((f) => resultOf(f, rules.findIndex((r) => r.id === f.ruleId)));
  return {
    $schema: SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mmreview', rules } },
        originalUriBaseIds: { [SRCROOT]: { description: { text: 'the kernel tree the patches apply to' } } },
        results,
        properties: { inputs: [...outcome.inputs], notes: [...outcome.notes] },
      },
    ],
  };
}

export function renderSarif(outcome: Outcome, known: readonly SarifRuleInfo[] = []): string {
  return JSON.stringify(toSarif(outcome, known), null, 2) + '\n';
}
