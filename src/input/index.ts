/**
 * Intake entry point: inputs (files, `-` for stdin, git revisions) → PatchSet.
 * Input files are only read, never written.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { hasArchiveMarkers, splitArchive } from './archive.js';
import { type MailOffer, offerOfMail } from './extract.js';
import { formatPatchOf } from './git.js';
import { assertText, decodeText, gunzipIfNeeded, type SourceLine, toLines } from './lines.js';
import { looksLikeRfc822, parseRfc822, type TextEncodingUsed } from './mail.js';
import { looksLikeMbox, splitMbox } from './mbox.js';
import { selectPatches } from './select.js';
import { InputError, type PatchSet } from './types.js';
import type { MailUnit } from './unit.js';

export interface ReadOptions {
  cwd: string;
  stdin?: () => Promise<Buffer>;
  /**
   * Accept inputs that hold only a cover letter (git send-email hands the 0/N mail to the
   * sendemail-validate hook on its own): the result then has no patches, only `cover`.
   */
  allowCoverOnly?: boolean;
}

export async function readPatchSet(inputs: string[], opts: ReadOptions): Promise<PatchSet> {
  if (inputs.length === 0) throw new InputError('(no input)', 'no input given');
  const offers: MailOffer[] = [];
  let firstEmpty: InputError | undefined;
  for (const input of inputs) {
    const units = await unitsOfInput(input, opts);
    const mine = units.map(offerOfMail);
    const empty = new InputError(displayName(input), noPatchMessage(units, mine), 1);
    // A cover letter file (0000-cover-letter.patch) is fine next to its patches.
    if (!mine.some((o) => o.patches.length > 0 || o.cover)) throw empty;
    if (!mine.some((o) => o.patches.length > 0)) firstEmpty ??= empty;
    offers.push(...mine);
  }
  if (!offers.some((o) => o.patches.length > 0) && !opts.allowCoverOnly) throw firstEmpty!;
  return selectPatches(offers);
}

function displayName(input: string): string {
  return input === '-' ? '<stdin>' : input;
}

async function unitsOfInput(input: string, opts: ReadOptions): Promise<MailUnit[]> {
  if (input === '-') return unitsOfBytes(await (opts.stdin ?? readStdin)(), '<stdin>');
  const path = isAbsolute(input) ? input : resolve(opts.cwd, input);
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile()) return unitsOfBytes(await readFile(path), input);
  if (info) throw new InputError(input, 'not a regular file');
  const mbox = await formatPatchOf(input, opts.cwd);
  if (mbox === undefined) throw new InputError(input, `neither a file nor a git revision in ${opts.cwd}`);
  return unitsOfText(mbox, 'utf8', input);
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Bytes → mails: gzip and binary checks, then the text's form decides the splitter. */
export async function unitsOfBytes(bytes: Uint8Array, input: string): Promise<MailUnit[]> {
  const plain = gunzipIfNeeded(bytes, input);
  assertText(plain, input);
  const { text, encoding } = decodeText(plain);
  return unitsOfText(text, encoding, input);
}

async function unitsOfText(text: string, encoding: TextEncodingUsed, input: string): Promise<MailUnit[]> {
  const lines = toLines(text);
  if (looksLikeMbox(lines)) {
    const messages = splitMbox(lines);
    return Promise.all(messages.map((m) => parseRfc822(m.lines, { input, kind: 'mbox', encoding, commit: m.commit })));
  }
  const archived = splitArchive(lines, input);
  if (archived.length > 0 && hasArchiveMarkers(lines)) return archived;
  if (looksLikeRfc822(lines)) return [await parseRfc822(lines, { input, kind: 'mail', encoding })];
  if (archived.length > 0) return archived;
  return [bareUnit(lines, input)];
}

/** A plain diff, `git diff` output or unstructured text: one mail without headers. */
function bareUnit(lines: SourceLine[], input: string): MailUnit {
  return { input, line: 1, kind: 'diff', body: lines };
}

/** What was seen in an input without a patch, in a few words. */
function noPatchMessage(units: MailUnit[], offers: MailOffer[]): string {
  const seen: string[] = [];
  const mails = units.filter((u) => u.kind !== 'diff');
  if (mails.length === 0) seen.push(`${units[0]?.body.length ?? 0} lines of text without mail headers`);
  else {
    const first = mails[0].subject ? ` starting with "${mails[0].subject}"` : '';
    seen.push(`${mails.length} mail${mails.length > 1 ? 's' : ''}${first}`);
  }
  const depth = Math.max(0, ...offers.map((o) => o.quoteDepth));
  if (depth > 0) seen.push(`quoted text to depth ${depth}`);
  const covers = offers.filter((o) => o.cover).length;
  if (covers > 0) seen.push(`${covers} cover letter${covers > 1 ? 's' : ''}`);
  const fragments = offers.flatMap((o) => o.fragments);
  if (fragments.length > 0) seen.push(`${fragments.length} partial quoted diff fragment(s)`);
  else seen.push('no diff or hunk header');
  return `no patch found (${seen.join('; ')})`;
}
