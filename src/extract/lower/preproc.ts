/**
 * Preprocessor conditionals inside function bodies: the branch is chosen from the scenario's
 * `assume` (CONFIG_* names); an undecidable condition takes the first branch and is recorded.
 */
import type { LNode as SyntaxNode } from './lnode.js';
import type { FnCtx } from './context.js';
import { parseNumber } from './ctypes.js';

/** Statements of the branch of a preproc_if / preproc_ifdef (and its #elif / #else chain) to lower. */
export function preprocBranch(cx: FnCtx, node: SyntaxNode): SyntaxNode[] {
  let n: SyntaxNode | null = node;
  while (n) {
    if (n.type === 'preproc_else') return body(n);
    const v = branchValue(cx, n);
    if (v === undefined) {
      cx.record(`#if ${n.childForFieldName('name')?.text ?? n.childForFieldName('condition')?.text ?? ''} (first branch taken)`, n, 'construct');
      return body(n);
    }
    if (v) return body(n);
    n = n.childForFieldName('alternative');
  }
  return [];
}

function body(n: SyntaxNode): SyntaxNode[] {
  const skip = new Set([n.childForFieldName('name')?.id, n.childForFieldName('condition')?.id, n.childForFieldName('alternative')?.id]);
  return n.namedChildren.filter((c) => !skip.has(c.id) && c.type !== 'comment');
}

function branchValue(cx: FnCtx, n: SyntaxNode): number | undefined {
  if (n.type === 'preproc_ifdef' || n.type === 'preproc_elifdef') {
    const name = n.childForFieldName('name')?.text ?? '';
    const d = defined(cx, name);
    const negated = n.child(0)?.type === '#ifndef' || n.child(0)?.type === '#elifndef';
    return d === undefined ? undefined : negated ? 1 - d : d;
  }
  const cond = n.childForFieldName('condition');
  return cond ? evalCondition(cx, cond) : undefined;
}

function defined(cx: FnCtx, name: string): number | undefined {
  const a = cx.assumed(name);
  if (a === undefined || a === 'any') return undefined;
  return a ? 1 : 0;
}

/** Evaluates `defined(X)`, `IS_ENABLED(X)`, `X`, numbers, `!`, `&&`, `||`; undefined when unknown. */
function evalCondition(cx: FnCtx, c: SyntaxNode): number | undefined {
  switch (c.type) {
    case 'number_literal':
      return parseNumber(c.text);
    case 'identifier':
      return defined(cx, c.text);
    case 'preproc_defined':
      return defined(cx, c.namedChildren[0]?.text ?? '');
    case 'parenthesized_expression':
      return c.namedChildren[0] ? evalCondition(cx, c.namedChildren[0]) : undefined;
    case 'call_expression': {
      const fn = c.childForFieldName('function')?.text;
      const arg = c.childForFieldName('arguments')?.namedChildren[0];
      return fn && /^IS_(ENABLED|BUILTIN|REACHABLE)$/.test(fn) && arg ? defined(cx, arg.text) : undefined;
    }
    case 'unary_expression': {
      const v = c.childForFieldName('argument') ? evalCondition(cx, c.childForFieldName('argument')!) : undefined;
      return v === undefined ? undefined : v ? 0 : 1;
    }
    case 'binary_expression': {
      const op = c.childForFieldName('operator')?.text;
      const l = evalCondition(cx, c.childForFieldName('left')!);
      const r = evalCondition(cx, c.childForFieldName('right')!);
      if (op === '&&') return l === 0 || r === 0 ? 0 : l === undefined || r === undefined ? undefined : 1;
      if (op === '||') return l === 1 || r === 1 ? 1 : l === undefined || r === undefined ? undefined : 0;
      return undefined;
    }
    default:
      return undefined;
  }
}
