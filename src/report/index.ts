/**
 * Reporters: pure functions from an Outcome to the bytes a user or a tool reads. Same Outcome, same
 * bytes: findings are sorted (file, line, rule, classification) and nothing depends on time.
 */
import type { Outcome } from '../engine/types.js';
import { renderB4, renderB4Review } from './b4.js';
import { renderJson } from './json.js';
import { allFindings, isFailing, isWarningOrWorse } from './order.js';
import { renderSarif, type SarifRuleInfo } from './sarif.js';
import { renderText } from './text.js';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'b4' | 'b4-review';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'b4', 'b4-review'];
export type FailOn = 'regression' | 'warning' | 'none';
export const FAIL_ON: readonly FailOn[] = ['regression', 'warning', 'none'];

export interface RenderOptions {
  /** ANSI colour in the text format; the CLI passes true only on a TTY without NO_COLOR. */
  color: boolean;
  /** Text format: also print the intake notes. */
  verbose?: boolean;
  /** SARIF: rule titles and rationale from the catalogue, when the caller has them. */
  rules?: readonly SarifRuleInfo[];
}

export function render(outcome: Outcome, format: ReportFormat, opts: RenderOptions): string {
  switch (format) {
    case 'text':
      return renderText(outcome, opts);
    case 'json':
      return renderJson(outcome);
    case 'sarif':
      return renderSarif(outcome, opts.rules);
    case 'b4':
      return renderB4(outcome);
    case 'b4-review':
      return renderB4Review(outcome);
  }
}

/**
 * Exit status of `check`: 1 when a finding is a regression at the level `failOn` names
 * ('regression': regressions of error-level rules; 'warning': also of warning-level rules), else 0.
 * Pre-existing problems and fixes never fail. Usage and input errors (exit 2) are the CLI's business.
 */
export function exitCodeFor(outcome: Outcome, failOn: FailOn): 0 | 1 {
  if (failOn === 'none') return 0;
  const fails = failOn === 'warning' ? isWarningOrWorse : isFailing;
  return allFindings(outcome).some(fails) ? 1 : 0;
}

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

export function isFailOn(s: string): s is FailOn {
  return (FAIL_ON as readonly string[]).includes(s);
}

export type { SarifRuleInfo } from './sarif.js';
export { headline } from './text.js';
