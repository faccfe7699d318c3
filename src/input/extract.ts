/**
 * One mail → what it offers: a patch written in it, complete patches quoted in it (any depth),
 * a cover letter, and notes on quoted fragments that were seen but not usable.
 */
import { type ParsedDiff, parseDiff } from './diff.js';
import { findQuotedMailHeader, readInBodyHeaders, type HeaderBlock } from './headers.js';
import { patchId } from './id.js';
import type { SourceLine } from './lines.js';
import { maxQuoteDepth, textAtDepth } from './quoted.js';
import { parseSubject } from './subject.js';
import { type CoverLetter, type FileDiff, InputError, type IntakeNote, type Patch } from './types.js';
import type { MailUnit } from './unit.js';

export interface MailOffer {
  unit: MailUnit;
  patches: Patch[];
  cover?: CoverLetter;
  /** Quoted fragments seen but not taken (decision 'skipped'). */
  fragments: IntakeNote[];
  /** Deepest quote level in the mail (for "what was seen" messages). */
  quoteDepth: number;
}

export function offerOfMail(unit: MailUnit): MailOffer {
  const offer: MailOffer = { unit, patches: [], fragments: [], quoteDepth: maxQuoteDepth(unit.body) };
  const subject = parseSubject(unit.subject ?? '');
  if (subject.position.index === 0 && !subject.reply) return offerCover(offer);
  const own = parseDiff(unit.body);
  if (!own) noteOrphanHunk(offer, unit.body, 0);
  else if (own.problems.length === 0) offer.patches.push(buildPatch(unit, unit.body, own, 0));
  else if (!subject.reply) throw new InputError(unit.input, own.problems[0].reason, own.problems[0].line);
  // A reviewer's own sketch of a diff in a reply is often hand-edited: a note, not a fatal error.
  else offer.fragments.push(fragmentNote(offer, own.problems[0].line, `diff in the reply text that cannot be read: ${own.problems[0].reason}`));
  for (let depth = 1; depth <= offer.quoteDepth; depth++) offerQuoted(offer, depth);
  return offer;
}

/** A 0/N mail is the cover letter; a diff in it (format-patch --interdiff) describes the series, it is not one. */
function offerCover(offer: MailOffer): MailOffer {
  offer.cover = buildCover(offer.unit);
  const interdiff = parseDiff(offer.unit.body);
  if (interdiff) {
    const line = offer.unit.body[interdiff.start].line;
    offer.fragments.push(fragmentNote(offer, line, 'diff inside the cover letter (an interdiff against an earlier version); not a patch of the series'));
  }
  return offer;
}

function fragmentNote(offer: MailOffer, line: number, reason: string): IntakeNote {
  return {
    input: offer.unit.input,
    line,
    ...(offer.unit.subject ? { subject: offer.unit.subject } : {}),
    decision: 'skipped',
    reason,
  };
}

function offerQuoted(offer: MailOffer, depth: number): void {
  const stream = textAtDepth(offer.unit.body, depth);
  const parsed = parseDiff(stream, { mayBeCut: true });
  if (!parsed) return noteOrphanHunk(offer, stream, depth);
  const unusable = parsed.problems[0]?.reason ?? (parsed.files.every((f) => f.hunks.length === 0) ? 'no hunks' : undefined);
  if (unusable) {
    const loose = headerlessDiffLines(stream, parsed.start);
    const reason =
      `partial quoted fragment at depth ${depth} (lines ${stream[parsed.start].line}-${stream[Math.min(parsed.end, stream.length - 1)].line}, ` +
      `${parsed.files.map((f) => f.newPath ?? f.oldPath).join(', ')}): ${unusable}` +
      (loose.length > 0 ? `; also ${loose.length} +/- lines without a file header from line ${loose[0].line}` : '') +
      '; a fragment is not a whole patch, so it was not taken';
    offer.fragments.push(fragmentNote(offer, stream[parsed.start].line, reason));
    return;
  }
  offer.patches.push(buildPatch(offer.unit, stream, parsed, depth));
}

/** A hunk header with no file header above it (a reviewer quoting one hunk): seen, not usable. */
function noteOrphanHunk(offer: MailOffer, stream: SourceLine[], depth: number): void {
  const at = stream.findIndex((l) => /^@@ -\d+(,\d+)? \+\d+(,\d+)? @@/.test(l.text));
  if (at < 0) return;
  const where = depth > 0 ? `quoted at depth ${depth}` : 'in the mail text';
  const reason = `hunk "${stream[at].text.slice(0, 40)}" ${where} without a file header; a lone hunk is not a patch, so it was not taken`;
  offer.fragments.push(fragmentNote(offer, stream[at].line, reason));
}

/** +/- lines before the first file header: a hunk quoted without its headers. */
function headerlessDiffLines(stream: SourceLine[], limit: number): SourceLine[] {
  return stream.slice(0, limit).filter((l) => /^[+-]/.test(l.text) && !/^(---|\+\+\+) /.test(l.text));
}

interface MailHead {
  subject?: string;
  from?: string;
  date?: string;
  commit?: string;
  /** Stream index where the commit message starts. */
  messageStart: number;
  /** 1-based input line where this patch's mail (or quoted mail) starts. */
  line: number;
}

/** Who wrote the patch and where its message starts: a quoted full mail header, else in-body headers. */
function headOf(unit: MailUnit, stream: SourceLine[], diffStart: number, depth: number): MailHead {
  if (unit.kind === 'diff') return bareDiffHead(unit, stream, diffStart);
  const quotedMail = depth > 0 ? findQuotedMailHeader(stream, diffStart) : undefined;
  const bodyStart = scissorsEnd(stream, diffStart);
  const block: HeaderBlock | undefined = quotedMail?.block ?? readInBodyHeaders(stream, bodyStart);
  const f = block?.fields;
  return {
    subject: f?.get('subject') ?? unit.subject,
    from: f?.get('from') ?? unit.from,
    date: f?.get('date') ?? unit.date,
    commit: block?.commit ?? unit.commit,
    messageStart: block?.next ?? bodyStart,
    line: quotedMail ? stream[quotedMail.start].line : depth > 0 ? stream[0].line : unit.line,
  };
}

/** After a `-- >8 --` scissors line, git am reads only what follows (index of that line + 1, else 0). */
function scissorsEnd(stream: SourceLine[], limit: number): number {
  for (let k = 0; k < limit; k++) {
    const t = stream[k].text.trim();
    if (/^[-\s]*(>8|8<)[-\s]*$/.test(t) && (t.match(/-/g)?.length ?? 0) >= 2) return k + 1;
  }
  return 0;
}

/**
 * A bare diff has no subject. `git show` / `git log -p` output carries `commit`, `Author:`, `Date:`
 * and a four-space indented message; otherwise the title names the files.
 */
function bareDiffHead(unit: MailUnit, stream: SourceLine[], diffStart: number): MailHead {
  const commit = /^commit ([0-9a-f]{40})/.exec(stream[0]?.text ?? '');
  const head: MailHead = { messageStart: 0, line: unit.line };
  if (!commit) return head;
  head.commit = commit[1];
  let k = 1;
  for (; k < diffStart && stream[k].text !== ''; k++) {
    const m = /^(Author|Date):\s*(.*)$/.exec(stream[k].text);
    if (m && m[1] === 'Author') head.from = m[2];
    if (m && m[1] === 'Date') head.date = m[2];
  }
  const message = stream.slice(k, diffStart).filter((l) => l.text.startsWith('    ') || l.text === '');
  const first = message.find((l) => l.text.trim() !== '');
  if (first) head.subject = first.text.trim();
  head.messageStart = first ? stream.indexOf(first) + 1 : k;
  return head;
}

function diffTitle(files: FileDiff[]): string {
  const paths = files.map((f) => f.newPath ?? f.oldPath ?? '?');
  return `diff of ${paths[0]}${paths.length > 1 ? ` and ${paths.length - 1} more file(s)` : ''}`;
}

function buildPatch(unit: MailUnit, stream: SourceLine[], parsed: ParsedDiff, depth: number): Patch {
  const head = headOf(unit, stream, parsed.start, depth);
  const subject = head.subject ?? '';
  const parsedSubject = parseSubject(subject);
  const prereq = findAll(stream, /^prerequisite-patch-id: ([0-9a-f]{40})\s*$/);
  const base = findAll(stream, /^base-commit: ([0-9a-f]{7,40})\s*$/)[0];
  return {
    id: patchId(parsed.files),
    title: parsedSubject.title || diffTitle(parsed.files),
    subject,
    ...(head.from ? { from: head.from } : {}),
    ...(head.date ? { date: head.date } : {}),
    ...(unit.messageId && depth === 0 ? { messageId: unit.messageId } : {}),
    position: parsedSubject.position,
    message: messageText(stream, head.messageStart, parsed.start, unit.kind === 'diff'),
    files: parsed.files,
    quoted: depth > 0,
    repaired: parsed.repaired,
    origin: { input: unit.input, line: head.line },
    ...(base ? { baseCommit: base } : {}),
    ...(prereq.length > 0 ? { prerequisitePatchIds: prereq } : {}),
    ...(head.commit ? { commit: head.commit } : {}),
  };
}

function buildCover(unit: MailUnit): CoverLetter {
  const subject = unit.subject ?? '';
  const head = readInBodyHeaders(unit.body, 0);
  const base = findAll(unit.body, /^base-commit: ([0-9a-f]{7,40})\s*$/)[0];
  const diff = parseDiff(unit.body);
  return {
    subject,
    position: parseSubject(subject).position,
    message: messageText(unit.body, head?.next ?? 0, diff ? diff.start : unit.body.length),
    origin: { input: unit.input, line: unit.line },
    ...(base ? { baseCommit: base } : {}),
  };
}

/**
 * The commit message: from `start` to the `---` separator before the diff (or the diff itself).
 * In bare diffs, `diff -ru a b` command lines and `git show`'s indentation are dropped.
 */
function messageText(stream: SourceLine[], start: number, diffStart: number, bare = false): string {
  let end = diffStart;
  for (let k = start; k < diffStart; k++) {
    if (stream[k].text === '---' || stream[k].text === '--- ') {
      end = k;
      break;
    }
  }
  let lines = stream.slice(start, end).map((l) => l.text);
  if (bare) lines = lines.filter((t) => !/^(diff|Only in|Index:|=+$)/.test(t)).map((t) => t.replace(/^ {4}/, ''));
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.join('\n');
}

function findAll(stream: SourceLine[], re: RegExp): string[] {
  const out: string[] = [];
  for (const l of stream) {
    const m = re.exec(l.text);
    if (m) out.push(m[1]);
  }
  return out;
}
