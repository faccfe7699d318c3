/**
 * Turning a classified observation into a Finding: the hunk with its changed code lines marked, the
 * post-image location, the message filled from the trace.
 */
import type { Trace, Verdict } from '../explore/types.js';
import type { Hunk, Patch, PatchLine } from '../input/types.js';
import type { Classification, Finding, HunkRef } from './types.js';
import type { Rule } from './rule.js';
import type { HunkInfo } from './sides.js';
import { tokenize } from './tokens.js';

/** Indexes of changed lines that carry code (not comments, not blank), read with each side's comment state. */
export function changedCodeLines(lines: PatchLine[]): number[] {
  const marked = new Set<number>();
  for (const [side, kind] of [
    [(l: PatchLine) => l.kind !== '+', '-'],
    [(l: PatchLine) => l.kind !== '-', '+'],
  ] as const) {
    const index: number[] = [];
    lines.forEach((l, k) => {
      if (side(l)) index.push(k);
    });
    for (const tok of tokenize(index.map((k) => lines[k].text), true)) {
      const k = index[tok.line];
      if (lines[k].kind === kind) marked.add(k);
    }
  }
  return [...marked].sort((a, b) => a - b);
}

export function hunkHeader(h: Hunk): string {
  return `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@${h.context ? ` ${h.context}` : ''}`;
}

export function hunkRef(info: HunkInfo): HunkRef {
  const lines = info.hunk.lines;
  const code = changedCodeLines(lines);
  const marked = code.length ? code : lines.flatMap((l, k) => (l.kind === ' ' ? [] : [k]));
  return { file: info.file, hunk: info.hunk.index, header: hunkHeader(info.hunk), lines: lines.map((l) => `${l.kind}${l.text}`), marked };
}

/** Post-image line of the first marked added line, or of the line after the first marked removed block. */
export function hunkLocation(info: HunkInfo, marked: number[]): number {
  const lines = info.hunk.lines;
  const first = marked[0] ?? 0;
  for (let k = first; k < lines.length; k++) if (lines[k].newLine !== undefined && lines[k].kind !== '-') return lines[k].newLine!;
  return info.hunk.newStart + Math.max(0, info.hunk.newLines - 1);
}

function fill(template: string, verdict: Verdict, trace?: Trace): string {
  const cycle = verdict.kind === 'deadlock' || verdict.kind === 'livelock' ? verdict.cycle : [];
  const lastThread = trace?.steps[trace.steps.length - 1]?.thread;
  const spinner = cycle.find((e) => e.how === 'spinning') ?? cycle[0];
  const thread = spinner?.thread ?? lastThread ?? 'a thread';
  const object = spinner?.waitsFor ?? (verdict.kind === 'violation' ? verdict.message : verdict.kind);
  return template.replace(/\{thread\}/g, thread).replace(/\{object\}/g, object);
}

export interface FindingInput {
  rule: Rule;
  scenario: string;
  classification: Classification;
  patch: Patch;
  verdict: Verdict;
  trace?: Trace;
  culprit?: HunkInfo;
  compared: { before: string; after: string };
}

export function makeFinding(x: FindingInput): Finding {
  const ref = x.culprit ? hunkRef(x.culprit) : undefined;
  const pos = x.patch.position;
  const f: Finding = {
    ruleId: x.rule.id,
    severity: x.rule.severity,
    classification: x.classification,
    message: fill(x.rule.message, x.verdict, x.trace),
    patch: {
      id: x.patch.id,
      title: x.patch.title,
      index: pos.total !== undefined ? pos.index : undefined,
      total: pos.total,
      version: pos.version,
      quoted: x.patch.quoted,
      repaired: x.patch.repaired,
    },
    location: {
      file: x.culprit?.file ?? x.patch.files[0]?.newPath ?? x.patch.files[0]?.oldPath ?? '',
      line: x.culprit && ref ? hunkLocation(x.culprit, ref.marked) : 1,
      function: x.culprit?.function,
    },
    scenario: x.scenario,
    compared: x.compared,
  };
  // a pre-existing problem is not the hunk's doing: it is located there, not pinned on it
  if (ref && x.classification !== 'pre-existing') f.hunk = ref;
  if (x.verdict.kind === 'deadlock' || x.verdict.kind === 'livelock') f.cycle = x.verdict.cycle;
  if (x.trace) f.trace = x.trace;
  if (f.location.function === undefined) delete f.location.function;
  if (f.patch.index === undefined) delete f.patch.index;
  if (f.patch.total === undefined) delete f.patch.total;
  return f;
}
