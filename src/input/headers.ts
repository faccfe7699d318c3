/**
 * Header blocks found inside text: git's in-body `From:`/`Date:`/`Subject:` lines at the top of a
 * message, and whole mail headers quoted in a reply (`> From <sha> ...`, `> Subject: ...`).
 * Archive damage removes the leading space of folded lines, so a non-empty line that is not
 * `Name: value` inside a header block is read as a continuation of the previous header.
 */
import type { SourceLine } from './lines.js';
import { isFromLine } from './mbox.js';

const HEADER_LINE = /^([A-Za-z][A-Za-z0-9-]*):\s?(.*)$/;

export interface HeaderBlock {
  /** Lower-case header name → value (folded lines joined with one space). */
  fields: Map<string, string>;
  /** Stream index of the first line after the block (and its blank line). */
  next: number;
  commit?: string;
}

/** Reads a header block starting at stream[i]; undefined when stream[i] does not start one. */
export function readHeaderBlock(stream: SourceLine[], i: number, allowed?: RegExp): HeaderBlock | undefined {
  const fields = new Map<string, string>();
  let commit: string | undefined;
  let last: string | undefined;
  let k = i;
  const from = /^From ([0-9a-f]{40}) /.exec(stream[k]?.text ?? '');
  if (from && isFromLine(stream[k].text)) (commit = from[1]), k++;
  for (; k < stream.length && stream[k].text.trim() !== ''; k++) {
    const t = stream[k].text;
    const m = HEADER_LINE.exec(t);
    if (m && (!allowed || allowed.test(m[1]))) {
      last = m[1].toLowerCase();
      fields.set(last, m[2].trim());
    } else if (last !== undefined && !m) {
      fields.set(last, `${fields.get(last)} ${t.trim()}`);
    } else break;
  }
  if (fields.size === 0) return undefined;
  if (k < stream.length && stream[k].text.trim() !== '') return undefined;
  return { fields, next: k + 1, ...(commit ? { commit } : {}) };
}

/** git am's in-body headers: `From:`, `Date:`, `Subject:` at the top of the body. */
export function readInBodyHeaders(stream: SourceLine[], i: number): HeaderBlock | undefined {
  while (i < stream.length && stream[i].text.trim() === '') i++;
  return readHeaderBlock(stream, i, /^(from|date|subject)$/i);
}

/**
 * The header block of a mail quoted in full before `limit` (the first diff line): the last
 * `Subject:` line before it, extended back over the header lines and From_ line above it.
 */
export function findQuotedMailHeader(stream: SourceLine[], limit: number): { start: number; block: HeaderBlock } | undefined {
  for (let k = limit - 1; k >= 0; k--) {
    if (!/^Subject: /i.test(stream[k].text)) continue;
    let start = k;
    while (start > 0 && (HEADER_LINE.test(stream[start - 1].text) || isFromLine(stream[start - 1].text))) start--;
    const block = readHeaderBlock(stream, start);
    if (block && block.fields.has('subject')) return { start, block };
  }
  return undefined;
}
