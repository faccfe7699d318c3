/**
 * Function definitions of reference C (or of any C image), found with tree-sitter-c, with their body
 * statements keyed like hunk statements. Results are cached by text: placement re-reads the same
 * reference many times during culprit search.
 */
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
  /** Body statements; their line numbers are 0-based file rows. */
  stmts: Stmt[];
  tokens: Token[];
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

/** The body's rows, with the text outside the braces blanked, so token lines are file rows. */
function bodyLines(lines: string[], body: SyntaxNode): string[] {
  const open = body.startPosition;
  const close = body.endPosition;
  return lines.slice(open.row, close.row + 1).map((text, k) => {
    const row = open.row + k;
    let t = text;
    if (row === close.row) t = t.slice(0, Math.max(0, close.column - 1));
    if (row === open.row) t = ' '.repeat(open.column + 1) + t.slice(open.column + 1);
    return t;
  });
}

export function referenceFunctions(file: SourceFile): RefFunction[] {
  const key = `${file.path}\0${file.text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const lines = file.text.split('\n');
  const defs: SyntaxNode[] = [];
  definitions(parseC(file.text).rootNode, defs);
  const out: RefFunction[] = [];
  for (const def of defs) {
    const name = functionName(def);
    const body = def.childForFieldName('body');
    if (!name || !body) continue;
    const tokens = tokenize(bodyLines(lines, body), false, body.startPosition.row);
    let errors: number | undefined;
    out.push({
      get errors() {
        errors ??= def.hasError ? countErrors(def) : 0;
        return errors;
      },
      path: file.path,
      name,
      startRow: def.startPosition.row,
      endRow: def.endPosition.row,
      openRow: body.startPosition.row,
      closeRow: body.endPosition.row,
      stmts: splitStatements(tokens),
      tokens,
    });
  }
  if (cache.size > 64) cache.clear();
  cache.set(key, out);
  return out;
}

/** The function named in a hunk's @@ context ("static int collapse_file(struct mm_struct *mm, ..."). */
export function contextFunctionName(context: string): string | undefined {
  const m = /([A-Za-z_]\w*)\s*\(/.exec(context);
  if (!m) return undefined;
  return ['if', 'for', 'while', 'switch', 'return', 'sizeof'].includes(m[1]) ? undefined : m[1];
}
