/**
 * The shape of a rule (one file per rule in rules/, id = file name, listed in rules/index.ts).
 * Contract between rules/ (authors), src/engine (runs them) and the catalogue generator (docs/rules.md).
 *
 * A rule never inspects patch text. It names the kernel functions whose change makes it relevant
 * (triggers), the scenario(s) to explore, and which verdicts of that exploration it reports. The
 * engine runs the scenario on the program before and after each patch and classifies the difference.
 */
import type { Scenario } from '../model/scenario.js';
import type { Severity } from './types.js';

export interface RuleFixture {
  /** Path relative to the repository root, e.g. fixtures/collapse/v5-freeze-left-in-cache.patch */
  patch: string;
  /** What the rule must say about this patch. */
  expect: 'regression' | 'fixed' | 'pre-existing' | 'quiet';
  why: string;
}

/** What a rule reports from a scenario's verdicts. */
export type RuleMatch =
  /** A named property of the scenario was violated. */
  | { property: string }
  /** A stall: deadlock or livelock (wait-for cycle). */
  | { stall: 'deadlock' | 'livelock' | 'any' };

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  /** Why this matters, with a pointer to the discussion or commit it comes from. */
  rationale: string;
  references: string[];
  knownFalsePositives: string;
  /** Kernel path this rule belongs to: 'collapse_file', 'zap', 'hugetlb', 'vma-lock'. */
  path: string;
  /** The rule is relevant when a patch touches any of these functions (or their callees in the model). */
  triggers: { functions: string[] };
  /** Scenarios to explore. Threads name IR functions of the program (reference or patched). */
  scenarios: Scenario[];
  match: RuleMatch;
  /** Message template; {thread}, {object} may be filled from the trace by the engine. */
  message: string;
  fixtures: RuleFixture[];
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
