/**
 * Raw bytes → text lines with their 1-based input line numbers.
 * Handles gzip (by magic bytes), rejects binary files, decodes UTF-8 with a Latin-1 fallback.
 */
import { gunzipSync } from 'node:zlib';
import { InputError } from './types.js';

/** One line of text and where it was in the input (1-based). */
export interface SourceLine {
  text: string;
  line: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** Decompresses gzip input (lore's t.mbox.gz); anything else is returned as is. */
export function gunzipIfNeeded(bytes: Uint8Array, input: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (err) {
    throw new InputError(input, `corrupt gzip data (${(err as Error).message})`, 1);
  }
}

/**
 * Rejects files that are not text: a NUL byte, or many control bytes, in the first 64 KiB.
 * Names the 1-based line where the first offending byte sits.
 */
export function assertText(bytes: Uint8Array, input: string): void {
  const limit = Math.min(bytes.length, 65536);
  let control = 0;
  let firstBad = -1;
  let hasNul = false;
  for (let i = 0; i < limit; i++) {
    const b = bytes[i];
    const isControl = b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b;
    if (b === 0) {
      // A NUL is never in a patch or a mail: point at it, even after other control bytes.
      firstBad = i;
      hasNul = true;
      break;
    }
    if (isControl) {
      control++;
      if (firstBad < 0) firstBad = i;
    }
  }
  if (hasNul || control > limit / 100 + 4) {
    throw new InputError(input, 'binary file: not a patch, mail or mbox', lineOfOffset(bytes, firstBad));
  }
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** UTF-8 when valid, else Latin-1 (every byte maps to a character; nothing is lost). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf8' | 'latin1' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: Buffer.from(bytes).toString('latin1'), encoding: 'latin1' };
  }
}

/** Splits text into lines (LF or CRLF), numbering from `firstLine`. A final empty line after the last LF is dropped. */
export function toLines(text: string, firstLine = 1): SourceLine[] {
  const parts = text.split('\n');
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((t, i) => ({ text: t.endsWith('\r') ? t.slice(0, -1) : t, line: firstLine + i }));
}
