/**
 * Function location in a whole source image: tree-sitter-c first, the header + brace-matching text
 * locator where tree-sitter reports ERROR nodes or misses a function.
 *
 * Result spans carry `fallback` when they did not come from a clean function_definition:
 *  - 'function_definition with ERROR inside': the node was used, but tree-sitter reported errors in it;
 *  - 'function_definition inside ERROR': the node sits in an ERROR region; no text span contradicts it;
 *  - 'header line + brace matching': tree-sitter gave no usable node, the text locator found it.
 */
import { lexLines, type LexedLine } from './ctext.js';
import { locateByText, type FunctionSpan } from './locate-text.js';
import { maskKernelAnnotations } from './mask.js';
import { parseC, type SyntaxNode, type Tree } from './parse.js';

export type { FunctionSpan } from './locate-text.js';

export const FALLBACK_ERROR_INSIDE = 'function_definition with ERROR inside';
export const FALLBACK_INSIDE_ERROR = 'function_definition inside ERROR';
export const FALLBACK_TEXT = 'header line + brace matching';

interface TreeSpan extends FunctionSpan {
  insideError: boolean;
  hasError: boolean;
}

const CONTAINERS = new Set([
  'translation_unit', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef',
  'linkage_specification', 'declaration_list', 'ERROR',
]);

/** Name of the function a declarator declares, descending through pointers, parentheses, attributes. */
export function declaratorName(node: SyntaxNode | null): string | undefined {
  let cur = node;
  let sawFunction = false;
  while (cur) {
    if (cur.type === 'identifier') return sawFunction ? cur.text : undefined;
    if (cur.type === 'function_declarator') sawFunction = true;
    cur = cur.childForFieldName('declarator') ?? cur.namedChildren.find((c) => c.type.endsWith('declarator')) ?? null;
  }
  return undefined;
}

function hasErrorNode(node: SyntaxNode): boolean {
  if (!node.hasError) return false;
  return node.descendantsOfType('ERROR').length > 0;
}

function span(node: SyntaxNode, name: string, declarationOnly: boolean, insideError: boolean): TreeSpan {
  return {
    name,
    start: node.startPosition.row + 1,
    end: node.endPosition.row + 1 - (node.endPosition.column === 0 ? 1 : 0),
    declarationOnly,
    insideError,
    hasError: hasErrorNode(node),
  };
}

/** function_definition and prototype nodes at top level (through #if containers and ERROR regions). */
function collectTree(node: SyntaxNode, insideError: boolean, out: TreeSpan[]): void {
  for (const child of node.namedChildren) {
    if (child.type === 'function_definition') {
      const name = declaratorName(child.childForFieldName('declarator'));
      if (name) out.push(span(child, name, false, insideError));
    } else if (child.type === 'declaration') {
      for (const decl of child.childrenForFieldName('declarator')) {
        const name = declaratorName(decl);
        if (name) out.push(span(child, name, true, insideError));
      }
    } else if (CONTAINERS.has(child.type)) {
      collectTree(child, insideError || child.type === 'ERROR', out);
    }
  }
}

function overlaps(a: FunctionSpan, b: FunctionSpan): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Keep clean tree spans; let text spans replace tree spans that sit in or contain errors. */
function merge(tree: TreeSpan[], text: FunctionSpan[]): FunctionSpan[] {
  const kept: FunctionSpan[] = [];
  const trusted = tree.filter((t) => !t.insideError);
  for (const t of trusted) {
    const rival = text.find((x) => x.declarationOnly === t.declarationOnly && overlaps(x, t) && x.name !== t.name);
    if (t.hasError && rival) continue;
    kept.push({ name: t.name, start: t.start, end: t.end, declarationOnly: t.declarationOnly, fallback: t.hasError ? FALLBACK_ERROR_INSIDE : undefined });
  }
  for (const x of text) {
    if (kept.some((k) => overlaps(k, x) && (k.declarationOnly === x.declarationOnly || !k.declarationOnly))) continue;
    kept.push({ ...x, fallback: FALLBACK_TEXT });
  }
  for (const t of tree.filter((s) => s.insideError)) {
    if (kept.some((k) => overlaps(k, t))) continue;
    kept.push({ name: t.name, start: t.start, end: t.end, declarationOnly: t.declarationOnly, fallback: FALLBACK_INSIDE_ERROR });
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end || a.name.localeCompare(b.name));
}

export interface Located {
  spans: FunctionSpan[];
  /** Lexed lines of the masked text. */
  lexed: LexedLine[];
}

/** Spans of a source plus its lexed lines (annotations masked), for callers that classify lines too. */
export function locateSource(text: string): Located {
  const masked = maskKernelAnnotations(text);
  return locateParsed(masked, parseC(masked));
}

/** Spans of an already masked text from its tree (see image-pair.ts for incremental parses). */
export function locateParsed(masked: string, tree: Tree): Located {
  const fromTree: TreeSpan[] = [];
  collectTree(tree.rootNode, false, fromTree);
  const lexed = lexLines(masked.split('\n'));
  return { spans: merge(fromTree, locateByText(masked, lexed)), lexed };
}

/** Every function definition and prototype in a C source text, 1-based inclusive line spans. */
export function locateFunctions(text: string): FunctionSpan[] {
  return locateSource(text).spans;
}

/** The innermost span containing a line (definitions before prototypes). */
export function spanAt(spans: readonly FunctionSpan[], line: number): FunctionSpan | undefined {
  let best: FunctionSpan | undefined;
  for (const s of spans) {
    if (line < s.start || line > s.end) continue;
    if (!best || (best.declarationOnly && !s.declarationOnly) || s.end - s.start < best.end - best.start) best = s;
  }
  return best;
}
