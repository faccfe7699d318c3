/**
 * A tolerant C tokenizer for hunk fragments and reference function bodies.
 *
 * Hunk fragments are partial C: a block comment may have started before the hunk, a statement may be
 * cut in half, braces need not balance. So this works line by line, keeps each token's line and column,
 * drops comments and preprocessor lines' bodies, and never throws.
 */

export type TokenKind = 'id' | 'num' | 'str' | 'punct' | 'pp';

export interface Token {
  t: string;
  kind: TokenKind;
  /** 0-based index into the lines given to tokenize(). */
  line: number;
  col: number;
  endCol: number;
}

const PUNCT3 = ['<<=', '>>=', '...'];
const PUNCT2 = ['->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '##'];

/** True when a fragment line looks like the inside of a block comment that began earlier (a star line, or its closing). */
function looksLikeCommentContinuation(line: string): boolean {
  const s = line.trimStart();
  return s === '*' || s.startsWith('* ') || s.startsWith('*/') || s.startsWith('*\t') || s === '**';
}

interface LineScan {
  tokens: Token[];
  inComment: boolean;
}

function scanLine(text: string, line: number, inComment: boolean, fragment: boolean): LineScan {
  const tokens: Token[] = [];
  let i = 0;
  const first = text.search(/\S/);
  if (first < 0) return { tokens, inComment };
  if (!inComment && fragment && text[first] === '*' && looksLikeCommentContinuation(text)) {
    const close = text.indexOf('*/');
    if (close < 0) return { tokens, inComment: false };
    i = close + 2;
  }
  if (!inComment && text[first] === '#') {
    tokens.push({ t: text.trim().replace(/\s+/g, ' '), kind: 'pp', line, col: text.indexOf('#'), endCol: text.length });
    return { tokens, inComment: false };
  }
  while (i < text.length) {
    if (inComment) {
      const close = text.indexOf('*/', i);
      if (close < 0) return { tokens, inComment: true };
      i = close + 2;
      inComment = false;
      continue;
    }
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (text.startsWith('//', i)) break;
    if (text.startsWith('/*', i)) {
      inComment = true;
      i += 2;
      continue;
    }
    const tok = readToken(text, i);
    tokens.push({ t: tok.t, kind: tok.kind, line, col: i, endCol: i + tok.len });
    i += tok.len;
  }
  return { tokens, inComment };
}

const ID = /[A-Za-z_]\w*/y;
const NUM = /(0[xX][0-9a-fA-F]+|\d+(\.\d+)?)[uUlL]*/y;

function sticky(re: RegExp, text: string, i: number): string | undefined {
  re.lastIndex = i;
  return re.exec(text)?.[0];
}

function readToken(text: string, i: number): { t: string; kind: TokenKind; len: number } {
  const id = sticky(ID, text, i);
  if (id) return { t: id, kind: 'id', len: id.length };
  const num = sticky(NUM, text, i);
  if (num) return { t: num, kind: 'num', len: num.length };
  const c = text[i];
  if (c === '"' || c === "'") {
    let j = i + 1;
    while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
    return { t: c === '"' ? '"s"' : "'c'", kind: 'str', len: Math.min(j + 1, text.length) - i };
  }
  for (const p of PUNCT3) if (text.startsWith(p, i)) return { t: p, kind: 'punct', len: 3 };
  for (const p of PUNCT2) if (text.startsWith(p, i)) return { t: p, kind: 'punct', len: 2 };
  return { t: c, kind: 'punct', len: 1 };
}

/**
 * Tokenize lines of C. `fragment` turns on the heuristics for text cut out of a larger file
 * (comment continuation lines at the start). Token lines count from `firstLine`.
 */
export function tokenize(lines: string[], fragment: boolean, firstLine = 0): Token[] {
  const out: Token[] = [];
  let inComment = false;
  lines.forEach((text, k) => {
    const r = scanLine(text, firstLine + k, inComment, fragment);
    inComment = r.inComment;
    out.push(...r.tokens);
  });
  return out;
}

const KEYWORDS = new Set([
  'if', 'else', 'for', 'while', 'do', 'switch', 'case', 'default', 'return', 'goto', 'break', 'continue',
  'struct', 'union', 'enum', 'sizeof', 'static', 'const', 'unsigned', 'signed', 'int', 'long', 'short',
  'char', 'void', 'bool', 'volatile', 'inline', 'true', 'false', 'typeof',
]);

export function isKeyword(t: string): boolean {
  return KEYWORDS.has(t);
}

/** Upper-case identifiers are macros and constants (NULL, HPAGE_PMD_NR, SCAN_FAIL): part of the shape. */
export function isMacroName(t: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(t);
}
