/**
 * Function definitions of reference C (or of any C image), found with tree-sitter-c, with their body
 * statements keyed like hunk statements. Results are cached by text: placement re-reads the same
 * reference many times during culprit search.
 */
import { normalizeKernelC } from '../extract/lower/source.js';
import { parseC, type SyntaxNode } from '../extract/parse.js';
import { splitStatements, type Stmt } from './statements.js';
import { tokenize, type Token } from './tokens.js';

export interface SourceFile {
  path: string;
  text: string;
}

export interface RefFunction {
  path: string;
  name: string;
  /** 0-based rows of the definition and of its body braces. */
  startRow: number;
  endRow: number;
  openRow: number;
  closeRow: number;
  /** Body statements; their line numbers are 0-based file rows. Tokenized on first use. */
  readonly stmts: Stmt[];
  readonly tokens: Token[];
  /** Names called in the body (read from the text, comments removed): for call graphs. */
  readonly calls: Set<string>;
  /** ERROR and MISSING nodes in the definition (kernel iterator macros already cost one each); counted on demand. */
  readonly errors: number;
}

const cache = new Map<string, RefFunction[]>();

export function functionName(def: SyntaxNode): string | undefined {
  let d: SyntaxNode | null = def.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const id = d?.childForFieldName('declarator');
  return id && id.type === 'identifier' ? id.text : undefined;
}

function definitions(node: SyntaxNode, out: SyntaxNode[]): void {
  for (const child of node.namedChildren) {
    if (child.type === 'function_definition') out.push(child);
    else if (child.type.startsWith('preproc_') || child.type === 'ERROR' || child.type === 'translation_unit') definitions(child, out);
  }
}

/** ERROR and MISSING nodes under `node`, walked with a cursor (node objects are costly to create). */
function countErrors(node: SyntaxNode): number {
  const cursor = node.walk();
  let n = 0;
  for (;;) {
    if (cursor.nodeType === 'ERROR' || cursor.nodeIsMissing) n++;
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || cursor.currentDepth === 0) return n;
    }
  }
}

type Point = { row: number; column: number };

/** The body's rows, with the text outside the braces blanked, so token lines are file rows. */
function bodyLines(lines: string[], open: Point, close: Point): string[] {
  return lines.slice(open.row, close.row + 1).map((text, k) => {
    const row = open.row + k;
    let t = text;
    if (row === close.row) t = t.slice(0, Math.max(0, close.column - 1));
    if (row === open.row) t = ' '.repeat(open.column + 1) + t.slice(open.column + 1);
    return t;
  });
}

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'return', 'sizeof', 'typeof', '__typeof__']);

function callsIn(body: string): Set<string> {
  const code = body.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ');
  const calls = new Set<string>();
  for (const m of code.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) if (!KEYWORDS.has(m[1])) calls.add(m[1]);
  return calls;
}

/** Statements are only tokenized for the functions placement looks at. */
function lazyFunction(path: string, name: string, def: SyntaxNode, lines: string[], open: Point, close: Point): RefFunction {
  let errors: number | undefined;
  let tokens: Token[] | undefined;
  let stmts: Stmt[] | undefined;
  let calls: Set<string> | undefined;
  return {
    path,
    name,
    startRow: def.startPosition.row,
    endRow: def.endPosition.row,
    openRow: open.row,
    closeRow: close.row,
    get errors() {
      errors ??= def.hasError ? countErrors(def) : 0;
      return errors;
    },
    get tokens() {
      tokens ??= tokenize(bodyLines(lines, open, close), false, open.row);
      return tokens;
    },
    get stmts() {
      stmts ??= splitStatements(this.tokens);
      return stmts;
    },
    get calls() {
      calls ??= callsIn(bodyLines(lines, open, close).join('\n'));
      return calls;
    },
  };
}

export function referenceFunctions(file: SourceFile): RefFunction[] {
  const key = `${file.path}\0${file.text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const lines = file.text.split('\n');
  const defs: SyntaxNode[] = [];
  // annotations blanked and SYSCALL_DEFINEn headers written as `long sys_name(...)`, lines kept
  definitions(parseC(normalizeKernelC(file.text)).rootNode, defs);
  const out: RefFunction[] = [];
  for (const def of defs) {
    const name = functionName(def);
    const body = def.childForFieldName('body');
    if (!name || !body) continue;
    out.push(lazyFunction(file.path, name, def, lines, body.startPosition, body.endPosition));
  }
  if (cache.size > 64) cache.clear();
  cache.set(key, out);
  return out;
}

/** The function named in a hunk's @@ context ("static int collapse_file(struct mm_struct *mm, ..."). */
export function contextFunctionName(context: string): string | undefined {
  // named as the lowering names it (src/extract/lower/source.ts)
  const syscall = /\b(?:COMPAT_)?SYSCALL_DEFINE\d\s*\(\s*(\w+)/.exec(context);
  if (syscall) return `sys_${syscall[1]}`;
  const m = /([A-Za-z_]\w*)\s*\(/.exec(context);
  if (!m) return undefined;
  return ['if', 'for', 'while', 'switch', 'return', 'sizeof'].includes(m[1]) ? undefined : m[1];
}
