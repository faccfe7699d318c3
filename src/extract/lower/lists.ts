/**
 * Page lists as locals. A list head declared in the function (`LIST_HEAD(pagelist)` or
 * `struct list_head pagelist;`) is a fixed array of page-id slots `pagelist[0..K-1]` plus a count
 * `pagelist#n`. list_add_tail fills slot n; list_add shifts the slots up; list_del zeroes the slot
 * holding the page; iteration visits slots 0..n-1 and skips zeroes. Every update is a pure local
 * assignment (no branches), so it runs atomically with the next kernel-visible step.
 */
import type { Expr } from '../../model/ir.js';
import type { LNode as SyntaxNode } from './lnode.js';
import { type FnCtx, constE, localE } from './context.js';
import { lowerExpr, strip } from './expressions.js';
import { fold } from './fold.js';

export const LIST_OPS = new Set([
  'list_add', 'list_add_tail', 'list_del', 'list_del_init', 'list_empty', 'list_first_entry',
  'list_first_entry_or_null', 'list_move', 'list_move_tail',
]);

export const slot = (list: string, j: number): string => `${list}[${j}]`;
export const count = (list: string): string => `${list}#n`;

export function declareList(cx: FnCtx, cName: string): string {
  const name = cx.declare(cName, { base: 'list_head', ptr: 0 });
  cx.lists.add(name);
  for (let j = 0; j < cx.prog.listMax; j++) cx.addLocal(slot(name, j));
  cx.addLocal(count(name));
  return name;
}

/** The list local a head argument names (`&pagelist`), if it is one. */
export function listOf(cx: FnCtx, node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  const s = strip(node);
  if (s.type !== 'identifier') return undefined;
  const name = cx.resolve(s.text);
  return name !== undefined && cx.lists.has(name) ? name : undefined;
}

/** The page a list entry designates: `&page->lru` → page. */
export function entryPage(cx: FnCtx, node: SyntaxNode): Expr {
  const s = strip(node);
  if (s.type === 'field_expression') return lowerExpr(cx, s.childForFieldName('argument')!);
  return lowerExpr(cx, s);
}

/** Lowers a list operation; undefined when its list is not a modelled list local. */
export function lowerListOp(cx: FnCtx, name: string, call: SyntaxNode, args: SyntaxNode[]): Expr | undefined {
  switch (name) {
    case 'list_add':
    case 'list_add_tail':
    case 'list_move':
    case 'list_move_tail': {
      const list = listOf(cx, args[1]);
      if (!list) return undefined;
      const page = pinned(cx, entryPage(cx, args[0]), call);
      if (name.startsWith('list_move')) removeEverywhere(cx, page, call);
      if (name.endsWith('_tail')) addTail(cx, list, page, call);
      else addHead(cx, list, page, call);
      return constE(0);
    }
    case 'list_del':
    case 'list_del_init':
      if (cx.lists.size === 0) return undefined;
      removeEverywhere(cx, pinned(cx, entryPage(cx, args[0]), call), call);
      return constE(0);
    case 'list_empty': {
      const list = listOf(cx, args[0]);
      return list ? fold('==', firstOf(cx, list), constE(0)) : undefined;
    }
    case 'list_first_entry':
    case 'list_first_entry_or_null': {
      const list = listOf(cx, args[0]);
      return list ? firstOf(cx, list) : undefined;
    }
    default:
      return undefined;
  }
}

/** Evaluates a page expression once into a temporary when it is not already a local or constant. */
function pinned(cx: FnCtx, e: Expr, node: SyntaxNode): Expr {
  if (e.k === 'local' || e.k === 'const') return e;
  const t = cx.tmp();
  cx.set({ k: 'local', name: t }, e, node);
  return localE(t);
}

function addTail(cx: FnCtx, list: string, page: Expr, node: SyntaxNode): void {
  const n = localE(count(list));
  for (let j = 0; j < cx.prog.listMax; j++) {
    const s = localE(slot(list, j));
    cx.set({ k: 'local', name: slot(list, j) }, fold('+', s, fold('*', fold('==', n, constE(j)), page)), node);
  }
  cx.set({ k: 'local', name: count(list) }, fold('+', n, fold('<', n, constE(cx.prog.listMax))), node);
}

function addHead(cx: FnCtx, list: string, page: Expr, node: SyntaxNode): void {
  for (let j = cx.prog.listMax - 1; j > 0; j--)
    cx.set({ k: 'local', name: slot(list, j) }, localE(slot(list, j - 1)), node);
  cx.set({ k: 'local', name: slot(list, 0) }, page, node);
  const n = localE(count(list));
  cx.set({ k: 'local', name: count(list) }, fold('+', n, fold('<', n, constE(cx.prog.listMax))), node);
}

function removeEverywhere(cx: FnCtx, page: Expr, node: SyntaxNode): void {
  for (const list of [...cx.lists].sort())
    for (let j = 0; j < cx.prog.listMax; j++) {
      const s = localE(slot(list, j));
      cx.set({ k: 'local', name: slot(list, j) }, fold('*', s, fold('!=', s, page)), node);
    }
}

/** First non-empty slot: s0 + (s0 == 0) * (s1 + (s1 == 0) * (...)). */
function firstOf(cx: FnCtx, list: string): Expr {
  let e: Expr = constE(0);
  for (let j = cx.prog.listMax - 1; j >= 0; j--) {
    const s = localE(slot(list, j));
    e = fold('+', s, fold('*', fold('==', s, constE(0)), e));
  }
  return e;
}

/** Page at slot `i` (a local index) of a list: Σ (i == j) * slot j. */
export function slotAt(cx: FnCtx, list: string, i: Expr): Expr {
  let e: Expr = constE(0);
  for (let j = 0; j < cx.prog.listMax; j++) e = fold('+', e, fold('*', fold('==', i, constE(j)), localE(slot(list, j))));
  return e;
}

