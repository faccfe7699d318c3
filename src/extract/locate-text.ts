/**
 * Function location by header line + brace matching, on a whole source text. The fallback for regions
 * where tree-sitter reports ERROR nodes (unbalanced braces across #ifdef branches, unknown macros).
 *
 * Braces are counted on code with comments and literals blanked. Preprocessor branches are treated as
 * alternatives: every #else/#elif branch starts from the brace state at its #if, and after #endif the
 * state of the first branch is kept (the same choice ctags makes), so `#ifdef A  if (x) {  #else
 * if (y) {  #endif` counts one brace, and both branches of `#ifdef A int f() {..} #else static inline
 * int f() {..} #endif` are found.
 */
import { conditionalRole, lexLines, type LexedLine } from './ctext.js';
import { parseHead } from './heads.js';

export interface FunctionSpan {
  name: string;
  /** 1-based first line of the header (return type / storage class). */
  start: number;
  /** 1-based last line (closing brace, or the `;` of a prototype). */
  end: number;
  declarationOnly: boolean;
  /** How it was located when not by a clean tree-sitter function_definition. */
  fallback?: string;
}

interface Level {
  fn?: { name: string; start: number };
}

interface Frame {
  saved: Level[];
  afterFirst?: Level[];
}

class TextLocator {
  readonly spans: FunctionSpan[] = [];
  private stack: Level[] = [];
  private frames: Frame[] = [];
  private head = '';
  private headStart = 0;

  directive(line: LexedLine): void {
    const role = conditionalRole(line.directive);
    if (role === 'open') this.frames.push({ saved: [...this.stack] });
    const frame = this.frames[this.frames.length - 1];
    if (!frame) return;
    if (role === 'else') {
      frame.afterFirst ??= [...this.stack];
      this.stack = [...frame.saved];
    } else if (role === 'close') {
      if (frame.afterFirst && frame.afterFirst.length !== this.stack.length) this.stack = frame.afterFirst;
      this.frames.pop();
    }
  }

  code(text: string, lineNo: number): void {
    for (const ch of text) {
      if (this.stack.length > 0) this.inside(ch, lineNo);
      else this.topLevel(ch, lineNo);
    }
    if (this.stack.length === 0 && this.head) this.head += ' ';
  }

  private topLevel(ch: string, lineNo: number): void {
    if (ch === '{') {
      const m = parseHead(this.head, '{');
      this.stack.push({ fn: m && !m.declarationOnly ? { name: m.name, start: this.headStart } : undefined });
      this.head = '';
    } else if (ch === ';') {
      const m = parseHead(this.head, ';');
      if (m) this.spans.push({ name: m.name, start: this.headStart, end: lineNo, declarationOnly: true });
      this.head = '';
    } else if (ch === '}') {
      this.head = '';
    } else {
      if (!this.head.trim() && ch.trim()) this.headStart = lineNo;
      this.head += ch;
    }
  }

  private inside(ch: string, lineNo: number): void {
    if (ch === '{') this.stack.push({});
    else if (ch === '}') {
      const level = this.stack.pop();
      if (level?.fn && this.stack.length === 0) {
        this.spans.push({ name: level.fn.name, start: level.fn.start, end: lineNo, declarationOnly: false });
      }
    }
  }
}

/** Functions and prototypes of a whole source text, found by header + brace matching. */
export function locateByText(text: string, lexed?: LexedLine[]): FunctionSpan[] {
  const lines = lexed ?? lexLines(text.split('\n'));
  const loc = new TextLocator();
  lines.forEach((line, i) => {
    if (line.cls === 'preproc') loc.directive(line);
    else if (line.cls === 'code') loc.code(line.code, i + 1);
  });
  return loc.spans.sort((a, b) => a.start - b.start || a.end - b.end);
}
