/**
 * One RFC 2822 message → MailUnit, with postal-mime doing header, MIME, transfer-encoding and
 * charset decoding. Text attachments that carry a diff (text/x-patch, text/x-diff, *.patch) are
 * appended to the body, since people attach patches that way too.
 */
import PostalMime, { type Email } from 'postal-mime';
import { type SourceLine, toLines } from './lines.js';
import { InputError } from './types.js';
import type { MailUnit } from './unit.js';

const HEADER = /^[A-Za-z][A-Za-z0-9-]*:/;

/** A header block at the top: header lines (and folded continuations) including From: or Subject:. */
export function looksLikeRfc822(lines: SourceLine[]): boolean {
  let sawKey = false;
  for (const l of lines) {
    if (l.text === '') return sawKey;
    if (/^[ \t]/.test(l.text)) continue;
    if (!HEADER.test(l.text)) return false;
    if (/^(from|subject):/i.test(l.text)) sawKey = true;
  }
  // Headers only, no body: still a mail (a truncated one, which the parser reports).
  return sawKey;
}

/** How the input's bytes were turned into text (so the message bytes can be restored exactly). */
export type TextEncodingUsed = 'utf8' | 'latin1';

export interface Rfc822Options {
  input: string;
  kind: 'mbox' | 'mail';
  encoding: TextEncodingUsed;
  commit?: string;
}

/** Parses one message; `lines` are its header and body lines as they appear in the input. */
export async function parseRfc822(lines: SourceLine[], opts: Rfc822Options): Promise<MailUnit> {
  const start = lines[0]?.line ?? 1;
  const headerEnd = lines.findIndex((l) => l.text === '');
  if (headerEnd < 0) {
    const last = lines.at(-1)?.line ?? start;
    throw new InputError(opts.input, 'truncated mail: header block never ends (no blank line before the body)', last);
  }
  // Restore the original bytes so that postal-mime applies the message's own charset.
  const raw = Buffer.from(lines.map((l) => l.text).join('\n') + '\n', opts.encoding);
  const email = await PostalMime.parse(raw);
  return {
    input: opts.input,
    line: start,
    kind: opts.kind,
    subject: email.subject ?? undefined,
    from: formatFrom(email),
    date: headerValue(email, 'date'),
    messageId: email.messageId ?? undefined,
    ...(opts.commit ? { commit: opts.commit } : {}),
    body: mapBodyLines(bodyText(email), lines.slice(headerEnd + 1)),
  };
}

function bodyText(email: Email): string {
  const parts = [email.text ?? ''];
  for (const a of email.attachments) {
    const looksLikeDiff = /x-patch|x-diff|text\/plain/i.test(a.mimeType) || /\.(patch|diff)$/i.test(a.filename ?? '');
    if (!looksLikeDiff) continue;
    parts.push(typeof a.content === 'string' ? a.content : new TextDecoder('utf-8').decode(a.content));
  }
  return parts.join('\n').replace(/\r\n/g, '\n');
}

function formatFrom(email: Email): string | undefined {
  const f = email.from;
  if (!f) return undefined;
  if (f.address) return f.name ? `${f.name} <${f.address}>` : f.address;
  return f.name || undefined;
}

function headerValue(email: Email, key: string): string | undefined {
  return email.headers.find((h) => h.key === key)?.value;
}

/**
 * Gives decoded body lines input line numbers: 1:1 when the decoded text sits verbatim in the raw
 * body (7bit/8bit), else every line points at the body's first line (quoted-printable, base64).
 */
function mapBodyLines(body: string, rawBody: SourceLine[]): SourceLine[] {
  const decoded = toLines(body);
  const bodyStart = rawBody[0]?.line ?? 1;
  const firstNonEmpty = decoded.findIndex((l) => l.text !== '');
  if (firstNonEmpty < 0) return decoded.map((l) => ({ text: l.text, line: bodyStart }));
  const anchor = rawBody.findIndex((r) => r.text === decoded[firstNonEmpty].text);
  const verbatim =
    anchor >= 0 &&
    decoded.every((l, i) => {
      const r = rawBody[anchor - firstNonEmpty + i];
      return r !== undefined && r.text === l.text;
    });
  if (verbatim) return decoded.map((l, i) => ({ text: l.text, line: rawBody[anchor - firstNonEmpty + i].line }));
  return decoded.map((l) => ({ text: l.text, line: bodyStart }));
}
