/** Turning errors into one clear line (and exit code 2); stacks only with --debug. */
import { InputError } from '../input/types.js';

export function formatError(err: unknown, debug: boolean): string {
  const line =
    err instanceof InputError
      ? `mmreview: ${err.describe()}`
      : `mmreview: ${err instanceof Error ? err.message : String(err)}`;
  if (debug && err instanceof Error && err.stack) return `${line}\n${err.stack}`;
  return line;
}

export function exitCodeForError(_err: unknown): number {
  return 2;
}
