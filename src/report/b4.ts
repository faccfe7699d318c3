/**
 * b4's check-command protocols (see ../shared/docs/integrations.md §2, §3).
 *
 * `b4`: for b4.prep-perpatch-check-cmd / b4.am-perpatch-check-cmd. b4 reads every non-empty stdout
 * line as a finding (a failure when it contains `ERROR:`, a warning otherwise), so a clean patch
 * prints nothing, a regression prints `ERROR:`, and everything else is `WARNING:` (a regression of a
 * warning-level rule, a pre-existing problem) or `CHECK:` (a problem the patch fixes).
 *
 * `b4-review`: for b4.review-*-check-cmd: a JSON array of {tool, status, summary, url, details};
 * `[]` when there is nothing to report. Pre-existing problems and fixes are `pass`: they are not
 * this patch's doing.
 */
import type { Finding, Outcome } from '../engine/types.js';
import { allFindings, isFailing, shellQuote } from './order.js';
import { findingBody, headline } from './text.js';

export const B4_TOOL = 'mmreview';
/** Where each rule is described; relative to the mmreview project (the rule id is the anchor). */
export const RULES_DOC = 'docs/rules.md';

function b4Level(f: Finding): 'ERROR' | 'WARNING' | 'CHECK' {
  if (isFailing(f)) return 'ERROR';
  return f.classification === 'fixed' ? 'CHECK' : 'WARNING';
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function b4Line(f: Finding): string {
  const replay = f.trace ? `; replay: mmreview replay ${shellQuote(f.trace.replay)}` : '';
  const series = f.seriesNote ? `; ${f.seriesNote}` : '';
  const msg = oneLine(`${f.message} (${f.classification}${series}${replay})`);
  return `${f.location.file}:${f.location.line}: ${b4Level(f)}: [${f.ruleId}] ${msg}`;
}

export function renderB4(outcome: Outcome): string {
  const lines = allFindings(outcome).map(b4Line);
  return lines.length ? lines.join('\n') + '\n' : '';
}

export interface B4ReviewEntry {
  tool: string;
  status: 'pass' | 'warn' | 'fail';
  summary: string;
  url: string;
  details: string;
}

function reviewStatus(f: Finding): B4ReviewEntry['status'] {
  if (f.classification !== 'regression') return 'pass';
  return isFailing(f) ? 'fail' : 'warn';
}

export function b4ReviewEntry(f: Finding): B4ReviewEntry {
  return {
    tool: B4_TOOL,
    status: reviewStatus(f),
    summary: oneLine(`${f.classification}: [${f.ruleId}] ${f.location.file}:${f.location.line}: ${f.message}`),
    url: `${RULES_DOC}#${f.ruleId}`,
    details: [headline(f), ...findingBody(f)].join('\n'),
  };
}

export function renderB4Review(outcome: Outcome): string {
  return JSON.stringify(allFindings(outcome).map(b4ReviewEntry), null, 2) + '\n';
}
