/**
 * mbox splitting (mboxo and mboxrd). Messages are separated by `From ` lines; inside a message,
 * mboxrd escapes every `>*From ` line with one more `>`, mboxo only `From `. Removing one `>` from
 * lines matching /^>+From / is exact for mboxrd and the usual reading of mboxo.
 */
import type { SourceLine } from './lines.js';

/** A From_ separator: `From <addr-or-sha> <weekday> <month> <day> <time> <year>`. */
const FROM_LINE = /^From (\S+) +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d\d:\d\d(?::\d\d)? /;
const ESCAPED_FROM = /^>(>*From )/;
const SHA = /^[0-9a-f]{40}$/;

export interface RawMessage {
  /** 1-based line of the From_ separator. */
  line: number;
  /** Commit id when the separator carries one (git format-patch output). */
  commit?: string;
  /** Message lines (headers and body), unescaped. */
  lines: SourceLine[];
}

export function isFromLine(text: string): boolean {
  return FROM_LINE.test(text);
}

/** True when the first non-empty line is a From_ separator. */
export function looksLikeMbox(lines: SourceLine[]): boolean {
  const first = lines.find((l) => l.text.trim() !== '');
  return first !== undefined && isFromLine(first.text);
}

/** Which escaping convention the file shows (for notes only; unescaping is the same). */
export function mboxFlavour(lines: SourceLine[]): 'mboxrd' | 'mboxo' {
  return lines.some((l) => /^>>+From /.test(l.text)) ? 'mboxrd' : 'mboxo';
}

export function splitMbox(lines: SourceLine[]): RawMessage[] {
  const messages: RawMessage[] = [];
  let current: RawMessage | undefined;
  for (const l of lines) {
    const m = FROM_LINE.exec(l.text);
    if (m) {
      current = { line: l.line, lines: [], ...(SHA.test(m[1]) ? { commit: m[1] } : {}) };
      messages.push(current);
      continue;
    }
    if (!current) continue;
    current.lines.push({ text: l.text.replace(ESCAPED_FROM, '$1'), line: l.line });
  }
  // The blank line that mbox puts before each separator belongs to the format, not the message.
  for (const msg of messages) if (msg.lines.at(-1)?.text === '') msg.lines.pop();
  return messages;
}
