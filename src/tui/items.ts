/**
 * The review list: every finding of an Outcome, patches in series order; within a patch the regressions
 * come first, then fixes, then pre-existing problems (what a reviewer must act on first), each group in
 * the engine's order. Pure: no Ink, no I/O.
 */
import type { Classification, Finding, Outcome } from '../engine/types.js';

export interface ReviewItem {
  /** Stable React key: patch id, rule, scenario, location. */
  key: string;
  finding: Finding;
  /** 'patch 3/3' for a series member, 'patch' for a lone one. */
  patchLabel: string;
}

export function patchLabel(p: Finding['patch']): string {
  return p.index !== undefined && p.total !== undefined ? `patch ${p.index}/${p.total}` : 'patch';
}

export function reviewItems(outcome: Outcome): ReviewItem[] {
  const items: ReviewItem[] = [];
  const seen = new Map<string, number>();
  for (const report of outcome.patches) {
    for (const f of byUrgency(report.findings)) {
      const base = `${f.patch.id}|${f.ruleId}|${f.scenario}|${f.location.file}:${f.location.line}|${f.classification}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      items.push({ key: n ? `${base}#${n}` : base, finding: f, patchLabel: patchLabel(f.patch) });
    }
  }
  return items;
}

const URGENCY: Record<Classification, number> = { regression: 0, fixed: 1, 'pre-existing': 2 };

/** Stable: equal classifications keep the engine's order. */
function byUrgency(findings: readonly Finding[]): Finding[] {
  return findings.map((f, i) => ({ f, i })).sort((a, b) => URGENCY[a.f.classification] - URGENCY[b.f.classification] || a.i - b.i).map((x) => x.f);
}

/** Where a finding points, as 'file:line function()'. */
export function locationText(f: Finding): string {
  const fn = f.location.function ? ` ${f.location.function}()` : '';
  return `${f.location.file}:${f.location.line}${fn}`;
}

export const CLASSIFICATION_COLOR: Record<Classification, string> = {
  regression: 'red',
  fixed: 'green',
  'pre-existing': 'yellow',
};

export function countByClassification(items: readonly ReviewItem[]): Record<Classification, number> {
  const counts: Record<Classification, number> = { regression: 0, fixed: 0, 'pre-existing': 0 };
  for (const it of items) counts[it.finding.classification]++;
  return counts;
}
