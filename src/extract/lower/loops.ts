/**
 * Loops: for / while / do-while, and kernel iterator macros as loops over what the model knows:
 * a list local's page slots, the page-cache range of an xa_state cursor, or the objects a scenario
 * lists for the macro (LowerOptions.iterate). Other iterators run zero or one pass (an unknown
 * choice) with a NULL element, and are recorded.
 */
import type { Expr, LValue } from '../../model/ir.js';
import type { LNode as SyntaxNode } from './lnode.js';
import { type FnCtx, anyE, constE, localE } from './context.js';
import { lowerCond, lowerExpr, lvalueOf } from './expressions.js';
import { fold } from './fold.js';
import { count, listOf, slotAt } from './lists.js';

type Iterator =
  | { kind: 'list'; pos: number; head: number }
  | { kind: 'xas'; cursor: number; entry: number; max: number }
  | { kind: 'xa_range'; index: number; entry: number; start: number; last: number }
  | { kind: 'unknown'; elem: number };

const ITERATORS: Record<string, Iterator> = {
  list_for_each_entry: { kind: 'list', pos: 0, head: 1 },
  list_for_each_entry_rcu: { kind: 'list', pos: 0, head: 1 },
  list_for_each_entry_reverse: { kind: 'list', pos: 0, head: 1 },
  list_for_each_entry_safe: { kind: 'list', pos: 0, head: 2 },
  list_for_each_entry_safe_reverse: { kind: 'list', pos: 0, head: 2 },
  xas_for_each: { kind: 'xas', cursor: 0, entry: 1, max: 2 },
  xas_for_each_marked: { kind: 'xas', cursor: 0, entry: 1, max: 2 },
  xa_for_each_range: { kind: 'xa_range', index: 1, entry: 2, start: 3, last: 4 },
  vma_interval_tree_foreach: { kind: 'unknown', elem: 0 },
  anon_vma_interval_tree_foreach: { kind: 'unknown', elem: 0 },
  for_each_vma: { kind: 'unknown', elem: 1 },
  for_each_vma_range: { kind: 'unknown', elem: 1 },
  mas_for_each: { kind: 'unknown', elem: 1 },
};

/** Is this a call of an iterator macro (`list_for_each_entry(...)` followed by a body)? */
export function isIteratorName(name: string): boolean {
  return name in ITERATORS || /for_each|foreach/.test(name);
}

export type BodyLowering = (cx: FnCtx, body: SyntaxNode | undefined) => void;

/** Runs `body` inside a loop frame: `break` → brk, `continue` → cont. */
function inLoop(cx: FnCtx, brk: number, cont: number, run: () => void): void {
  cx.loops.push({ brk, cont });
  try {
    run();
  } finally {
    cx.loops.pop();
  }
}

/** `head: if (!cond) goto exit; body; cont: update; goto head; exit:` (cond omitted = forever). */
export function lowerForLike(
  cx: FnCtx, node: SyntaxNode, cond: SyntaxNode | null, body: () => void, update: () => void,
): void {
  const [head, start, cont, exit] = [cx.newLabel(), cx.newLabel(), cx.newLabel(), cx.newLabel()];
  cx.place(head);
  const c = cond ? lowerCond(cx, cond) : constE(1);
  if (c.k !== 'const') cx.br(c, start, exit, node);
  else if (!c.v) cx.jmp(exit, node);
  cx.place(start);
  inLoop(cx, exit, cont, body);
  cx.place(cont);
  update();
  cx.jmp(head, node);
  cx.place(exit);
}

export function lowerDoWhile(cx: FnCtx, node: SyntaxNode, body: () => void): void {
  const [start, cont, exit] = [cx.newLabel(), cx.newLabel(), cx.newLabel()];
  cx.place(start);
  inLoop(cx, exit, cont, body);
  cx.place(cont);
  const condNode = node.childForFieldName('condition');
  const c = condNode ? lowerCond(cx, condNode) : constE(0);
  if (c.k !== 'const') cx.br(c, start, exit, node);
  else if (c.v) cx.jmp(start, node);
  cx.place(exit);
}

/** A kernel iterator macro call with its body statement. */
export function lowerIterator(cx: FnCtx, name: string, call: SyntaxNode, args: SyntaxNode[], body: SyntaxNode | undefined, lowerBody: BodyLowering): void {
  const it = ITERATORS[name] ?? { kind: 'unknown', elem: 0 };
  const run = () => lowerBody(cx, body);
  if (it.kind === 'list') {
    const list = listOf(cx, args[it.head]);
    if (list) {
      const n = localE(count(list));
      // _reverse walks from the last slot down
      const at = name.includes('reverse')
        ? (i: Expr) => slotAt(cx, list, fold('-', fold('-', n, constE(1)), i))
        : (i: Expr) => slotAt(cx, list, i);
      return sequenceLoop(cx, call, args[it.pos], n, at, run);
    }
  }
  if (it.kind === 'xas') return cursorLoop(cx, call, args[it.cursor], args[it.entry], args[it.max], run);
  if (it.kind === 'xa_range') return indexLoop(cx, call, args[it.index], args[it.entry], args[it.start], args[it.last], run);
  const elem = it.kind === 'unknown' ? args[it.elem] : args[it.pos];
  const objs = cx.prog.opts.iterate?.[name];
  if (objs) {
    const seq = objs.map((o): Expr => ({ k: 'obj', name: o }));
    return sequenceLoop(cx, call, elem, constE(seq.length), (i) => seq.reduce<Expr>((e, o, j) => fold('+', e, fold('*', fold('==', i, constE(j)), o)), constE(0)), run);
  }
  unknownLoop(cx, name, call, elem, run);
}

/** for (i = 0; i < len; i++) { pos = at(i); if (!pos) continue; body } */
function sequenceLoop(cx: FnCtx, call: SyntaxNode, posNode: SyntaxNode | undefined, len: Expr, at: (i: Expr) => Expr, run: () => void): void {
  const i = cx.tmp();
  const pos = posNode ? lvalueOf(cx, posNode) : undefined;
  cx.set({ k: 'local', name: i }, constE(0), call);
  const [head, start, body, cont, exit] = [cx.newLabel(), cx.newLabel(), cx.newLabel(), cx.newLabel(), cx.newLabel()];
  cx.place(head);
  cx.br(fold('<', localE(i), len), start, exit, call);
  cx.place(start);
  const v = cx.tmp();
  cx.set({ k: 'local', name: v }, at(localE(i)), call);
  if (pos) cx.set(pos, localE(v), call);
  cx.br(localE(v), body, cont, call);
  cx.place(body);
  inLoop(cx, exit, cont, run);
  cx.place(cont);
  cx.set({ k: 'local', name: i }, fold('+', localE(i), constE(1)), call);
  cx.jmp(head, call);
  cx.place(exit);
}

/** xas_for_each(&xas, entry, max): visit each present entry from the cursor's index up to max. */
function cursorLoop(cx: FnCtx, call: SyntaxNode, cursorNode: SyntaxNode | undefined, entryNode: SyntaxNode | undefined, maxNode: SyntaxNode | undefined, run: () => void): void {
  const cursor = cursorNode ? lvalueOf(cx, cursorNode) : undefined;
  if (!cursor || cursor.k !== 'local') return unknownLoop(cx, 'xas_for_each', call, entryNode, run);
  const index = `${cursor.name}.xa_index`;
  cx.addLocal(index);
  loadLoop(cx, call, index, entryNode, maxNode, run);
}

/** xa_for_each_range(xa, index, entry, start, last). */
function indexLoop(cx: FnCtx, call: SyntaxNode, indexNode: SyntaxNode | undefined, entryNode: SyntaxNode | undefined, startNode: SyntaxNode | undefined, lastNode: SyntaxNode | undefined, run: () => void): void {
  const index = indexNode ? lvalueOf(cx, indexNode) : undefined;
  if (!index || index.k !== 'local') return unknownLoop(cx, 'xa_for_each_range', call, entryNode, run);
  cx.set(index, startNode ? lowerExpr(cx, startNode) : constE(0), call);
  loadLoop(cx, call, index.name, entryNode, lastNode, run);
}

function loadLoop(cx: FnCtx, call: SyntaxNode, index: string, entryNode: SyntaxNode | undefined, maxNode: SyntaxNode | undefined, run: () => void): void {
  const entry = entryNode ? lvalueOf(cx, entryNode) : undefined;
  const [head, start, body, cont, exit] = [cx.newLabel(), cx.newLabel(), cx.newLabel(), cx.newLabel(), cx.newLabel()];
  cx.place(head);
  const max = maxNode ? lowerExpr(cx, maxNode) : anyE('iteration bound');
  cx.br(fold('<=', localE(index), max), start, exit, call);
  cx.place(start);
  const v = cx.tmp();
  cx.emit({ op: 'eff', eff: 'xa_load', args: [localE(index)], dst: { k: 'local', name: v }, loc: cx.loc(call), api: 'xas_for_each' });
  if (entry) cx.set(entry, localE(v), call);
  cx.br(localE(v), body, cont, call);
  cx.place(body);
  inLoop(cx, exit, cont, run);
  cx.place(cont);
  cx.set({ k: 'local', name: index }, fold('+', localE(index), constE(1)), call);
  cx.jmp(head, call);
  cx.place(exit);
}

/** An iterator whose arguments are only known as words (`for_each_hstate(h)` misparsed). */
export function lowerNamedIterator(cx: FnCtx, name: string, node: SyntaxNode, args: string[], body: SyntaxNode | undefined, lowerBody: BodyLowering): void {
  const elem = args[0] && /^\w+$/.test(args[0]) ? (cx.resolve(args[0]) ?? cx.declare(args[0])) : undefined;
  unknownLoop(cx, name, node, undefined, () => lowerBody(cx, body), elem);
}

/** Zero or one pass over an unknown collection (the choice is unknown; the element is NULL). */
function unknownLoop(cx: FnCtx, name: string, call: SyntaxNode, elemNode: SyntaxNode | undefined, run: () => void, elemName?: string): void {
  cx.record(`iterator ${name}`, call, 'construct');
  const [body, exit] = [cx.newLabel(), cx.newLabel()];
  cx.br(anyE(`${name} has an element`), body, exit, call);
  cx.place(body);
  const elem: LValue | undefined = elemName ? { k: 'local', name: elemName } : elemNode ? lvalueOf(cx, elemNode) : undefined;
  // the element is NULL: effects on it do nothing, rather than act on an arbitrary object
  if (elem) cx.set(elem, constE(0), call);
  inLoop(cx, exit, exit, run);
  cx.place(exit);
}
