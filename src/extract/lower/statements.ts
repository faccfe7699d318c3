/**
 * C statements → IR. Sequences recognise iterator macros (a call without `;` followed by its body);
 * `if` with a condition the lowering can evaluate keeps only the taken branch; unknown statements
 * are recorded and skipped, never thrown.
 */
import type { Expr } from '../../model/ir.js';
import type { LNode as SyntaxNode } from './lnode.js';
import { callArgs, calleeName } from './calls.js';
import { type FnCtx, constE, localE } from './context.js';
import { MEMBER_STRUCTS } from './conventions.js';
import { declarationNames } from './ctypes.js';
import { clip, kids, lowerCond, lowerExpr, setStatementLowering } from './expressions.js';
import { fold } from './fold.js';
import { declareList } from './lists.js';
import { isIteratorName, lowerDoWhile, lowerForLike, lowerIterator, lowerNamedIterator } from './loops.js';
import { preprocBranch } from './preproc.js';

/** Lowers a list of sibling statements (block, case body, preprocessor branch). */
export function lowerSequence(cx: FnCtx, stmts: SyntaxNode[]): void {
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    const it = iteratorCall(s);
    if (it && !hasSemicolon(it.stmt)) {
      const next = stmts[i + 1];
      const body = next && next.type !== 'comment' ? next : undefined;
      if (body) i++;
      if (it.label) cx.place(cx.namedLabel(it.label));
      guarded(cx, s, () => lowerIterator(cx, it.name, it.call, callArgs(it.call), body, lowerBodyStatement));
      continue;
    }
    lowerStatement(cx, s);
  }
}

const lowerBodyStatement = (cx: FnCtx, body: SyntaxNode | undefined) => {
  if (body) lowerStatement(cx, body);
};

/** An expression statement (possibly labelled) calling an iterator macro. */
function iteratorCall(s: SyntaxNode): { stmt: SyntaxNode; call: SyntaxNode; name: string; label?: string } | undefined {
  let stmt = s;
  let label: string | undefined;
  if (s.type === 'labeled_statement') {
    label = s.childForFieldName('label')?.text;
    stmt = kids(s)[kids(s).length - 1];
  }
  if (stmt?.type !== 'expression_statement') return undefined;
  const call = kids(stmt)[0];
  if (call?.type !== 'call_expression') return undefined;
  const name = calleeName(call);
  if (!name) return undefined;
  if (!isIteratorName(name) && hasSemicolon(stmt)) return undefined;
  if (!isIteratorName(name) && !/^[a-z_0-9]+$/.test(name)) return undefined;
  return { stmt, call, name, label };
}

function hasSemicolon(stmt: SyntaxNode): boolean {
  const last = stmt.child(stmt.childCount - 1);
  return !!last && last.type === ';' && !last.isMissing;
}

function guarded(cx: FnCtx, node: SyntaxNode, run: () => void): void {
  try {
    run();
  } catch (err) {
    cx.record(`lowering failed at ${node.type}: ${err instanceof Error ? err.message : String(err)}`, node, 'construct');
  }
}

export function lowerStatement(cx: FnCtx, node: SyntaxNode): void {
  guarded(cx, node, () => lowerStatementUnguarded(cx, node));
}

function lowerStatementUnguarded(cx: FnCtx, node: SyntaxNode): void {
  switch (node.type) {
    case 'compound_statement':
      cx.pushScope();
      lowerSequence(cx, kids(node));
      cx.popScope();
      return;
    case 'expression_statement': {
      const e = kids(node)[0];
      if (e) lowerExpr(cx, e);
      return;
    }
    case 'declaration':
      return lowerDeclaration(cx, node);
    case 'if_statement':
      return lowerIf(cx, node);
    case 'for_statement':
      return lowerFor(cx, node);
    case 'while_statement':
      return lowerForLike(cx, node, node.childForFieldName('condition'), () => lowerBodyStatement(cx, node.childForFieldName('body') ?? undefined), () => {});
    case 'do_statement':
      return lowerDoWhile(cx, node, () => lowerBodyStatement(cx, node.childForFieldName('body') ?? undefined));
    case 'return_statement':
      return lowerReturn(cx, node);
    case 'break_statement':
    case 'continue_statement':
      return lowerJump(cx, node);
    case 'goto_statement':
      cx.jmp(cx.namedLabel(node.childForFieldName('label')!.text), node);
      return;
    case 'labeled_statement':
      cx.place(cx.namedLabel(node.childForFieldName('label')!.text));
      for (const k of kids(node).slice(1)) lowerStatement(cx, k);
      return;
    case 'switch_statement':
      return lowerSwitch(cx, node);
    case 'attributed_statement':
      for (const k of kids(node)) if (k.type !== 'attribute_declaration') lowerStatement(cx, k);
      return;
    case 'function_definition':
      return lowerMisparsedIterator(cx, node);
    case 'preproc_ifdef':
    case 'preproc_if':
      return lowerSequence(cx, preprocBranch(cx, node));
    case 'comment':
    case 'type_definition':
    case 'preproc_def':
    case 'preproc_function_def':
    case 'preproc_call':
    case 'preproc_include':
    case ';':
      return;
    default:
      cx.record(`statement ${node.type}: ${clip(node.text)}`, node, 'construct');
  }
}

/**
 * `for_each_hstate(h) { ... }` inside a body parses as a K&R function definition: lower it as the
 * iterator it is (its one-word arguments are the parameter list).
 */
function lowerMisparsedIterator(cx: FnCtx, node: SyntaxNode): void {
  // either `type_identifier(parenthesized_declarator)` or a function_declarator with parameters
  const typeName = node.childForFieldName('type')?.text;
  let d = node.childForFieldName('declarator');
  let name: string | undefined;
  let args: string[] = [];
  if (d?.type === 'parenthesized_declarator' && typeName) {
    name = typeName;
    args = [d.text.replace(/^\(|\)$/g, '').trim()];
  } else {
    while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
    name = d?.childForFieldName('declarator')?.text;
    args = d?.childForFieldName('parameters')?.namedChildren.map((p) => p.text.trim()) ?? [];
  }
  if (!name || !isIteratorName(name)) {
    cx.record(`statement ${node.type}: ${clip(node.text)}`, node, 'construct');
    return;
  }
  lowerNamedIterator(cx, name, node, args, node.childForFieldName('body') ?? undefined, lowerBodyStatement);
}

/**
 * `struct zap_details details = { .zap_flags = X, ... };` of a member struct: each member local set
 * from its designator (unnamed members 0), and the struct itself 1, so that `&details` passed to a
 * `struct zap_details *` parameter is not NULL.
 */
function initMemberStruct(cx: FnCtx, name: string, base: string, init: SyntaxNode | undefined, node: SyntaxNode): void {
  const values = new Map<string, SyntaxNode>();
  for (const pair of init?.type === 'initializer_list' ? init.namedChildren : []) {
    if (pair.type !== 'initializer_pair') continue;
    const field = pair.childForFieldName('designator')?.text.replace(/^\./, '');
    const value = pair.childForFieldName('value');
    if (field && value) values.set(field, value);
  }
  for (const member of MEMBER_STRUCTS[base]) {
    const v = values.get(member);
    cx.addLocal(`${name}.${member}`);
    cx.set({ k: 'local', name: `${name}.${member}` }, v ? lowerExpr(cx, v) : constE(0), node);
  }
  cx.set({ k: 'local', name }, constE(1), node);
}

function lowerDeclaration(cx: FnCtx, node: SyntaxNode): void {
  for (const d of declarationNames(node)) {
    const init = d.init && d.init.type !== 'initializer_list' ? lowerExpr(cx, d.init) : undefined;
    if (d.type.base === 'list_head' && d.type.ptr === 0 && !d.array) {
      declareList(cx, d.name);
      continue;
    }
    const name = cx.declare(d.name, d.type);
    if (d.type.ptr === 0 && !d.array && MEMBER_STRUCTS[d.type.base] && d.init?.type === 'initializer_list') {
      initMemberStruct(cx, name, d.type.base, d.init ?? undefined, node);
      continue;
    }
    if (init) cx.set({ k: 'local', name }, init, node);
    else if (d.init || d.array) cx.set({ k: 'local', name }, constE(0), node);
  }
}

function containsLabel(node: SyntaxNode | null | undefined): boolean {
  return !!node && node.descendantsOfType('labeled_statement').length > 0;
}

function lowerIf(cx: FnCtx, node: SyntaxNode): void {
  const cond = lowerCond(cx, node.childForFieldName('condition')!);
  const cons = node.childForFieldName('consequence');
  let alt = node.childForFieldName('alternative');
  if (alt?.type === 'else_clause') alt = kids(alt)[0] ?? null;
  if (cond.k === 'const' && !containsLabel(cons) && !containsLabel(alt)) {
    const taken = cond.v ? cons : alt;
    if (taken) lowerStatement(cx, taken);
    return;
  }
  const [t, f, end] = [cx.newLabel(), cx.newLabel(), cx.newLabel()];
  cx.br(cond, t, f, node);
  cx.place(t);
  if (cons) lowerStatement(cx, cons);
  if (alt) cx.jmp(end, node);
  cx.place(f);
  if (alt) lowerStatement(cx, alt);
  cx.place(end);
}

function lowerFor(cx: FnCtx, node: SyntaxNode): void {
  cx.pushScope();
  const init = node.childForFieldName('initializer');
  if (init?.type === 'declaration') lowerDeclaration(cx, init);
  else if (init) lowerExpr(cx, init);
  const update = node.childForFieldName('update');
  lowerForLike(cx, node, node.childForFieldName('condition'),
    () => lowerBodyStatement(cx, node.childForFieldName('body') ?? undefined),
    () => { if (update) lowerExpr(cx, update); });
  cx.popScope();
}

function lowerReturn(cx: FnCtx, node: SyntaxNode): void {
  const v = kids(node)[0];
  const e: Expr | undefined = v ? lowerExpr(cx, v) : undefined;
  cx.emit(e ? { op: 'ret', e, loc: cx.loc(node) } : { op: 'ret', loc: cx.loc(node) });
}

function lowerJump(cx: FnCtx, node: SyntaxNode): void {
  const loop = cx.loops[cx.loops.length - 1];
  if (!loop) {
    cx.record(`${node.type} outside a loop`, node, 'construct');
    return;
  }
  cx.jmp(node.type === 'break_statement' ? loop.brk : loop.cont, node);
}

/** switch: compare the value with each case in order, then the case bodies (fall-through kept). */
function lowerSwitch(cx: FnCtx, node: SyntaxNode): void {
  let v = lowerCond(cx, node.childForFieldName('condition')!);
  if (v.k !== 'local' && v.k !== 'const') {
    const t = cx.tmp();
    cx.set({ k: 'local', name: t }, v, node);
    v = localE(t);
  }
  const cases = kids(node.childForFieldName('body')!).filter((c) => c.type === 'case_statement');
  const labels = cases.map(() => cx.newLabel());
  const exit = cx.newLabel();
  let dflt = exit;
  cases.forEach((c, i) => {
    const value = c.childForFieldName('value');
    if (!value) {
      dflt = labels[i];
      return;
    }
    const next = cx.newLabel();
    cx.br(fold('==', v, lowerExpr(cx, value)), labels[i], next, c);
    cx.place(next);
  });
  cx.jmp(dflt, node);
  const outer = cx.loops[cx.loops.length - 1];
  cx.loops.push({ brk: exit, cont: outer ? outer.cont : exit });
  try {
    cases.forEach((c, i) => {
      cx.place(labels[i]);
      const value = c.childForFieldName('value');
      lowerSequence(cx, kids(c).filter((k) => k !== value && k.id !== value?.id));
    });
  } finally {
    cx.loops.pop();
  }
  cx.place(exit);
}

setStatementLowering(lowerStatement);
