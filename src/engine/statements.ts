/**
 * Statements keyed by their kernel-visible content, for anchoring hunks on reference C.
 *
 * A key keeps what makes a step recognisable across differently worded code: callee names, field
 * names, macros and constants, control keywords, goto labels. Local variable names become `_`, so
 * upstream `xas_store(&xas, new_folio)` and reference `xas_store(&xas, hpage)` share the key
 * `xas_store ( & _ , _ )`; the names are kept apart (`vars`) to build a renaming.
 */
import { isKeyword, isMacroName, type Token } from './tokens.js';

export type StmtKind = 'brace' | 'else' | 'label' | 'goto' | 'return' | 'jump' | 'head' | 'loop' | 'call' | 'plain' | 'pp';

export interface Stmt {
  tokens: Token[];
  /** 0-based first and last line (in the line array that was tokenized). */
  firstLine: number;
  lastLine: number;
  key: string;
  /** Token texts with names kept: equal `exact` earns a bonus over equal `key`. */
  exact: string;
  kind: StmtKind;
  /** How much a match of this statement says about position. */
  weight: number;
  /** Variable-position identifiers in order; positions line up between statements with equal keys. */
  vars: string[];
  callees: string[];
}

const HEADS = new Set(['if', 'for', 'while', 'switch']);

/** Split a token stream into statements (see module comment). Never throws. */
export function splitStatements(tokens: Token[]): Stmt[] {
  const groups: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  const flush = () => {
    if (cur.length) groups.push(cur);
    cur = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const next = tokens[i + 1];
    if (tok.kind === 'pp') {
      flush();
      groups.push([tok]);
      continue;
    }
    if (depth === 0 && startsOwnStatement(tok, next, cur)) {
      flush();
      if (tok.kind === 'id' && next?.t === ':' && tok.t !== 'default') {
        groups.push([tok, next]);
        i++;
      } else groups.push([tok]);
      continue;
    }
    cur.push(tok);
    if (tok.t === '(' || tok.t === '[') depth++;
    else if ((tok.t === ')' || tok.t === ']') && depth > 0) depth--;
    if (depth === 0 && endsStatement(tok, next, cur)) flush();
  }
  flush();
  return groups.map(makeStmt);
}

function startsOwnStatement(tok: Token, next: Token | undefined, cur: Token[]): boolean {
  if (tok.t === '}') return true;
  if (tok.t === '{') return cur.length === 0;
  if (cur.length) return false;
  if (tok.t === 'else' || tok.t === 'do') return true;
  return tok.kind === 'id' && next?.t === ':' && !isKeyword(tok.t) && next.line === tok.line;
}

function endsStatement(tok: Token, next: Token | undefined, cur: Token[]): boolean {
  if (tok.t === ';' || tok.t === '{') return true;
  if (tok.t === ':' && (cur[0].t === 'case' || cur[0].t === 'default')) return true;
  if (tok.t !== ')' || !next) return false;
  const head = cur[0];
  if (HEADS.has(head.t) && closesFirstParen(cur)) return !(head.t === 'while' && next.t === ';');
  // an iterator macro head without braces: `xas_for_each(&xas, page, end)` + statement on the next line
  return head.kind === 'id' && cur[1]?.t === '(' && closesFirstParen(cur) && next.line > tok.line && next.kind === 'id';
}

/** True when the last token of `cur` closes the first '(' of the statement. */
function closesFirstParen(cur: Token[]): boolean {
  let depth = 0;
  let opened = false;
  for (let i = 0; i < cur.length; i++) {
    if (cur[i].t === '(') {
      depth++;
      opened = true;
    } else if (cur[i].t === ')') {
      depth--;
      if (opened && depth === 0) return i === cur.length - 1;
    }
  }
  return false;
}

function makeStmt(tokens: Token[]): Stmt {
  const body = tokens.length > 1 && tokens[tokens.length - 1].t === '{' ? tokens.slice(0, -1) : tokens;
  const vars: string[] = [];
  const callees: string[] = [];
  const isLabel = body.length === 2 && body[1].t === ':' && body[0].kind === 'id';
  const shape = body.map((tok, k) => {
    if (tok.kind !== 'id') return tok.t;
    const prev = body[k - 1]?.t;
    if (body[k + 1]?.t === '(' && !isKeyword(tok.t)) {
      callees.push(tok.t);
      return tok.t;
    }
    if (isKeyword(tok.t) || isMacroName(tok.t) || isLabel) return tok.t;
    if (prev === '->' || prev === '.' || prev === 'goto' || prev === 'struct' || prev === 'union' || prev === 'enum') return tok.t;
    vars.push(tok.t);
    return '_';
  });
  const kind = classify(body, isLabel, callees, tokens);
  return {
    tokens,
    firstLine: tokens[0].line,
    lastLine: tokens[tokens.length - 1].line,
    key: shape.join(' '),
    exact: body.map((t) => t.t).join(' '),
    kind,
    weight: weightOf(kind, callees),
    vars,
    callees,
  };
}

function classify(body: Token[], isLabel: boolean, callees: string[], all: Token[]): StmtKind {
  const first = body[0];
  if (first.kind === 'pp') return 'pp';
  if (first.t === '{' || first.t === '}') return 'brace';
  if (first.t === 'else' || first.t === 'do') return 'else';
  if (isLabel) return 'label';
  if (first.t === 'goto') return 'goto';
  if (first.t === 'return') return 'return';
  if (first.t === 'break' || first.t === 'continue') return 'jump';
  if (HEADS.has(first.t)) return 'head';
  const opensBlock = all[all.length - 1].t === '{';
  if (callees.length && opensBlock && !body.some((t) => t.t === '=')) return 'loop';
  if (callees.length) return 'call';
  return 'plain';
}

function weightOf(kind: StmtKind, callees: string[]): number {
  switch (kind) {
    case 'brace':
      return 0.05;
    case 'else':
      return 0.1;
    case 'pp':
      return 0.2;
    case 'jump':
      return 0.3;
    case 'label':
      return 3;
    case 'goto':
      return 1.5;
    case 'return':
      return 1;
    case 'head':
      return callees.length ? 1.5 : 1;
    case 'loop':
    case 'call':
      return 2;
    default:
      return 0.7;
  }
}

/** Statements whose loss or misplacement changes what the model can see. */
export function isSignificant(s: Stmt): boolean {
  return s.weight >= 1;
}
