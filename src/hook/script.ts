/**
 * The sendemail-validate script mmreview installs. POSIX sh, so it runs wherever git does. It runs
 * the hook that was in the slot before (kept as sendemail-validate.mmreview-chained) first, and
 * fails when that one fails; then it hands all of git's arguments to `mmreview hook run` through
 * the absolute node and bin paths recorded at install time. It never touches the mail file itself.
 */
import { CHAINED_NAME } from './paths.js';

export const SCRIPT_MARKER = '# mmreview sendemail-validate hook';
const CREATED_DIR_TAG = '# mmreview-created-hooks-dir:';

export interface ScriptParams {
  node: string;
  bin: string;
  /** We created the hooks directory, so uninstall removes it again when it is left empty. */
  createdDir: boolean;
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function hookScript(p: ScriptParams): string {
  return [
    '#!/bin/sh',
    `${SCRIPT_MARKER} (installed by \`mmreview hook install\`; \`mmreview hook uninstall\` restores what was here)`,
    `${CREATED_DIR_TAG} ${p.createdDir ? 'yes' : 'no'}`,
    '# git passes the mail file ($1) and, since git 2.41, a file with the SMTP headers ($2).',
    `chained="$(dirname "$0")/${CHAINED_NAME}"`,
    'if [ -x "$chained" ]; then',
    '  "$chained" "$@" || exit $?',
    'fi',
    // The hook's parent is git send-email (git ≤ 2.40) or `git hook run` (2.41+): mmreview walks up from
    // here to key one send-email invocation, so the mails of one series are checked together.
    `MMREVIEW_HOOK_PPID=$PPID exec ${shQuote(p.node)} ${shQuote(p.bin)} hook run "$@"`,
    '',
  ].join('\n');
}

export function isOurScript(text: string): boolean {
  return text.includes(SCRIPT_MARKER);
}

export function scriptCreatedDir(text: string): boolean {
  return text.split('\n').some((l) => l.startsWith(CREATED_DIR_TAG) && l.slice(CREATED_DIR_TAG.length).trim() === 'yes');
}

export function scriptTarget(text: string): { node: string; bin: string } | undefined {
  const m = /exec '((?:[^']|'\\'')*)' '((?:[^']|'\\'')*)' hook run/.exec(text);
  if (!m) return undefined;
  const unq = (s: string) => s.replace(/'\\''/g, "'");
  return { node: unq(m[1]), bin: unq(m[2]) };
}
