/**
 * Calls: in this order, value wrappers (likely, READ_ONCE), assertions (VM_BUG_ON, WARN_ON),
 * declaration macros (XA_STATE, LIST_HEAD), list operations, pinned results (`assume`), the
 * primitive table, functions of the program (`call`), and finally unknown calls (`opaque`).
 */
import type { Expr, LValue } from '../../model/ir.js';
import { primitive } from '../../model/primitives.js';
import type { LNode as SyntaxNode } from './lnode.js';
import { CallArgs, applyPrimitive, setSpan } from './apply.js';
import { type FnCtx, anyE, constE, localE } from './context.js';
import { assignTo, clip, hasEffects, kids, lowerExpr, strip } from './expressions.js';
import { LIST_OPS, declareList, lowerListOp } from './lists.js';

const WRAPPERS = new Set(['likely', 'unlikely', 'READ_ONCE', 'data_race', '__builtin_expect', 'ACCESS_ONCE',
  'rcu_dereference', 'rcu_dereference_protected', 'rcu_dereference_raw', 'rcu_access_pointer',
  'smp_load_acquire', 'xa_untag_pointer', 'unlikely_notrace', 'likely_notrace', 'no_free_ptr']);
const STORES = new Set(['WRITE_ONCE', 'smp_store_release', 'rcu_assign_pointer', 'RCU_INIT_POINTER']);
/** Assertions whose value is unused: the condition only matters for its effects. */
const VOID_ASSERTS = new Set(['VM_BUG_ON', 'VM_BUG_ON_PAGE', 'VM_BUG_ON_FOLIO', 'VM_BUG_ON_VMA', 'VM_BUG_ON_MM',
  'VM_WARN_ON_ONCE_PAGE', 'VM_WARN_ON_FOLIO', 'VM_WARN_ON_ONCE_FOLIO', 'VM_WARN_ONCE', 'VM_WARN_ON',
  'VM_WARN_ON_ONCE', 'VM_WARN_ON_ONCE_MM', 'BUG_ON', 'BUILD_BUG_ON', 'VM_BUG_ON_PGFLAGS', 'VM_WARN_ON_VMA']);
/** Assertions that return their condition (`if (WARN_ON(x))`). */
const VALUE_ASSERTS = new Set(['WARN_ON', 'WARN_ON_ONCE', 'WARN', 'WARN_ONCE', 'WARN_RATELIMIT', 'WARN_ON_SMP']);
const NO_OPS = new Set(['BUG', 'barrier', 'cpu_relax', 'prefetch', 'prefetchw', 'kasan_check_read', 'trace_printk']);
/** Declaration macros: the first argument names a new local. */
const DECL_MACROS = new Set(['XA_STATE', 'XA_STATE_ORDER', 'LIST_HEAD', 'MA_STATE', 'VMA_ITERATOR',
  'DEFINE_WAIT', 'DECLARE_BITMAP', 'DEFINE_XARRAY', 'MA_TOPIARY', 'VMA_ITERATOR', 'DEFINE_WAIT_FUNC']);

export function calleeName(node: SyntaxNode): string | undefined {
  const fn = node.childForFieldName('function');
  return fn?.type === 'identifier' ? fn.text : undefined;
}

export function callArgs(node: SyntaxNode): SyntaxNode[] {
  const list = node.childForFieldName('arguments');
  return list ? kids(list) : [];
}

/** A call that emits nothing: wrappers of pure values, queries, pure table entries, pinned results. */
export function callIsPure(cx: FnCtx, node: SyntaxNode): boolean {
  const name = calleeName(node);
  if (!name) return false;
  const args = callArgs(node);
  const argsPure = () => args.every((a) => !hasEffects(cx, a));
  if (WRAPPERS.has(name) || VALUE_ASSERTS.has(name) || name === 'IS_ENABLED') return argsPure();
  if (name === 'list_empty' || name.startsWith('list_first_entry')) return argsPure();
  const p = primitive(name);
  if (p && (p.kind === 'query' || p.kind === 'value')) return argsPure();
  return false;
}

export function lowerCall(cx: FnCtx, node: SyntaxNode): Expr {
  const name = calleeName(node);
  const argNodes = callArgs(node);
  if (!name) return lowerIndirect(cx, node, argNodes);
  const special = lowerSpecial(cx, name, node, argNodes);
  if (special) return special;
  const pinned = cx.assumed(name);
  if (pinned !== undefined) {
    for (const a of argNodes) if (hasEffects(cx, a)) lowerExpr(cx, a);
    return pinned === 'any' ? anyE(`${name}() (assumed any)`) : constE(pinned);
  }
  const p = primitive(name);
  if (p) return applyPrimitive(cx, name, p, new CallArgs(cx, argNodes), node);
  const params = cx.prog.functions.get(name);
  if (params) return lowerProgramCall(cx, name, params, argNodes, node);
  for (const a of argNodes) lowerExpr(cx, a);
  cx.emit({ op: 'opaque', name, loc: cx.loc(node) });
  cx.record(name, node, 'call');
  return anyE(`${name}()`);
}

function lowerIndirect(cx: FnCtx, node: SyntaxNode, argNodes: SyntaxNode[]): Expr {
  const text = clip(node.childForFieldName('function')?.text ?? '?');
  const fnNode = node.childForFieldName('function');
  if (fnNode && hasEffects(cx, fnNode)) lowerExpr(cx, fnNode);
  for (const a of argNodes) lowerExpr(cx, a);
  cx.emit({ op: 'opaque', name: text, loc: cx.loc(node) });
  cx.record(`indirect call ${text}`, node, 'call');
  return anyE(`${text}()`);
}

/** Wrappers, assertions, declaration macros, list operations. undefined = not special. */
function lowerSpecial(cx: FnCtx, name: string, node: SyntaxNode, args: SyntaxNode[]): Expr | undefined {
  if (WRAPPERS.has(name)) return args[0] ? lowerExpr(cx, args[0]) : constE(0);
  if (STORES.has(name) && args.length >= 2) return assignTo(cx, args[0], lowerExpr(cx, args[1]), node);
  if (VOID_ASSERTS.has(name)) {
    // VM_* assertions vanish without CONFIG_DEBUG_VM (assume it 0); by default their effects run
    const debugVm = name.startsWith('VM_') ? cx.assumed('CONFIG_DEBUG_VM') : 1;
    if (debugVm !== 0 && args[0] && hasEffects(cx, args[0])) lowerExpr(cx, args[0]);
    return constE(0);
  }
  if (VALUE_ASSERTS.has(name)) return args[0] ? lowerExpr(cx, args[0]) : constE(0);
  if (NO_OPS.has(name) || /^(trace_|pr_|printk)/.test(name)) {
    for (const a of args) if (hasEffects(cx, a)) lowerExpr(cx, a);
    return constE(0);
  }
  if (name === 'IS_ENABLED' || name === 'IS_BUILTIN' || name === 'IS_REACHABLE') return configValue(cx, args[0]);
  if (DECL_MACROS.has(name)) return declareByMacro(cx, name, args, node);
  if (LIST_OPS.has(name)) return lowerListOp(cx, name, node, args);
  return undefined;
}

function configValue(cx: FnCtx, arg: SyntaxNode | undefined): Expr {
  if (!arg) return constE(0);
  const a = cx.assumed(arg.text);
  if (a === undefined || a === 'any') return anyE(arg.text);
  return constE(a ? 1 : 0);
}

function declareByMacro(cx: FnCtx, name: string, args: SyntaxNode[], node: SyntaxNode): Expr {
  const target = args[0] ? strip(args[0]) : undefined;
  if (!target || target.type !== 'identifier') return constE(0);
  if (name === 'LIST_HEAD') {
    declareList(cx, target.text);
    return constE(0);
  }
  const local = cx.declare(target.text, { base: name, ptr: 0 });
  if (name === 'XA_STATE' || name === 'XA_STATE_ORDER') {
    cx.set({ k: 'local', name: `${local}.xa_index` }, args[2] ? lowerExpr(cx, args[2]) : constE(0), node);
    if (name === 'XA_STATE_ORDER') setSpan(cx, local, args[3], args[3] ? lowerExpr(cx, args[3]) : constE(0), node);
    else cx.set({ k: 'local', name: `${local}.span` }, constE(1), node);
    cx.set({ k: 'local', name: `${local}.restart` }, constE(1), node);
  }
  return constE(0);
}

/** A call to a function of the program: `call`, with `&local` arguments copied back on return. */
function lowerProgramCall(cx: FnCtx, name: string, params: string[], argNodes: SyntaxNode[], node: SyntaxNode): Expr {
  const structs = cx.prog.structParams.get(name) ?? [];
  const real = params.length - structs.reduce((n, sp) => n + sp.members.length, 0);
  const args = argNodes.map((a) => lowerExpr(cx, a)).slice(0, real);
  while (args.length < real) args.push(constE(0));
  const outs: { param: string; dst: LValue }[] = [];
  argNodes.slice(0, real).forEach((a, i) => {
    const s = a.type === 'pointer_expression' && a.child(0)?.type === '&' ? strip(a) : undefined;
    const local = s?.type === 'identifier' ? cx.resolve(s.text) : undefined;
    if (local !== undefined && !cx.lists.has(local) && !structs.some((sp) => sp.index === i))
      outs.push({ param: params[i], dst: { k: 'local', name: local } });
  });
  for (const sp of structs) {
    // the caller's struct local (`&xas`) or its own struct pointer parameter (`xas`)
    const a = argNodes[sp.index] ? strip(argNodes[sp.index]) : undefined;
    const local = a?.type === 'identifier' ? (cx.resolve(a.text) ?? cx.declare(a.text)) : undefined;
    for (const m of sp.members) {
      args.push(local ? localE(`${local}.${m}`) : constE(0));
      if (local) outs.push({ param: `${sp.name}.${m}`, dst: { k: 'local', name: `${local}.${m}` } });
    }
  }
  const dst = cx.tmp();
  cx.emit({
    op: 'call', fn: name, args, dst: { k: 'local', name: dst }, loc: cx.loc(node),
    ...(outs.length ? { outs } : {}),
  });
  return localE(dst);
}
