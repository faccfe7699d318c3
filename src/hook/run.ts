/**
 * `mmreview hook run <mail> [headers]`: what the sendemail-validate hook does with one mail.
 *
 * With GIT_SENDEMAIL_FILE_COUNTER/TOTAL (git ≥ 2.41) the mails of one send are collected and the
 * series is checked once, when the last one arrives; earlier calls pass (git validates every mail
 * before it sends any, so failing on the last still stops the whole send). Without counters (git
 * 2.39) each call checks its mail together with the mails seen before in the same send, and judges
 * only the findings on its own patches. The mail file is only read; copies go to a private temp dir.
 * Exit: 0 send, 1 a regression (the text report goes to stderr), 2 unreadable or malformed mail.
 */
import { readFileSync } from 'node:fs';
import type { Outcome } from '../engine/types.js';
import { InputError, type PatchSet } from '../input/types.js';
import { exitCodeFor, render, type FailOn } from '../report/index.js';
import type { HookEngine } from './engine-bridge.js';
import { findInvocation, removeStaleStates, SeriesState, stateDirFor } from './invocation.js';

export interface HookRunContext {
  env: NodeJS.ProcessEnv;
  /** Repository top level (git runs the hook there). */
  cwd: string;
  engine: HookEngine;
  /** Root for the per-send state directories (tests use their own). */
  stateRoot?: string;
  failOn?: FailOn;
}

export interface HookRunResult {
  code: 0 | 1 | 2;
  stderr: string;
  /** What was decided, one line (written to $MMREVIEW_HOOK_LOG by the CLI, for debugging hooks). */
  decision: string;
}

interface Counters {
  counter: number;
  total: number;
}

function countersOf(env: NodeJS.ProcessEnv): Counters | undefined {
  const counter = Number(env.GIT_SENDEMAIL_FILE_COUNTER);
  const total = Number(env.GIT_SENDEMAIL_FILE_TOTAL);
  if (!Number.isInteger(counter) || !Number.isInteger(total) || counter < 1 || counter > total) return undefined;
  return { counter, total };
}

/** A mail with no diff at all (cover letter, notes): nothing to check. */
function hasDiff(text: string): boolean {
  return /^(diff --git |@@ -\d+(,\d+)? \+\d+(,\d+)? @@)/m.test(text);
}

/** Intake of each mail on its own first, so a cover letter is skipped and a malformed mail is named. */
async function readMails(files: string[], ctx: HookRunContext): Promise<PatchSet | undefined> {
  const withPatches: string[] = [];
  for (const file of files) {
    try {
      const set = await ctx.engine.read([file], ctx.cwd);
      if (set.patches.length > 0) withPatches.push(file);
    } catch (err) {
      const noPatch = err instanceof InputError && /^no patch found/.test(err.message);
      if (!(noPatch && !hasDiff(readFileSync(file, 'latin1')))) throw err;
    }
  }
  return withPatches.length ? ctx.engine.read(withPatches, ctx.cwd) : undefined;
}

function onlyPatches(outcome: Outcome, ids: ReadonlySet<string>): Outcome {
  return { ...outcome, patches: outcome.patches.filter((p) => ids.has(p.patchId)) };
}

async function judge(files: string[], own: Set<string> | undefined, ctx: HookRunContext): Promise<HookRunResult> {
  const set = await readMails(files, ctx);
  if (!set) return { code: 0, stderr: '', decision: 'exit 0: no patch in the series' };
  let outcome = await ctx.engine.check(set, ctx.cwd);
  if (own) outcome = onlyPatches(outcome, own);
  const code = exitCodeFor(outcome, ctx.failOn ?? 'regression');
  const hasFindings = outcome.patches.some((p) => p.findings.length > 0);
  const report = hasFindings || code ? render(outcome, 'text', { color: false }) : '';
  const verdict = code ? 'mmreview: regression found; not sending (git send-email --no-validate skips this check)\n' : '';
  const scope = own ? `its own patches, checked with ${files.length} mail(s) of this send` : `the series of ${files.length} mail(s)`;
  return { code, stderr: report + verdict, decision: `exit ${code}: ${scope}, ${set.patches.length} patch(es)` };
}

function describeError(err: unknown): string {
  if (err instanceof InputError) return `mmreview: ${err.describe()}\n`;
  return `mmreview: ${err instanceof Error ? err.message : String(err)}\n`;
}

export async function runHook(args: string[], ctx: HookRunContext): Promise<HookRunResult> {
  const mail = args[0];
  if (!mail) return { code: 2, stderr: 'mmreview hook run: missing mail file argument\n', decision: 'exit 2: no mail argument' };
  try {
    const bytes = readFileSync(mail);
    // Intake of the mail itself first: a malformed one is refused at once, under its own name.
    const own = await readMails([mail], ctx);
    const hookParent = Number(ctx.env.MMREVIEW_HOOK_PPID) || process.ppid;
    removeStaleStates(ctx.stateRoot);
    const state = new SeriesState(stateDirFor(findInvocation(hookParent), ctx.stateRoot));
    const counters = countersOf(ctx.env);
    if (counters) {
      if (counters.counter === 1) state.clear();
      state.add(bytes, mail, counters.counter);
      if (counters.counter < counters.total) {
        return { code: 0, stderr: '', decision: `exit 0: collected mail ${counters.counter}/${counters.total}` };
      }
      try {
        return await judge(state.mails(), undefined, ctx);
      } finally {
        state.clear();
      }
    }
    if (!own) return { code: 0, stderr: '', decision: 'exit 0: no patch in this mail' };
    state.add(bytes, mail);
    return await judge(state.mails(), new Set(own.patches.map((p) => p.id)), ctx);
  } catch (err) {
    const stderr = describeError(err);
    return { code: 2, stderr, decision: `exit 2: ${stderr.trim()}` };
  }
}
