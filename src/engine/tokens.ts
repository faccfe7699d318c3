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
  if (!inComment && fragment && looksLikeCommentContinuation(text)) {
    const close = text.indexOf('*/');
    if (close < 0) return { tokens, inComment: false };
    i = close + 2;
  }
  if (!inComment && text.trimStart().startsWith('#')) {
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
    tokens.push({ ...tok, line, col: i, endCol: i + tok.len });
    i += tok.len;
  }
  return { tokens, inComment };
}

function readToken(text: string, i: number): { t: string; kind: TokenKind; len: number } {
  const rest = text.slice(i);
  const id = /^[A-Za-z_]\w*/.exec(rest);
  if (id) return { t: id[0], kind: 'id', len: id[0].length };
  const num = /^(0[xX][0-9a-fA-F]+|\d+(\.\d+)?)[uUlL]*/.exec(rest);
  if (num) return { t: num[0], kind: 'num', len: num[0].length };
  if (rest[0] === '"' || rest[0] === "'") {
    const q = rest[0];
    let j = 1;
    while (j < rest.length && rest[j] !== q) j += rest[j] === '\\' ? 2 : 1;
    return { t: q === '"' ? '"s"' : "'c'", kind: 'str', len: Math.min(j + 1, rest.length) };
  }
  for (const p of PUNCT3) if (rest.startsWith(p)) return { t: p, kind: 'punct', len: 3 };
  for (const p of PUNCT2) if (rest.startsWith(p)) return { t: p, kind: 'punct', len: 2 };
  return { t: rest[0], kind: 'punct', len: 1 };
}

/**
 * Tokenize lines of C. `fragment` turns on the heuristics for text cut out of a larger file
 * (comment continuation lines at the start).
 */
export function tokenize(lines: string[], fragment: boolean): Token[] {
  const out: Token[] = [];
  let inComment = false;
  lines.forEach((text, line) => {
    const r = scanLine(text, line, inComment, fragment);
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
