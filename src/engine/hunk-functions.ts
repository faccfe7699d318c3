/**
 * A hunk read function by function. Each side of a hunk (pre: context and removed lines; post:
 * context and added lines) is cut where function definitions start and end: a header (a type
 * before the name, an open parenthesis, no statement punctuation) whose next `{` line opens a body
 * closed when the braces balance again. Indentation is not trusted (whitespace-damaged mails lose
 * it). Lines before the first header belong to the function the @@ line names ("tail").
 *
 * Pairing the two sides through their shared context lines tells which function became which: a
 * renamed function keeps its context lines, a new one has none on the pre-side.
 */
import type { Hunk, PatchLine } from '../input/types.js';

export type Role = 'tail' | 'header' | 'open' | 'body' | 'close' | 'between';

export interface Seg {
  fn?: string;
  role: Role;
}

const HEADER = /^\s*(?:[A-Za-z_]\w*[\s*]+)+([A-Za-z_]\w*)\s*\([^;={}]*$/;
const NOT_HEADER = /^\s*(return|if|else|goto|case|do|while|for|switch|sizeof)\b/;

/** `{` minus `}` outside comments, strings and character constants. */
function braceDelta(text: string): number {
  const code = text
    .replace(/\/\*.*?\*\//g, ' ')
    .replace(/\/\/.*$/, '')
    .replace(/"(?:\\.|[^"\\])*"/g, '""')
    .replace(/'(?:\\.|[^'\\])*'/g, "''");
  let d = 0;
  for (const ch of code) d += ch === '{' ? 1 : ch === '}' ? -1 : 0;
  return d;
}

/** The function a header line starts, when the lines after it reach a lone `{` first. */
export function headerAt(lines: PatchLine[], at: number): string | undefined {
  const m = HEADER.exec(lines[at].text);
  if (!m || NOT_HEADER.test(lines[at].text)) return undefined;
  for (let k = at + 1; k < lines.length && k <= at + 8; k++) {
    const t = lines[k].text.trim();
    if (t === '{') return m[1];
    if (/[;{}]/.test(t) || t.startsWith('#')) return undefined;
  }
  return undefined;
}

/** Segments of one side, indexed like `side` (the hunk lines of that side, in order). */
export function segmentSide(side: PatchLine[], contextFn: string | undefined): Seg[] {
  const out: Seg[] = [];
  let mode: 'tail' | 'between' | 'header' | 'body' = 'tail';
  let fn: string | undefined = contextFn;
  let depth = 0;
  side.forEach((l, k) => {
    if (mode === 'tail' || mode === 'between') {
      const name = headerAt(side, k);
      if (name) {
        mode = 'header';
        fn = name;
      }
    }
    if (mode === 'header') {
      if (l.text.trim() === '{') {
        mode = 'body';
        depth = 1;
        out.push({ fn, role: 'open' });
      } else out.push({ fn, role: 'header' });
      return;
    }
    if (mode === 'body') {
      depth += braceDelta(l.text);
      if (depth <= 0) {
        out.push({ fn, role: 'close' });
        mode = 'between';
        fn = undefined;
      } else out.push({ fn, role: 'body' });
      return;
    }
    out.push(mode === 'tail' ? { fn, role: 'tail' } : { role: 'between' });
  });
  return out;
}

export interface HunkFunctions {
  /** Per hunk line: its segment on the pre-side / post-side (undefined: not on that side). */
  pre: (Seg | undefined)[];
  post: (Seg | undefined)[];
  /** Did any header start inside the hunk, on either side? */
  headers: boolean;
}

export function hunkFunctions(hunk: Hunk, contextFn: string | undefined): HunkFunctions {
  const map = (kind: '+' | '-') => {
    const idx = hunk.lines.flatMap((l, i) => (l.kind === kind ? [] : [i]));
    const segs = segmentSide(
      idx.map((i) => hunk.lines[i]),
      contextFn,
    );
    const out: (Seg | undefined)[] = hunk.lines.map(() => undefined);
    idx.forEach((i, k) => (out[i] = segs[k]));
    return out;
  };
  const pre = map('+');
  const post = map('-');
  const headers = [...pre, ...post].some((s) => s?.role === 'header');
  return { pre, post, headers };
}

const inside = (s: Seg | undefined) => s !== undefined && (s.role === 'body' || s.role === 'tail');
const headerish = (s: Seg | undefined) => s !== undefined && (s.role === 'header' || s.role === 'open');

/** Lines a diff may match anywhere (blank, a lone brace, comment furniture): no evidence of identity. */
const weak = (text: string) => /^\s*(?:[{}]|\*\/?|\/\*+|\/\/.*)?\s*$/.test(text);

/**
 * Which pre-side function became which post-side function, read from the context lines both sides
 * share (in a body, or in a header: a renamed function keeps its parameter lines), by majority.
 * undefined when a function would become two equally (the hunk is not read function by function).
 */
export function pairFunctions(hunk: Hunk, f: HunkFunctions): Map<string, string> | undefined {
  const votes = new Map<string, Map<string, number>>();
  const key = (s: Seg) => s.fn ?? '';
  for (let i = 0; i < hunk.lines.length; i++) {
    const a = f.pre[i];
    const b = f.post[i];
    if (hunk.lines[i].kind !== ' ' || !a || !b || weak(hunk.lines[i].text)) continue;
    if (!((inside(a) && inside(b)) || (headerish(a) && headerish(b)))) continue;
    const mine = votes.get(key(a)) ?? new Map<string, number>();
    mine.set(key(b), (mine.get(key(b)) ?? 0) + 1);
    votes.set(key(a), mine);
  }
  const pairs = new Map<string, string>();
  for (const [a, mine] of votes) {
    const ranked = [...mine].sort((x, y) => y[1] - x[1]);
    if (ranked.length > 1 && ranked[0][1] === ranked[1][1]) return undefined;
    pairs.set(a, ranked[0][0]);
  }
  return pairs;
}
