/**
 * Patch subjects: `Re: [RFC PATCH mm-unstable v2 1/4] mm/x: title` → position and title.
 */
import type { SeriesPosition } from './types.js';

export interface ParsedSubject {
  title: string;
  position: SeriesPosition;
  /** Re:/Fwd: prefixes were present. */
  reply: boolean;
  /** A [PATCH ...]-style bracket was present. */
  isPatch: boolean;
}

const REPLY_PREFIX = /^\s*(re|fwd?|aw|sv)\s*(\[\d+\])?\s*:\s*/i;
const BRACKET = /^\s*\[([^\]]*)\]\s*/;

export function parseSubject(subject: string): ParsedSubject {
  let rest = subject.replace(/\s+/g, ' ').trim();
  let reply = false;
  const position: SeriesPosition = { version: 1, tags: [] };
  let isPatch = false;
  for (;;) {
    const re = REPLY_PREFIX.exec(rest);
    if (re) {
      reply = true;
      rest = rest.slice(re[0].length);
      continue;
    }
    const br = BRACKET.exec(rest);
    if (!br) break;
    const bracketIsPatch = readBracket(br[1], position);
    isPatch ||= bracketIsPatch;
    rest = rest.slice(br[0].length);
  }
  return { title: rest.trim(), position, reply, isPatch };
}

/** Reads the words of one [ ... ] group into the position; true when it was a patch bracket. */
function readBracket(inside: string, pos: SeriesPosition): boolean {
  let isPatch = false;
  for (const word of inside.split(/\s+/).filter(Boolean)) {
    let m: RegExpExecArray | null;
    if ((m = /^PATCH(?:v(\d+))?$/i.exec(word))) {
      isPatch = true;
      if (m[1]) pos.version = Number(m[1]);
    } else if ((m = /^v(\d+)$/i.exec(word))) pos.version = Number(m[1]);
    else if ((m = /^(\d+)\/(\d+)$/.exec(word))) {
      pos.index = Number(m[1]);
      pos.total = Number(m[2]);
    } else pos.tags.push(word);
  }
  if (/\b(RFC|RESEND)\b/i.test(inside) || isPatch) return true;
  return false;
}

/** `[PATCH v5 3/3]`-style label for notes and messages. */
export function positionLabel(pos: SeriesPosition): string {
  const leading = pos.tags.filter((t) => /^(RFC|RESEND)$/i.test(t));
  const trailing = pos.tags.filter((t) => !leading.includes(t));
  const parts = [...leading, 'PATCH', ...trailing];
  if (pos.version > 1) parts.push(`v${pos.version}`);
  if (pos.index !== undefined) parts.push(`${pos.index}/${pos.total}`);
  return `[${parts.join(' ')}]`;
}
