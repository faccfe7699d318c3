/**
 * Recognising a function header in the text that precedes a top-level `{` (definition) or `;`
 * (prototype). Used by the text locators where tree-sitter cannot be used (hunk fragments) or reported
 * ERROR nodes. Input is code with comments and literals already blanked (see ctext.ts).
 */

export interface HeadMatch {
  name: string;
  declarationOnly: boolean;
}

/** Words that start statements, never a function header. */
const STATEMENT_WORDS = new Set([
  'if', 'else', 'for', 'while', 'do', 'switch', 'case', 'default', 'return', 'goto', 'break', 'continue',
  'sizeof', 'typedef', 'asm', '__asm__', '__asm', 'typeof', '__typeof__', '_Static_assert', 'static_assert',
]);

/** Attribute-like calls that may precede or follow the declarator. */
const ATTRIBUTE_CALLS = new Set(['__attribute__', '__attribute', '__declspec', 'alignas', '_Alignas']);

/** `SYSCALL_DEFINEn(name, ...)` and the compat form define `sys_name` / `compat_sys_name`. */
const SYSCALL_RE = /^(COMPAT_)?SYSCALL_DEFINE\d\s*\(\s*(\w+)/;

/** Index of the parenthesis closing the one at `open`, or -1. */
function matchParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Remove `__attribute__((...))`-style groups so only type words, stars and the declarator remain. */
function stripAttributeCalls(s: string): string {
  let out = s;
  for (;;) {
    const m = /\b(__attribute__|__attribute|__declspec|alignas|_Alignas)\s*\(/.exec(out);
    if (!m) return out;
    const close = matchParen(out, m.index + m[0].length - 1);
    if (close < 0) return out;
    out = out.slice(0, m.index) + ' ' + out.slice(close + 1);
  }
}

function isMacroName(name: string): boolean {
  return /^[A-Z0-9_]+$/.test(name);
}

/**
 * The function a head declares or defines, or undefined when the head is anything else (a struct, an
 * initialiser, a macro invocation, a statement).
 */
export function parseHead(rawHead: string, terminator: '{' | ';'): HeadMatch | undefined {
  const head = stripAttributeCalls(rawHead).replace(/\s+/g, ' ').trim();
  if (!head) return undefined;
  const sys = SYSCALL_RE.exec(head);
  if (sys && terminator === '{') return { name: `${sys[1] ? 'compat_' : ''}sys_${sys[2]}`, declarationOnly: false };
  const open = head.indexOf('(');
  if (open < 0) return undefined;
  const before = head.slice(0, open).trim();
  if (!/^[\w\s*]+$/.test(before)) return undefined;
  const words = before.split(/[\s*]+/).filter(Boolean);
  const name = words.pop();
  if (!name || words.length === 0 || !/^[A-Za-z_]\w*$/.test(name)) return undefined;
  if (words.some((w) => STATEMENT_WORDS.has(w) || /^\d/.test(w)) || ATTRIBUTE_CALLS.has(name)) return undefined;
  // `static DEFINE_MUTEX(m);` is a macro invocation; a braced body makes even an upper-case name a function.
  if ((terminator === ';' && isMacroName(name)) || (words[0] === 'extern' && head.includes('"'))) return undefined;
  const close = matchParen(head, open);
  if (close < 0) return undefined;
  if (!/^[\w\s()]*$/.test(stripParenGroups(head.slice(close + 1)))) return undefined;
  if (head.slice(close + 1).includes('=')) return undefined;
  return { name, declarationOnly: terminator === ';' };
}

/** Drop balanced (...) groups (trailing annotations such as `__acquires(x)`). */
function stripParenGroups(s: string): string {
  let out = s;
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = out.replace(/\([^()]*\)/g, ' ');
  }
  return out;
}
