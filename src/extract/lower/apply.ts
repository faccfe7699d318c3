/**
 * Applying a primitive-table entry (src/model/primitives.ts) to one C call: builds the IR arguments
 * from the entry's argument specs and emits the effects, queries, cursor updates and out-parameters.
 */
import type { Expr, LValue } from '../../model/ir.js';
import { PAGE_FLAG_ORDER } from '../../model/ir.js';
import type { ArgSpec, CursorOp, EffectSpec, Primitive } from '../../model/primitives.js';
import type { LNode as SyntaxNode } from './lnode.js';
import { type FnCtx, anyE, constE, localE } from './context.js';
import { clip, lowerExpr, lvalueOf, strip } from './expressions.js';
import { fold } from './fold.js';

/** Lowered C arguments of one call, each evaluated at most once, in order. */
export class CallArgs {
  private readonly values: (Expr | undefined)[] = [];
  constructor(
    private readonly cx: FnCtx,
    readonly nodes: SyntaxNode[],
  ) {}

  value(i: number): Expr {
    if (i >= this.nodes.length) return anyE(`missing argument ${i}`);
    if (!this.values[i]) this.values[i] = lowerExpr(this.cx, this.nodes[i]);
    return this.values[i]!;
  }

  /** Evaluates every argument (for their effects), in order. */
  all(): Expr[] {
    return this.nodes.map((_, i) => this.value(i));
  }

  /** Name of the local a pointer argument designates (`&xas` → 'xas'). */
  localName(i: number): string | undefined {
    const node = this.nodes[i];
    if (!node) return undefined;
    const s = strip(node);
    if (s.type !== 'identifier') {
      const lv = lvalueOf(this.cx, s);
      return lv?.k === 'local' ? lv.name : undefined;
    }
    return this.cx.resolve(s.text) ?? this.cx.declare(s.text);
  }
}

export function specValue(cx: FnCtx, spec: ArgSpec, args: CallArgs): Expr {
  if ('c' in spec) return constE(spec.c);
  if ('obj' in spec) return { k: 'obj', name: spec.obj };
  if ('flag' in spec) return constE(PAGE_FLAG_ORDER.indexOf(spec.flag));
  if ('op' in spec) return fold(spec.op, specValue(cx, spec.l, args), specValue(cx, spec.r, args));
  if ('member' in spec) {
    const name = args.localName(spec.arg);
    if (!name) return anyE(`member ${spec.member} of ${clip(args.nodes[spec.arg]?.text ?? '?')}`);
    cx.addLocal(`${name}.${spec.member}`);
    return localE(`${name}.${spec.member}`);
  }
  if ('field' in spec) return { k: 'field', obj: args.value(spec.arg), field: spec.field };
  return args.value(spec.arg);
}

/** Emits one table entry for a call; returns the call's value. */
export function applyPrimitive(cx: FnCtx, api: string, p: Primitive, args: CallArgs, node: SyntaxNode): Expr {
  switch (p.kind) {
    case 'nop':
      args.all();
      return constE(p.value ?? 0);
    case 'value':
      return specValue(cx, p.value, args);
    case 'query': {
      const q: Expr = { k: 'query', q: p.q, args: p.args.map((s) => specValue(cx, s, args)) };
      return p.negate ? { k: 'not', a: q } : q;
    }
    case 'init': {
      const name = args.localName(p.target);
      for (const [m, spec] of Object.entries(p.members)) {
        const v = specValue(cx, spec, args);
        if (name) cx.set({ k: 'local', name: `${name}.${m}` }, v, node);
      }
      return constE(0);
    }
    case 'cursor':
      return applyCursor(cx, api, p.op, args, node, p.value);
    case 'effect':
      return applyEffects(cx, api, p, args, node);
  }
}

function applyEffects(cx: FnCtx, api: string, p: Extract<Primitive, { kind: 'effect' }>, args: CallArgs, node: SyntaxNode): Expr {
  args.all();
  const hasResult = p.effects.some((e) => e.result);
  const dst = hasResult ? cx.tmp() : undefined;
  if (dst && (p.when || p.effects.some((e) => e.when || e.unless)))
    cx.set({ k: 'local', name: dst }, p.value ? specValue(cx, p.value, args) : constE(0), node);
  const skip = cx.newLabel();
  const guard = p.when ? specValue(cx, p.when, args) : undefined;
  if (guard && guard.k === 'const' && !guard.v) return dst ? localE(dst) : constE(0);
  if (guard && guard.k !== 'const') {
    const go = cx.newLabel();
    cx.br(guard, go, skip, node);
    cx.place(go);
  }
  for (const e of p.effects) emitEffect(cx, api, e, args, node, e.result && dst ? dst : undefined);
  for (const out of p.outs ?? []) {
    const name = args.localName(out.arg);
    if (name) cx.set({ k: 'local', name }, specValue(cx, out.value, args), node);
  }
  cx.place(skip);
  if (dst) return localE(dst);
  return p.value ? specValue(cx, p.value, args) : constE(0);
}

function emitEffect(cx: FnCtx, api: string, e: EffectSpec, args: CallArgs, node: SyntaxNode, dst?: string): void {
  const guard = e.when ? specValue(cx, e.when, args) : e.unless ? { k: 'not' as const, a: specValue(cx, e.unless, args) } : undefined;
  const skip = cx.newLabel();
  if (guard) {
    if (guard.k === 'const' && !guard.v) return;
    const go = cx.newLabel();
    if (guard.k !== 'const') {
      cx.br(guard, go, skip, node);
      cx.place(go);
    }
  }
  const out: LValue | undefined = dst ? { k: 'local', name: dst } : undefined;
  const emit = () =>
    cx.emit({ op: 'eff', eff: e.eff, args: e.args.map((s) => specValue(cx, s, args)), ...(out ? { dst: out } : {}), loc: cx.loc(node), api });
  if (e.repeat) repeatTimes(cx, specValue(cx, e.repeat, args), node, emit);
  else emit();
  cx.place(skip);
}

/** `for (i = 0; i < n; i++) body` with a fresh counter (a constant 1 needs no loop). */
function repeatTimes(cx: FnCtx, n: Expr, node: SyntaxNode, body: () => void): void {
  if (n.k === 'const' && n.v === 1) return body();
  const i = cx.tmp();
  const [head, go, exit] = [cx.newLabel(), cx.newLabel(), cx.newLabel()];
  cx.set({ k: 'local', name: i }, constE(0), node);
  cx.place(head);
  cx.br(fold('<', localE(i), n), go, exit, node);
  cx.place(go);
  body();
  cx.set({ k: 'local', name: i }, fold('+', localE(i), constE(1)), node);
  cx.jmp(head, node);
  cx.place(exit);
}

/**
 * xa_state cursor: locals `<xas>.xa_index`, `<xas>.span` (slots a store covers) and `<xas>.restart`
 * (1 after XA_STATE / xas_set / xas_reset / xas_pause, like XAS_RESTART: the next xas_next then
 * reads the current index instead of advancing — what made R-C5 depend on CONFIG_DEBUG_VM).
 */
function applyCursor(cx: FnCtx, api: string, op: CursorOp, args: CallArgs, node: SyntaxNode, value?: ArgSpec): Expr {
  const name = args.localName(0);
  if (!name) {
    cx.record(`${api} on an unknown cursor`, node, 'construct');
    return anyE(`${api}()`);
  }
  const index = localE(`${name}.xa_index`);
  const restart = localE(`${name}.restart`);
  const setIndex = (e: Expr) => cx.set({ k: 'local', name: `${name}.xa_index` }, e, node);
  const setRestart = (v: number) => cx.set({ k: 'local', name: `${name}.restart` }, constE(v), node);
  const load = () => {
    const dst = cx.tmp();
    setRestart(0);
    cx.emit({ op: 'eff', eff: 'xa_load', args: [index], dst: { k: 'local', name: dst }, loc: cx.loc(node), api });
    return localE(dst);
  };
  switch (op) {
    case 'set':
      setIndex(args.value(1));
      setRestart(1);
      return constE(0);
    case 'set_order':
      setIndex(args.value(1));
      setSpan(cx, name, args.nodes[2], args.value(2), node);
      setRestart(1);
      return constE(0);
    case 'next':
    case 'prev':
      setIndex(fold(op === 'next' ? '+' : '-', index, { k: 'not', a: restart }));
      return load();
    case 'load':
      return load();
    case 'find':
      return findNext(cx, api, name, args, node);
    case 'store':
      setRestart(0);
      storeAtCursor(cx, api, name, args.value(1), node);
      return constE(0);
    case 'restart':
      setRestart(1);
      return constE(0);
    case 'create_range':
      cx.set({ k: 'local', name: `${name}.span` }, constE(1), node);
      setRestart(0);
      return constE(0);
    case 'pause':
      setIndex(fold('+', index, constE(1)));
      setRestart(1);
      return constE(0);
    case 'keep':
      args.all();
      return value && 'c' in value ? constE(value.c) : constE(0);
  }
}

/**
 * xas_find(xas, max): from the index (restart) or the next one, load slots up to max and stop at the
 * first present entry; NULL when there is none. Each load is a visible step.
 */
function findNext(cx: FnCtx, api: string, cursor: string, args: CallArgs, node: SyntaxNode): Expr {
  const idx = `${cursor}.xa_index`;
  const index = localE(idx);
  const max = args.nodes.length > 1 ? args.value(1) : index;
  const v = cx.tmp();
  cx.set({ k: 'local', name: idx }, fold('+', index, { k: 'not', a: localE(`${cursor}.restart`) }), node);
  cx.set({ k: 'local', name: `${cursor}.restart` }, constE(0), node);
  cx.set({ k: 'local', name: v }, constE(0), node);
  const [head, go, next, done] = [cx.newLabel(), cx.newLabel(), cx.newLabel(), cx.newLabel()];
  cx.place(head);
  cx.br(fold('<=', index, max), go, done, node);
  cx.place(go);
  cx.emit({ op: 'eff', eff: 'xa_load', args: [index], dst: { k: 'local', name: v }, loc: cx.loc(node), api });
  cx.br(localE(v), done, next, node);
  cx.place(next);
  cx.set({ k: 'local', name: idx }, fold('+', index, constE(1)), node);
  cx.jmp(head, node);
  cx.place(done);
  return localE(v);
}

/** Span of a multi-index store: 1 << order, with HPAGE_PMD_ORDER read as log2(HPAGE_PMD_NR). */
export function setSpan(cx: FnCtx, cursor: string, orderNode: SyntaxNode | undefined, order: Expr, node: SyntaxNode): void {
  let span: Expr;
  const nr = cx.assumed('HPAGE_PMD_NR') ?? cx.prog.constants.get('HPAGE_PMD_NR');
  if (order.k === 'const') span = constE(2 ** order.v);
  else if (orderNode?.text === 'HPAGE_PMD_ORDER' && typeof nr === 'number') span = constE(nr);
  else {
    span = anyE(`order ${clip(orderNode?.text ?? '?')}`);
    cx.record(`xa_state order ${clip(orderNode?.text ?? '?')} (assume HPAGE_PMD_NR)`, node, 'construct');
  }
  cx.orderedCursors.add(cursor);
  cx.set({ k: 'local', name: `${cursor}.span` }, span, node);
}

function storeAtCursor(cx: FnCtx, api: string, cursor: string, v: Expr, node: SyntaxNode): void {
  const index = localE(`${cursor}.xa_index`);
  const loc = cx.loc(node);
  if (!cx.orderedCursors.has(cursor)) {
    cx.emit({ op: 'eff', eff: 'xa_store', args: [index, v], loc, api });
    return;
  }
  const span = localE(`${cursor}.span`);
  const [multi, single, end] = [cx.newLabel(), cx.newLabel(), cx.newLabel()];
  cx.br(fold('>', span, constE(1)), multi, single, node);
  cx.place(multi);
  cx.emit({ op: 'eff', eff: 'xa_store_range', args: [index, fold('+', index, span), v], loc, api });
  cx.jmp(end, node);
  cx.place(single);
  cx.emit({ op: 'eff', eff: 'xa_store', args: [index, v], loc, api });
  cx.place(end);
}
