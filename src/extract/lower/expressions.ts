/**
 * C expressions → IR expressions. Lowering an expression may emit instructions (calls become
 * effects, `call` or `opaque`; ternaries and short-circuits with effects become branches) and
 * returns the value as a pure Expr over locals, world fields and queries.
 */
import type { BinOp, Expr, LValue } from '../../model/ir.js';
import { WORLD_ARRAYS, WORLD_FIELDS } from '../../model/primitives.js';
import { CONSTANTS, FIELD_TYPES, MEMBER_STRUCTS, MODELLED_TYPES } from './conventions.js';
import type { LNode as SyntaxNode } from './lnode.js';
import { lowerCall, callIsPure } from './calls.js';
import { type CType, type FnCtx, anyE, anyReasons, constE, localE } from './context.js';
import { fold } from './fold.js';
import { parseNumber, typeFromDescriptor } from './ctypes.js';

const DIRECT_OPS = new Set<string>(['+', '-', '*', '&', '|', '==', '!=', '<', '<=', '>', '>=', '&&', '||']);

/** Named children without comments. */
export function kids(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c) => c.type !== 'comment');
}

/** Strips parentheses, casts and `&` to reach the named thing (`&xas` → xas, `(void *)&x` → x). */
export function strip(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && kids(n).length === 1) n = kids(n)[0];
    else if (n.type === 'cast_expression' && n.childForFieldName('value')) n = n.childForFieldName('value')!;
    else if (n.type === 'pointer_expression' && n.child(0)?.type === '&') n = n.childForFieldName('argument')!;
    else return n;
  }
}

export function lowerCond(cx: FnCtx, node: SyntaxNode): Expr {
  const e = lowerExpr(cx, node);
  for (const why of anyReasons(e)) cx.record(why, node, 'condition');
  return e;
}

export function lowerExpr(cx: FnCtx, node: SyntaxNode): Expr {
  switch (node.type) {
    case 'number_literal':
      return numberOrAny(node.text);
    case 'char_literal':
      return constE(node.text.length >= 3 ? node.text.charCodeAt(1) : 0);
    case 'true':
      return constE(1);
    case 'false':
    case 'null':
      return constE(0);
    case 'string_literal':
    case 'concatenated_string':
      return constE(0);
    case 'identifier':
      return lowerIdentifier(cx, node.text);
    case 'parenthesized_expression':
      return lowerParenthesized(cx, node);
    case 'cast_expression':
      return lowerExpr(cx, node.childForFieldName('value')!);
    case 'unary_expression':
      return lowerUnary(cx, node);
    case 'binary_expression':
      return lowerBinary(cx, node);
    case 'assignment_expression':
      return lowerAssignment(cx, node);
    case 'update_expression':
      return lowerUpdate(cx, node);
    case 'conditional_expression':
      return lowerTernary(cx, node);
    case 'comma_expression':
      lowerExpr(cx, node.childForFieldName('left')!);
      return lowerExpr(cx, node.childForFieldName('right')!);
    case 'call_expression':
      return lowerCall(cx, node);
    case 'field_expression':
      return lowerField(cx, node);
    case 'pointer_expression':
      return lowerPointer(cx, node);
    case 'subscript_expression':
      return lowerSubscript(cx, node);
    case 'sizeof_expression':
    case 'alignof_expression':
      return constE(8);
    default:
      return anyE(`${node.type} ${clip(node.text)}`);
  }
}

function numberOrAny(text: string): Expr {
  const v = parseNumber(text);
  return v === undefined ? anyE(`number ${text}`) : constE(v);
}

export function clip(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/** Identifier in value position: local, assumed, program constant, built-in constant, else unknown. */
export function lowerIdentifier(cx: FnCtx, name: string): Expr {
  const local = cx.resolve(name);
  if (local !== undefined) return localE(local);
  const a = cx.assumed(name);
  if (a !== undefined) return a === 'any' ? anyE(`${name} (assumed any)`) : constE(a);
  const c = cx.prog.constants.get(name) ?? derivedConstant(cx, name) ?? CONSTANTS[name];
  if (c !== undefined) return constE(c);
  if (cx.prog.functions.has(name)) return constE(0);
  return anyE(name);
}

/** Huge-page geometry in the model's units (PAGE_SIZE = 1) from an assumed HPAGE_PMD_NR. */
function derivedConstant(cx: FnCtx, name: string): number | undefined {
  const nr = cx.assumed('HPAGE_PMD_NR') ?? cx.prog.constants.get('HPAGE_PMD_NR');
  if (typeof nr !== 'number' || nr <= 0) return undefined;
  if (name === 'HPAGE_PMD_SIZE') return nr;
  if (name === 'HPAGE_PMD_MASK') return ~(nr - 1);
  if (name === 'HPAGE_PMD_ORDER') return Math.round(Math.log2(nr));
  return undefined;
}

function lowerParenthesized(cx: FnCtx, node: SyntaxNode): Expr {
  const inner = kids(node);
  if (inner.length === 1 && inner[0].type === 'compound_statement') return lowerStatementExpr(cx, inner[0]);
  return inner.length === 1 ? lowerExpr(cx, inner[0]) : anyE(clip(node.text));
}

/** GNU statement expression `({ ...; v; })`: the statements run, the last expression is the value. */
function lowerStatementExpr(cx: FnCtx, block: SyntaxNode): Expr {
  const stmts = kids(block);
  const last = stmts[stmts.length - 1];
  cx.pushScope();
  for (const s of stmts.slice(0, -1)) lowerStatementHook(cx, s);
  let v: Expr = constE(0);
  if (last?.type === 'expression_statement' && kids(last).length === 1) v = lowerExpr(cx, kids(last)[0]);
  else if (last) lowerStatementHook(cx, last);
  cx.popScope();
  return v;
}

/** Set by statements.ts (breaks the import cycle for statement expressions). */
let lowerStatementHook: (cx: FnCtx, node: SyntaxNode) => void = () => {};
export function setStatementLowering(fn: (cx: FnCtx, node: SyntaxNode) => void): void {
  lowerStatementHook = fn;
}

function lowerUnary(cx: FnCtx, node: SyntaxNode): Expr {
  const op = node.childForFieldName('operator')?.text ?? node.child(0)?.text;
  const a = lowerExpr(cx, node.childForFieldName('argument')!);
  if (op === '!') return a.k === 'const' ? constE(a.v ? 0 : 1) : a.k === 'not' ? { k: 'bin', op: '!=', a: a.a, b: constE(0) } : { k: 'not', a };
  if (op === '-') return fold('-', constE(0), a);
  if (op === '+') return a;
  if (op === '~') return a.k === 'const' ? constE(~a.v) : anyE(clip(node.text));
  return anyE(clip(node.text));
}

function lowerBinary(cx: FnCtx, node: SyntaxNode): Expr {
  const op = node.childForFieldName('operator')!.text;
  const left = node.childForFieldName('left')!;
  const right = node.childForFieldName('right')!;
  if ((op === '&&' || op === '||') && hasEffects(cx, right)) return lowerShortCircuit(cx, op, left, right, node);
  return binop(op, lowerExpr(cx, left), lowerExpr(cx, right), node.text);
}

export function binop(op: string, a: Expr, b: Expr, text: string): Expr {
  if (DIRECT_OPS.has(op)) return fold(op as BinOp, a, b);
  if (a.k === 'const' && b.k === 'const') {
    const x = a.v;
    const y = b.v;
    const v = op === '<<' ? x << y : op === '>>' ? x >> y : op === '^' ? x ^ y : op === '/' && y ? Math.trunc(x / y) : op === '%' && y ? x % y : undefined;
    if (v !== undefined) return constE(v);
  }
  if ((op === '>>' || op === '/') && b.k === 'const' && b.v === (op === '/' ? 1 : 0)) return a;
  if (op === '<<' && b.k === 'const' && b.v >= 0 && b.v < 8) return fold('*', a, constE(1 << b.v));
  return anyE(clip(text));
}

/** `a && b` / `a || b` whose right side has effects: evaluate b only when needed. */
function lowerShortCircuit(cx: FnCtx, op: string, left: SyntaxNode, right: SyntaxNode, node: SyntaxNode): Expr {
  const t = cx.tmp();
  const rhs = cx.newLabel();
  const end = cx.newLabel();
  cx.set(local(t), fold('!=', lowerCond(cx, left), constE(0)), node);
  if (op === '&&') cx.br(localE(t), rhs, end, node);
  else cx.br(localE(t), end, rhs, node);
  cx.place(rhs);
  cx.set(local(t), fold('!=', lowerCond(cx, right), constE(0)), node);
  cx.place(end);
  return localE(t);
}

function lowerTernary(cx: FnCtx, node: SyntaxNode): Expr {
  const cond = lowerCond(cx, node.childForFieldName('condition')!);
  const cons = node.childForFieldName('consequence');
  const alt = node.childForFieldName('alternative')!;
  if (cond.k === 'const') return cond.v ? (cons ? lowerExpr(cx, cons) : cond) : lowerExpr(cx, alt);
  const t = cx.tmp();
  const [lt, lf, end] = [cx.newLabel(), cx.newLabel(), cx.newLabel()];
  cx.br(cond, lt, lf, node);
  cx.place(lt);
  cx.set(local(t), cons ? lowerExpr(cx, cons) : cond, node);
  cx.jmp(end, node);
  cx.place(lf);
  cx.set(local(t), lowerExpr(cx, alt), node);
  cx.place(end);
  return localE(t);
}

const local = (name: string): LValue => ({ k: 'local', name });

function lowerAssignment(cx: FnCtx, node: SyntaxNode): Expr {
  const lhs = node.childForFieldName('left')!;
  const op = node.childForFieldName('operator')!.text;
  const rhs = lowerExpr(cx, node.childForFieldName('right')!);
  const value = op === '=' ? rhs : binop(op.slice(0, -1), lowerExpr(cx, lhs), rhs, node.text);
  return assignTo(cx, lhs, value, node);
}

/** Writes `value` to the C lvalue `lhs`; returns the value of the assignment expression. */
export function assignTo(cx: FnCtx, lhs: SyntaxNode, value: Expr, node: SyntaxNode): Expr {
  const target = strip(lhs);
  if (target.type === 'field_expression' && target.child(1)?.type === '->') {
    const base = target.childForFieldName('argument')!;
    const member = structPointerMember(cx, base, typeOf(cx, base), target.childForFieldName('field')!.text);
    if (member) {
      cx.set(local(member), value, node);
      return localE(member);
    }
    return assignField(cx, target, value, node);
  }
  const lv = lvalueOf(cx, target);
  if (!lv) return value;
  cx.set(lv, value, node);
  return lv.k === 'local' ? localE(lv.name) : value;
}

function assignField(cx: FnCtx, target: SyntaxNode, value: Expr, node: SyntaxNode): Expr {
  const base = target.childForFieldName('argument')!;
  const field = target.childForFieldName('field')!.text;
  const t = typeOf(cx, base);
  const info = t && t.ptr === 1 ? MODELLED_TYPES[t.base] : undefined;
  if (!info) return value;
  const obj = lowerExpr(cx, base);
  if (info.kind === 'page' && field === 'mapping') {
    cx.emit({ op: 'eff', eff: 'page_set_mapping', args: [obj, value], loc: cx.loc(node), api: `${t!.base}->mapping =` });
    return value;
  }
  if (info.fields === 'all' || info.fields.includes(field)) cx.set({ k: 'field', obj, field }, value, node);
  return value;
}

/** A local (or struct-member local) the C expression names, if any. */
export function lvalueOf(cx: FnCtx, node: SyntaxNode): LValue | undefined {
  const n = strip(node);
  if (n.type === 'identifier') {
    const name = cx.resolve(n.text) ?? cx.declare(n.text);
    return local(name);
  }
  if (n.type === 'field_expression' && n.child(1)?.type === '.') {
    const m = memberLocal(cx, n);
    return m ? local(m) : undefined;
  }
  if (n.type === 'pointer_expression' && n.child(0)?.type === '*') {
    const inner = strip(n.childForFieldName('argument')!);
    if (inner.type === 'identifier' && cx.resolve(inner.text)) return local(cx.resolve(inner.text)!);
  }
  return undefined;
}

/** `range.start` on a struct local → local name 'range.start' (nested members join with dots). */
export function memberLocal(cx: FnCtx, node: SyntaxNode): string | undefined {
  const base = strip(node.childForFieldName('argument')!);
  const field = node.childForFieldName('field')!.text;
  if (base.type === 'identifier') {
    const name = cx.resolve(base.text);
    return name === undefined ? undefined : `${name}.${field}`;
  }
  if (base.type === 'field_expression' && base.child(1)?.type === '.') {
    const inner = memberLocal(cx, base);
    return inner && `${inner}.${field}`;
  }
  return undefined;
}

function lowerUpdate(cx: FnCtx, node: SyntaxNode): Expr {
  const arg = node.childForFieldName('argument')!;
  const op = node.childForFieldName('operator')!.text;
  const prefix = node.child(0)?.type === op;
  const delta = constE(1);
  const oldV = lowerExpr(cx, arg);
  const lv = lvalueOf(cx, arg);
  if (!lv) return oldV;
  cx.set(lv, fold(op === '++' ? '+' : '-', oldV, delta), node);
  const now: Expr = lv.k === 'local' ? localE(lv.name) : oldV;
  return prefix ? now : fold(op === '++' ? '-' : '+', now, delta);
}

function lowerField(cx: FnCtx, node: SyntaxNode): Expr {
  if (node.child(1)?.type === '.') {
    const m = memberLocal(cx, node);
    if (m) {
      cx.addLocal(m);
      return localE(m);
    }
    return anyE(clip(node.text));
  }
  const base = node.childForFieldName('argument')!;
  const field = node.childForFieldName('field')!.text;
  const t = typeOf(cx, base);
  const member = structPointerMember(cx, base, t, field);
  if (member) return localE(member);
  const world = t ? WORLD_FIELDS[`${t.base}.${field}`] : undefined;
  if (world) return { k: 'obj', name: world };
  const info = t && t.ptr === 1 ? MODELLED_TYPES[t.base] : undefined;
  if (info && (info.fields === 'all' || info.fields.includes(field)))
    return { k: 'field', obj: lowerExpr(cx, base), field };
  if (hasEffects(cx, base)) lowerExpr(cx, base);
  // a scenario may pin a field of an unmodelled object by its text (`cc->is_khugepaged`)
  const pinned = cx.assumed(node.text.replace(/\s+/g, ''));
  if (typeof pinned === 'number') return constE(pinned);
  return anyE(clip(node.text));
}

/** `xas->xa_index` on a `struct xa_state *` local or parameter: the member local `xas.xa_index`. */
function structPointerMember(cx: FnCtx, base: SyntaxNode, t: CType | undefined, field: string): string | undefined {
  const b = strip(base);
  if (!t || t.ptr !== 1 || !MEMBER_STRUCTS[t.base] || b.type !== 'identifier') return undefined;
  const name = cx.resolve(b.text);
  if (name === undefined) return undefined;
  cx.addLocal(`${name}.${field}`);
  return `${name}.${field}`;
}

function lowerPointer(cx: FnCtx, node: SyntaxNode): Expr {
  const arg = node.childForFieldName('argument')!;
  if (node.child(0)?.type === '&') return lowerExpr(cx, arg);
  const t = typeOf(cx, arg);
  if (t && t.ptr === 1 && (t.base === 'pte_t' || t.base === 'pmd_t')) {
    // *pmd: the table's PMD entry (1 while it points at the table), read without a step
    if (t.base === 'pmd_t') return { k: 'field', obj: lowerExpr(cx, arg), field: 'pmd' };
    const dst = cx.tmp();
    cx.emit({ op: 'eff', eff: 'pte_get', args: [lowerExpr(cx, arg)], dst: local(dst), loc: cx.loc(node), api: '*pte' });
    return localE(dst);
  }
  // a pointer is represented by the value it points to (out-parameters: *hpage = ...)
  return lowerExpr(cx, arg);
}

function lowerSubscript(cx: FnCtx, node: SyntaxNode): Expr {
  const arr = strip(node.childForFieldName('argument')!);
  const idx = node.childForFieldName('index');
  if (idx && hasEffects(cx, idx)) lowerExpr(cx, idx);
  if (arr.type === 'identifier' && WORLD_ARRAYS[arr.text]) return { k: 'obj', name: WORLD_ARRAYS[arr.text] };
  return anyE(clip(node.text));
}

/** Static type of an expression, as far as declarations and the field table tell. */
export function typeOf(cx: FnCtx, node: SyntaxNode): CType | undefined {
  const n = node.type === 'parenthesized_expression' && kids(node).length === 1 ? kids(node)[0] : node;
  if (n.type === 'identifier') {
    const name = cx.resolve(n.text);
    return name === undefined ? undefined : cx.types.get(name);
  }
  if (n.type === 'cast_expression') return typeFromDescriptor(n.childForFieldName('type'));
  if (n.type === 'field_expression') {
    const bt = typeOf(cx, n.childForFieldName('argument')!);
    const f = FIELD_TYPES[`${bt?.base}.${n.childForFieldName('field')!.text}`];
    return f ? { base: f, ptr: 1 } : undefined;
  }
  if (n.type === 'pointer_expression') {
    const t = typeOf(cx, n.childForFieldName('argument')!);
    if (!t) return undefined;
    return { base: t.base, ptr: t.ptr + (n.child(0)?.type === '&' ? 1 : -1) };
  }
  if (n.type === 'call_expression') {
    const args = n.childForFieldName('arguments');
    const fn = n.childForFieldName('function')?.text;
    if (fn && PASS_THROUGH_TYPES[fn]) return { base: PASS_THROUGH_TYPES[fn], ptr: 1 };
    if (fn && ['READ_ONCE', 'likely', 'unlikely'].includes(fn) && args) return typeOf(cx, kids(args)[0]);
  }
  return undefined;
}

const PASS_THROUGH_TYPES: Record<string, string> = {
  page_folio: 'folio', folio_page: 'page', compound_head: 'page', pte_page: 'page', vm_normal_page: 'page',
  vm_normal_folio: 'folio', pfn_folio: 'folio', page_mapping: 'address_space', folio_mapping: 'address_space',
  folio_file_page: 'page',
};

const EFFECT_NODES = new Set(['assignment_expression', 'update_expression']);

/** Would lowering this expression do something visible (effect, call, assignment)? */
export function hasEffects(cx: FnCtx, node: SyntaxNode): boolean {
  if (EFFECT_NODES.has(node.type)) return true;
  if (node.type === 'call_expression' && !callIsPure(cx, node)) return true;
  if (node.type === 'pointer_expression' && node.child(0)?.type === '*') {
    const t = typeOf(cx, node.childForFieldName('argument')!);
    if (t?.base === 'pte_t' && t.ptr === 1) return true;
  }
  return kids(node).some((c) => hasEffects(cx, c));
}
