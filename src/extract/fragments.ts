/**
 * Function location without a tree: from one side (pre or post) of a hunk fragment plus the hunk
 * header's function context (`@@ ... @@ static int collapse_file(...`).
 *
 * The fragment starts at an unknown brace depth. Lines belong to the @@ context function until the
 * fragment closes it; a function header recognised inside the fragment (a head that parses as a
 * function and is followed by `{`, or by `;` for a prototype) owns its lines up to its matching `}`.
 * The context function is taken to end at the `}` where the relative brace depth first reaches its
 * minimum before the next header; without a following header, at a column-0 `}` (kernel style; only
 * trustworthy when the patch was not whitespace-repaired). Comment lines directly above a header
 * belong to it; `EXPORT_SYMBOL(f)` lines belong to f.
 */
import { conditionalRole, exportedName, lexLines, startsInComment, type LexedLine } from './ctext.js';
import { parseHead } from './heads.js';

/** One line of one side of a hunk, numbered in that side's image. */
export interface SideLine {
  line: number;
  kind: ' ' | '+' | '-';
  text: string;
}

/** Who owns a line of a side: a function name (+ prototype flag), or nobody. */
export interface LineOwner {
  name: string;
  declarationOnly: boolean;
  /** The line is the first line of the function's header. */
  isHeader: boolean;
}

interface Item {
  name: string;
  declarationOnly: boolean;
  start: number;
  end?: number;
}

interface Scan {
  items: Item[];
  /** Relative brace depth after each line. */
  depthAfter: number[];
  /**
   * Line of the context function's opening brace, when the fragment starts inside its header (the
   * first terminator is a `{` after the tail of a parameter list).
   */
  contextOpen?: number;
}

/** Name of the function in the @@ context, or undefined when the context is not a function header. */
export function contextFunctionName(context: string): string | undefined {
  const open = context.indexOf('(');
  if (open < 0 || /;\s*$/.test(context)) return undefined;
  const head = context.slice(0, open);
  const typed = parseHead(context, '{') ?? parseHead(`${head}()`, '{');
  if (typed) return typed.name;
  const bare = /^([a-z_]\w*)\s*$/i.exec(head.trim());
  if (!bare || /^[A-Z0-9_]+$/.test(bare[1]) || /^(if|for|while|switch|return|sizeof)$/.test(bare[1])) return undefined;
  return bare[1];
}

class FragmentScanner {
  readonly items: Item[] = [];
  readonly depthAfter: number[] = [];
  contextOpen?: number;
  private sawTerminator = false;
  private depth = 0;
  private frames: { saved: number; afterFirst?: number }[] = [];
  private head = '';
  private headStart = -1;
  private open?: { item: Item; base: number };

  line(lexed: LexedLine, idx: number): void {
    if (lexed.cls === 'preproc') this.directive(lexed);
    else if (lexed.cls === 'code') for (const ch of lexed.code) this.char(ch, idx);
    if (this.head) this.head += ' ';
    this.depthAfter.push(this.depth);
  }

  private directive(lexed: LexedLine): void {
    const role = conditionalRole(lexed.directive);
    if (role === 'open') this.frames.push({ saved: this.depth });
    const frame = this.frames[this.frames.length - 1];
    if (!frame || !role || role === 'open') return;
    if (role === 'else') {
      frame.afterFirst ??= this.depth;
      this.depth = frame.saved;
    } else {
      if (frame.afterFirst !== undefined) this.depth = frame.afterFirst;
      this.frames.pop();
    }
  }

  private char(ch: string, idx: number): void {
    if (ch === '{') this.openBrace(idx);
    else if (ch === '}') this.closeBrace(idx);
    else if (ch === ';') this.semicolon(idx);
    else {
      if (!this.head.trim() && ch.trim()) this.headStart = idx;
      this.head += ch;
    }
  }

  private openBrace(idx: number): void {
    const m = this.open ? undefined : parseHead(this.head, '{');
    if (m && !m.declarationOnly) {
      const item: Item = { name: m.name, declarationOnly: false, start: this.headStart };
      this.items.push(item);
      this.open = { item, base: this.depth };
    } else if (!this.sawTerminator && closesUnopenedParen(this.head)) {
      this.contextOpen = idx;
    }
    this.sawTerminator = true;
    this.depth++;
    this.head = '';
  }

  private closeBrace(idx: number): void {
    this.sawTerminator = true;
    this.depth--;
    this.head = '';
    if (this.open && this.depth === this.open.base) {
      this.open.item.end = idx;
      this.open = undefined;
    }
  }

  private semicolon(idx: number): void {
    this.sawTerminator = true;
    const m = this.open ? undefined : parseHead(this.head, ';');
    if (m) this.items.push({ name: m.name, declarationOnly: true, start: this.headStart, end: idx });
    this.head = '';
  }
}

/** The tail of a parameter list whose `(` lies before the fragment: more `)` than `(`. */
function closesUnopenedParen(head: string): boolean {
  let depth = 0;
  for (const ch of head) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return true;
  }
  return false;
}

function scan(lexed: LexedLine[]): Scan {
  const s = new FragmentScanner();
  lexed.forEach((l, i) => s.line(l, i));
  return { items: s.items, depthAfter: s.depthAfter, contextOpen: s.contextOpen };
}

/** Index of the line where the context function closes, -1 if it covers nothing, undefined if it runs on. */
function contextEnd(lines: SideLine[], lexed: LexedLine[], sc: Scan, repaired: boolean): number | undefined {
  if (sc.contextOpen !== undefined) {
    const close = sc.depthAfter.findIndex((d, i) => i > sc.contextOpen! && d <= 0);
    return close < 0 ? undefined : close;
  }
  const limit = sc.items.length ? sc.items[0].start : lines.length;
  let min = 0;
  let at = -1;
  for (let i = 0; i < limit; i++) {
    if (sc.depthAfter[i] < min) [min, at] = [sc.depthAfter[i], i];
  }
  if (sc.items.length) return at;
  if (repaired) return undefined;
  for (let i = 0; i < limit; i++) {
    if (lines[i].text === '}' && sc.depthAfter[i] < 0 && sc.depthAfter[i] === Math.min(...sc.depthAfter.slice(0, i + 1))) return i;
  }
  return undefined;
}

/** Only blank lines, comments and preprocessor lines: no evidence of being inside a function. */
function trivial(lexed: LexedLine[], from: number, to: number): boolean {
  for (let i = from; i <= to; i++) if (lexed[i].cls === 'code') return false;
  return true;
}

/** Comment lines directly above a header belong to the function. */
function leadingComments(lexed: LexedLine[], start: number): number {
  let i = start;
  while (i > 0 && lexed[i - 1].cls === 'comment') i--;
  return i;
}

/** Owner of every line of one side of a hunk fragment. */
export function ownersOfSide(lines: SideLine[], context: string, repaired: boolean): (LineOwner | undefined)[] {
  const texts = lines.map((l) => l.text);
  const lexed = lexLines(texts, startsInComment(texts));
  const sc = scan(lexed);
  const owners: (LineOwner | undefined)[] = lines.map(() => undefined);
  const ctxName = contextFunctionName(context);
  const ctxEnd = contextEnd(lines, lexed, sc, repaired);
  const ctxLast = ctxEnd ?? lines.length - 1;
  if (ctxName && ctxLast >= 0 && !trivial(lexed, 0, ctxLast)) {
    for (let i = 0; i <= ctxLast; i++) owners[i] = { name: ctxName, declarationOnly: false, isHeader: false };
  }
  for (const item of sc.items) {
    const end = item.end ?? lines.length - 1;
    for (let i = leadingComments(lexed, item.start); i <= end; i++) {
      owners[i] = { name: item.name, declarationOnly: item.declarationOnly, isHeader: i === item.start };
    }
  }
  lexed.forEach((l, i) => {
    const exported = l.cls === 'code' ? exportedName(l.code) : undefined;
    if (exported) owners[i] = { name: exported, declarationOnly: false, isHeader: false };
  });
  if (ctxName && ctxEnd === undefined && repaired) keepOnlyCodeAfterClose(owners, lexed, sc, ctxName);
  return owners;
}

/**
 * Repaired fragments without a following header: after the first `}` that leaves the starting depth,
 * the context function may have ended. If code statements follow, it had not (an inner block closed);
 * otherwise the blank, comment and preprocessor lines after that brace belong to nobody.
 */
function keepOnlyCodeAfterClose(owners: (LineOwner | undefined)[], lexed: LexedLine[], sc: Scan, ctxName: string): void {
  const firstClose = sc.depthAfter.findIndex((d) => d < 0);
  if (firstClose < 0) return;
  const after = (i: number) => i > firstClose && owners[i]?.name === ctxName;
  if (lexed.some((l, i) => after(i) && l.cls === 'code' && !/^\s*}/.test(l.code))) return;
  for (let i = firstClose + 1; i < owners.length; i++) {
    if (after(i) && lexed[i].cls !== 'code') owners[i] = undefined;
  }
}
