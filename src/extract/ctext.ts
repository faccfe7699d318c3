/**
 * Line-level lexing of C for the text locators: comments and literals blanked out, each line
 * classified, preprocessor directives named. Works on whole files and on hunk fragments alike, which
 * is why it is line-based and carries only the block-comment / continuation state between lines.
 */

export type LineClass = 'blank' | 'comment' | 'preproc' | 'code';

export interface LexedLine {
  /** The line with comments and string/char literal contents replaced by spaces. */
  code: string;
  cls: LineClass;
  /** For preprocessor lines: the directive word (if, ifdef, ifndef, elif, else, endif, define, ...). */
  directive?: string;
}

interface LexState {
  inComment: boolean;
  inPreproc: boolean;
}

/** Blank comments and literal contents in one line; returns the code and the state after the line. */
function blankLine(raw: string, state: LexState): { code: string; sawComment: boolean } {
  if (!state.inComment && !/["'/]/.test(raw)) return { code: raw, sawComment: false };
  let code = '';
  let sawComment = false;
  let commentOpenedAt = -1;
  let i = 0;
  while (i < raw.length) {
    if (state.inComment) {
      const end = raw.indexOf('*/', i === commentOpenedAt ? i + 2 : i);
      const stop = end < 0 ? raw.length : end + 2;
      code += ' '.repeat(stop - i);
      sawComment = true;
      i = stop;
      if (end >= 0) state.inComment = false;
      continue;
    }
    const c = raw[i];
    if (c === '/' && raw[i + 1] === '*') {
      state.inComment = true;
      commentOpenedAt = i;
      continue;
    }
    if (c === '/' && raw[i + 1] === '/') {
      code += ' '.repeat(raw.length - i);
      sawComment = true;
      break;
    }
    if (c === '"' || c === "'") {
      const end = literalEnd(raw, i);
      code += c + ' '.repeat(Math.max(0, end - i - 2)) + (end - i >= 2 ? c : '');
      i = end;
      continue;
    }
    code += c;
    i++;
  }
  return { code, sawComment };
}

/** Index just past the string or char literal that starts at `start` (or the end of the line). */
function literalEnd(raw: string, start: number): number {
  const quote = raw[start];
  for (let i = start + 1; i < raw.length; i++) {
    if (raw[i] === '\\') i++;
    else if (raw[i] === quote) return i + 1;
  }
  return raw.length;
}

/**
 * Whether a fragment starts inside a block comment: its first lines are comment body lines
 * (` * text`) up to a line that closes a comment it did not open.
 */
export function startsInComment(lines: readonly string[]): boolean {
  for (const raw of lines) {
    const t = raw.trim();
    const close = t.indexOf('*/');
    if (close >= 0) return !t.slice(0, close).includes('/*');
    if (t && !t.startsWith('*')) return false;
  }
  return false;
}

/** Lex a sequence of consecutive source lines (`inComment`: the first line starts inside a block comment). */
export function lexLines(lines: readonly string[], inComment = false): LexedLine[] {
  const state: LexState = { inComment, inPreproc: false };
  const out: LexedLine[] = [];
  for (const raw of lines) {
    const startedInComment = state.inComment;
    const continuing = state.inPreproc;
    const { code, sawComment } = blankLine(raw, state);
    const trimmed = code.trim();
    if (continuing || (!startedInComment && trimmed.startsWith('#'))) {
      state.inPreproc = /\\\s*$/.test(code);
      const directive = continuing ? undefined : /^#\s*(\w+)/.exec(trimmed)?.[1];
      out.push({ code, cls: 'preproc', directive });
      continue;
    }
    const cls: LineClass = trimmed ? 'code' : sawComment || startedInComment ? 'comment' : 'blank';
    out.push({ code, cls });
  }
  return out;
}

/** Conditional directives that open, split and close preprocessor branches. */
export function conditionalRole(directive: string | undefined): 'open' | 'else' | 'close' | undefined {
  if (directive === 'if' || directive === 'ifdef' || directive === 'ifndef') return 'open';
  if (directive === 'else' || directive === 'elif' || directive === 'elifdef' || directive === 'elifndef') return 'else';
  if (directive === 'endif') return 'close';
  return undefined;
}

/** `EXPORT_SYMBOL(name)` / `EXPORT_SYMBOL_GPL(name)` / `EXPORT_SYMBOL_NS(name, ns)`: the exported name. */
export function exportedName(code: string): string | undefined {
  return /^\s*EXPORT_(?:SYMBOL|SYMBOL_GPL|SYMBOL_NS|SYMBOL_NS_GPL|PER_CPU_SYMBOL|PER_CPU_SYMBOL_GPL)\s*\(\s*(\w+)/.exec(code)?.[1];
}
