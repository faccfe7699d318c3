/**
 * Archive-page text as people save it from list archives, several mails one after another.
 * Three page layouts are recognised, each by its own header shape:
 *  - dated:   `2023-03-07 05:21:23` / `by Name` / `[permalink] [raw]` / `Subject: ...`
 *  - titled:  `<subject>` / blank / `From: Name` / `Date: ...` (one subject line on top)
 *  - headed:  `From: ...` with `Subject:` and `Date:` within the next lines (lore thread pages)
 */
import type { SourceLine } from './lines.js';
import type { MailUnit } from './unit.js';

interface ArchiveHeader {
  start: number;
  bodyStart: number;
  subject?: string;
  from?: string;
  date?: string;
}

const DATE_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?\s*$/;
const BY_LINE = /^by (.+)$/;
const PERMALINK = /^\[permalink\]\s*\[raw\]/;
const LORE_TAIL = /^\^ permalink raw reply/;

function text(lines: SourceLine[], i: number): string {
  return lines[i]?.text ?? '';
}

/** dated layout: the header is anchored on its `[permalink] [raw]` line. */
function datedHeader(lines: SourceLine[], i: number): ArchiveHeader | undefined {
  if (!PERMALINK.test(text(lines, i))) return undefined;
  let start = i;
  let from: string | undefined;
  let date: string | undefined;
  for (let j = i - 1; j >= Math.max(0, i - 6); j--) {
    const t = text(lines, j);
    const by = BY_LINE.exec(t);
    if (by && from === undefined) (from = by[1].trim()), (start = j);
    else if (DATE_LINE.test(t)) {
      date = t.trim();
      start = j;
      break;
    } else if (t.trim() !== '') break;
  }
  let bodyStart = i + 1;
  let subject: string | undefined;
  const subj = /^Subject:\s*(.*)$/.exec(text(lines, bodyStart));
  if (subj) (subject = subj[1].trim()), bodyStart++;
  return { start, bodyStart, subject, from, date };
}

/** titled layout: subject line, blank, `From: Name`, `Date: ...`. */
function titledHeader(lines: SourceLine[], i: number): ArchiveHeader | undefined {
  const subject = text(lines, i).trim();
  if (subject === '' || (/^[A-Za-z-]+: /.test(subject) && !/^(re|fwd?|aw):/i.test(subject))) return undefined;
  if (i > 0 && text(lines, i - 1).trim() !== '') return undefined;
  if (text(lines, i + 1).trim() !== '') return undefined;
  const from = /^From: (.+)$/.exec(text(lines, i + 2));
  const date = /^Date: (.+)$/.exec(text(lines, i + 3));
  if (!from || !date) return undefined;
  return { start: i, bodyStart: i + 4, subject, from: from[1].trim(), date: date[1].trim() };
}

/** headed layout (lore thread page): From:, then Subject: and Date: within six lines. */
function headedHeader(lines: SourceLine[], i: number): ArchiveHeader | undefined {
  const from = /^From: (.+)$/.exec(text(lines, i));
  if (!from || (i > 0 && text(lines, i - 1).trim() !== '' && !LORE_TAIL.test(text(lines, i - 1)))) return undefined;
  let subject: string | undefined;
  let date: string | undefined;
  let j = i + 1;
  for (; j < Math.min(lines.length, i + 60) && text(lines, j).trim() !== ''; j++) {
    const s = /^Subject: (.+)$/.exec(text(lines, j));
    const d = /^Date: (.+?)(\s*\[thread overview\])?$/.exec(text(lines, j));
    if (s) subject = s[1].trim();
    if (d) date = d[1].trim();
  }
  if (subject === undefined || date === undefined) return undefined;
  return { start: i, bodyStart: j, subject, from: from[1].trim(), date };
}

function findHeaders(lines: SourceLine[]): ArchiveHeader[] {
  const headers: ArchiveHeader[] = [];
  for (let i = 0; i < lines.length; i++) {
    const h = datedHeader(lines, i) ?? titledHeader(lines, i) ?? headedHeader(lines, i);
    if (!h) continue;
    // A dated header claims the lines above its permalink line; drop anything it overlaps.
    while (headers.length > 0 && headers[headers.length - 1].start >= h.start) headers.pop();
    headers.push(h);
    i = h.bodyStart - 1;
  }
  return headers;
}

/** Lines only archive pages have; a page that starts with mail headers is still a page, not one mail. */
export function hasArchiveMarkers(lines: SourceLine[]): boolean {
  return lines.some((l) => PERMALINK.test(l.text) || LORE_TAIL.test(l.text) || /^Date: .*\[thread overview\]\s*$/.test(l.text));
}

/** Splits archive-page text into mails. Returns [] when no archive header is found. */
export function splitArchive(lines: SourceLine[], input: string): MailUnit[] {
  const headers = findHeaders(lines);
  return headers.map((h, k) => {
    const end = k + 1 < headers.length ? headers[k + 1].start : lines.length;
    const body = lines.slice(h.bodyStart, end).filter((l) => !LORE_TAIL.test(l.text));
    while (body.length > 0 && body[0].text.trim() === '') body.shift();
    return {
      input,
      line: lines[h.start].line,
      kind: 'archive' as const,
      ...(h.subject !== undefined ? { subject: h.subject } : {}),
      ...(h.from !== undefined ? { from: h.from } : {}),
      ...(h.date !== undefined ? { date: h.date } : {}),
      body,
    };
  });
}
