/**
 * Shared helpers of every reporter: a total order on findings (so the same Outcome always prints the
 * same bytes, whatever order the engine produced them in) and the level each finding is shown at.
 */
import type { Classification, Finding, Outcome } from '../engine/types.js';

const CLASS_ORDER: Record<Classification, number> = { regression: 0, 'pre-existing': 1, fixed: 2 };

function cmp(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.file, b.location.file) ||
    cmp(a.location.line, b.location.line) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(CLASS_ORDER[a.classification], CLASS_ORDER[b.classification]) ||
    cmp(a.scenario, b.scenario) ||
    cmp(a.message, b.message)
  );
}

export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Every finding of the outcome: patches in series order, findings sorted within each patch. */
export function allFindings(outcome: Outcome): Finding[] {
  return outcome.patches.flatMap((p) => sortedFindings(p.findings));
}

/** A regression the default `--fail-on regression` fails on. */
export function isFailing(f: Finding): boolean {
  return f.classification === 'regression' && f.severity === 'error';
}

/** A regression that `--fail-on warning` also fails on. */
export function isWarningOrWorse(f: Finding): boolean {
  return f.classification === 'regression' && f.severity !== 'info';
}

/**
 * The level a finding is shown at, in compiler words. Only regressions keep their rule's severity:
 * a pre-existing problem is not the patch's fault (at most a warning), a fix is a note.
 */
export type ShownLevel = 'error' | 'warning' | 'note';

export function shownLevel(f: Finding): ShownLevel {
  if (f.classification === 'fixed') return 'note';
  if (f.severity === 'info') return 'note';
  if (f.classification === 'pre-existing') return 'warning';
  return f.severity;
}

export interface Counts {
  regression: number;
  fixed: number;
  'pre-existing': number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = { regression: 0, fixed: 0, 'pre-existing': 0 };
  for (const f of findings) counts[f.classification]++;
  return counts;
}

/** "patch 3/3" / "patch" for a lone one, with the version when it is not 1. */
export function patchLabel(p: { index?: number; total?: number }, version?: number): string {
  const pos = p.index !== undefined && p.total !== undefined ? ` ${p.index}/${p.total}` : '';
  const v = version !== undefined && version > 1 ? ` v${version}` : '';
  return `patch${v}${pos}`;
}

/** Flags a reader must see: the patch was taken from a quoting reply, or its whitespace was repaired. */
export function patchFlags(p: { quoted: boolean; repaired: boolean }): string[] {
  const flags: string[] = [];
  if (p.quoted) flags.push('quoted from a reply');
  if (p.repaired) flags.push('whitespace repaired');
  return flags;
}

/** Threads of a trace in order of first appearance. */
export function threadsOf(steps: readonly { thread: string }[]): string[] {
  const seen: string[] = [];
  for (const s of steps) if (!seen.includes(s.thread)) seen.push(s.thread);
  return seen;
}

/** Quote a replay string for a POSIX shell when it holds anything beyond safe characters. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
