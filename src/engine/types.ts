/**
 * Findings: what the engine concludes per patch, and what every reporter renders.
 * src/report and src/tui see only these types (and Trace / WaitEdge from explore).
 */
import type { Trace, WaitEdge, ExploreStats } from '../explore/types.js';

export type Severity = 'error' | 'warning' | 'info';
export type Classification = 'regression' | 'fixed' | 'pre-existing';

export interface HunkRef {
  file: string;
  /** 0-based hunk index in the file diff. */
  hunk: number;
  /** The @@ header line as written. */
  header: string;
  /** The hunk's lines with markers (' ', '+', '-'), for display. */
  lines: string[];
  /** Indexes into `lines` that the finding points at. */
  marked: number[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  classification: Classification;
  /** One-line message. */
  message: string;
  patch: {
    id: string;
    title: string;
    /** 1-based position in the series; undefined for a lone patch. */
    index?: number;
    total?: number;
    version: number;
    quoted: boolean;
    repaired: boolean;
  };
  /** Location in the post-image (or the pre-image for removed code when no post line exists). */
  location: { file: string; line: number; function?: string };
  hunk?: HunkRef;
  /** Deadlock / livelock cycle when the property is a stall. */
  cycle?: WaitEdge[];
  trace?: Trace;
  scenario: string;
  /** Which program variants were compared, e.g. 'reference 6.3+series-1-2' → 'post-image of patch 3'. */
  compared: { before: string; after: string };
  /** Series awareness: 'fixed later by patch 4/4' or 'regression introduced by patch 2/4'. */
  seriesNote?: string;
}

export interface ScenarioRun {
  patchId: string;
  scenario: string;
  side: 'before' | 'after';
  verdict: 'ok' | 'violation' | 'deadlock' | 'livelock' | 'inconclusive';
  stats: ExploreStats;
}

export interface PatchReport {
  patchId: string;
  title: string;
  index?: number;
  total?: number;
  quoted: boolean;
  repaired: boolean;
  /** How the pre-image / reference was obtained and whether hunks were placed. */
  base: string;
  findings: Finding[];
  runs: ScenarioRun[];
  /** Hunks that could not be placed on the reference, with why (ask for --tree). */
  unplaced: string[];
  /** Unmodelled calls met, for transparency. */
  unmodelled: string[];
  /**
   * No-tree mode: what placement tolerated (removed lines the reference never had, renamed locals),
   * one line each, e.g. "mm/khugepaged.c hunk 6: removed `VM_BUG_ON(nr_none);` has no counterpart ...".
   */
  placement?: string[];
}

export interface Outcome {
  /** Schema version of the JSON report. */
  schema: 1;
  inputs: string[];
  patches: PatchReport[];
  /** Notes from intake: which mails were taken as patches and why. */
  notes: string[];
}
