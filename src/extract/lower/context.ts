/**
 * Lowering state of one C function: the instruction buffer, symbolic labels, scopes (block-scoped
 * names flattened into function-scoped locals, renamed on shadowing), static C types of locals,
 * and the record of what could not be modelled.
 */
import type { Expr, Instr, IrFunction, LValue, Loc } from '../../model/ir.js';
import type { LNode as SyntaxNode } from './lnode.js';

export interface LowerOptions {
  /** Constants (HPAGE_PMD_NR), flags, and pinned call results, keyed by C identifier or callee name. */
  assume?: Record<string, number | 'any'>;
  /**
   * Objects an iterator macro walks, by scenario object name (`{ vma_interval_tree_foreach: ['vma'] }`).
   * Iterators without an entry run zero or one pass with a NULL element.
   */
  iterate?: Record<string, string[]>;
}

/** What the lowering of one function knows about the whole program. */
export interface ProgramInfo {
  /** Functions defined in the program, with their parameter names (calls to them become `call`). */
  functions: Map<string, string[]>;
  /** Per function: parameters pointing to a member struct (their members are hidden parameters). */
  structParams: Map<string, { index: number; name: string; members: string[] }[]>;
  /** Enumerators and numeric #defines found in the program's files. */
  constants: Map<string, number>;
  opts: LowerOptions;
  /** Capacity of a modelled list local (number of page slots). */
  listMax: number;
  /** Assumption names consulted while lowering the current function (for the lowering cache). */
  consulted?: Set<string>;
}

/** Static C type of a local: base name ('page', 'pte_t', 'int') and pointer depth. */
export interface CType {
  base: string;
  ptr: number;
}

type Unmodelled = IrFunction['unmodelled'][number];

export class FnCtx {
  readonly body: Instr[] = [];
  readonly unmodelled: Unmodelled[] = [];
  readonly params: string[] = [];
  private readonly localNames = new Set<string>();
  private readonly declared = new Set<string>();
  private readonly scopes: Map<string, string>[] = [new Map()];
  readonly types = new Map<string, CType>();
  /** List locals (LIST_HEAD / struct list_head): name → true. */
  readonly lists = new Set<string>();
  /** xa_state cursors whose order was set somewhere in the function (multi-index stores possible). */
  readonly orderedCursors = new Set<string>();
  readonly loops: { brk: number; cont: number }[] = [];
  private readonly labelPos: number[] = [];
  private readonly named = new Map<string, number>();
  private readonly seen = new Set<string>();
  private tmpCount = 0;

  constructor(
    readonly fn: string,
    readonly file: string,
    readonly prog: ProgramInfo,
  ) {}

  loc(node: SyntaxNode): Loc {
    return { file: this.file, line: node.startPosition.row + 1, fn: this.fn };
  }

  emit(i: Instr): void {
    this.body.push(i);
  }

  set(dst: LValue, e: Expr, node: SyntaxNode): void {
    if (dst.k === 'local') this.addLocal(dst.name);
    this.emit({ op: 'set', dst, e, loc: this.loc(node) });
  }

  /** A fresh symbolic label; `place` binds it to the next instruction. */
  newLabel(): number {
    this.labelPos.push(-1);
    return this.labelPos.length - 1;
  }

  place(label: number): void {
    this.labelPos[label] = this.body.length;
  }

  jmp(label: number, node: SyntaxNode): void {
    this.emit({ op: 'jmp', to: label, loc: this.loc(node) });
  }

  br(cond: Expr, t: number, f: number, node: SyntaxNode): void {
    this.emit({ op: 'br', cond, t, f, loc: this.loc(node) });
  }

  /** The label of a `goto` target, created on first mention. */
  namedLabel(name: string): number {
    let l = this.named.get(name);
    if (l === undefined) {
      l = this.newLabel();
      this.named.set(name, l);
    }
    return l;
  }

  pushScope(): void {
    this.scopes.push(new Map());
  }

  popScope(): void {
    if (this.scopes.length > 1) this.scopes.pop();
  }

  addParam(name: string, type?: CType): void {
    this.params.push(name);
    this.declared.add(name);
    this.scopes[0].set(name, name);
    if (type) this.types.set(name, type);
  }

  /** Declares a C name in the current scope; a name already used in this function gets a suffix. */
  declare(cName: string, type?: CType): string {
    const scope = this.scopes[this.scopes.length - 1];
    const existing = scope.get(cName);
    if (existing !== undefined) return existing;
    let ir = cName;
    for (let k = 2; this.declared.has(ir); k++) ir = `${cName}#${k}`;
    this.declared.add(ir);
    scope.set(cName, ir);
    this.addLocal(ir);
    if (type) this.types.set(ir, type);
    return ir;
  }

  resolve(cName: string): string | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(cName);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  addLocal(name: string): void {
    if (!this.params.includes(name)) this.localNames.add(name);
  }

  tmp(): string {
    const name = `$t${++this.tmpCount}`;
    this.addLocal(name);
    return name;
  }

  record(name: string, node: SyntaxNode, what: Unmodelled['what']): void {
    const loc = this.loc(node);
    const key = `${what}|${name}|${loc.line}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.unmodelled.push({ name, loc, what });
  }

  assumed(name: string): number | 'any' | undefined {
    this.prog.consulted?.add(name);
    const a = this.prog.opts.assume;
    return a && Object.prototype.hasOwnProperty.call(a, name) ? a[name] : undefined;
  }

  /** Resolves symbolic labels; a fall-through end returns. */
  finish(endNode: SyntaxNode): { body: Instr[]; locals: string[] } {
    const last = this.body[this.body.length - 1];
    const endPos = this.body.length;
    if (!last || last.op !== 'ret' || this.labelPos.some((p) => p === endPos))
      this.emit({ op: 'ret', loc: this.loc(endNode) });
    const retPos = this.body.length - 1;
    const at = (label: number) => (this.labelPos[label] >= 0 ? this.labelPos[label] : retPos);
    for (const [name, label] of [...this.named].sort((a, b) => a[1] - b[1]))
      if (this.labelPos[label] < 0) this.record(`goto ${name} (no such label)`, endNode, 'construct');
    const body = this.body.map((i): Instr => {
      if (i.op === 'br') return { ...i, t: at(i.t), f: at(i.f) };
      if (i.op === 'jmp') return { ...i, to: at(i.to) };
      return i;
    });
    for (const i of body) for (const name of localsOf(i)) this.addLocal(name);
    return { body, locals: [...this.localNames].filter((n) => !this.params.includes(n)) };
  }
}

/** Names of the locals an instruction reads or writes. */
function localsOf(i: Instr): string[] {
  const out: string[] = [];
  const expr = (e: Expr): void => {
    if (e.k === 'local') out.push(e.name);
    else if (e.k === 'not') expr(e.a);
    else if (e.k === 'bin') (expr(e.a), expr(e.b));
    else if (e.k === 'field') expr(e.obj);
    else if (e.k === 'query') e.args.forEach(expr);
  };
  const lv = (l: LValue | undefined): void => {
    if (l?.k === 'local') out.push(l.name);
    else if (l) expr(l.obj);
  };
  if (i.op === 'set') (lv(i.dst), expr(i.e));
  else if (i.op === 'eff' || i.op === 'call') (i.args.forEach(expr), lv(i.dst));
  else if (i.op === 'br') expr(i.cond);
  else if (i.op === 'ret' && i.e) expr(i.e);
  if (i.op === 'call') for (const o of i.outs ?? []) lv(o.dst);
  return out;
}

/** Does an expression contain an unknown value (`any`)? Returns the reasons. */
export function anyReasons(e: Expr, out: string[] = []): string[] {
  switch (e.k) {
    case 'any':
      out.push(e.why);
      break;
    case 'not':
      anyReasons(e.a, out);
      break;
    case 'bin':
      anyReasons(e.a, out);
      anyReasons(e.b, out);
      break;
    case 'field':
      anyReasons(e.obj, out);
      break;
    case 'query':
      for (const a of e.args) anyReasons(a, out);
      break;
    default:
      break;
  }
  return out;
}

export const constE = (v: number): Expr => ({ k: 'const', v });
export const localE = (name: string): Expr => ({ k: 'local', name });
export const anyE = (why: string): Expr => ({ k: 'any', why });
