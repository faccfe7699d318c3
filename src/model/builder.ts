/**
 * A small assembler for IR functions with symbolic labels, for programs written directly in IR
 * (the benchmark scenario, tests). Each instruction gets the next source line unless one is given.
 */
import type { BinOp, EffectKind, Expr, Instr, IrFunction, IrProgram, LValue, Loc, QueryKind } from './ir.js';

export const c = (v: number): Expr => ({ k: 'const', v });
export const lv = (name: string): Expr => ({ k: 'local', name });
export const obj = (name: string): Expr => ({ k: 'obj', name });
export const bin = (op: BinOp, a: Expr, b: Expr): Expr => ({ k: 'bin', op, a, b });
export const not = (a: Expr): Expr => ({ k: 'not', a });
export const q = (kind: QueryKind, ...args: Expr[]): Expr => ({ k: 'query', q: kind, args });
export const any = (why: string): Expr => ({ k: 'any', why });
export const field = (o: Expr, f: string): Expr => ({ k: 'field', obj: o, field: f });
export const dstLocal = (name: string): LValue => ({ k: 'local', name });
export const dstField = (o: Expr, f: string): LValue => ({ k: 'field', obj: o, field: f });

type Pending = Instr | { op: 'br*'; cond: Expr; t: string; f: string; loc: Loc } | { op: 'jmp*'; to: string; loc: Loc };

export class FnBuilder {
  private readonly body: Pending[] = [];
  private readonly labels = new Map<string, number>();
  private line: number;

  constructor(
    readonly name: string,
    readonly params: string[],
    readonly locals: string[],
    readonly file = 'model.c',
    firstLine = 1,
  ) {
    this.line = firstLine;
  }

  private loc(line?: number): Loc {
    const l = line ?? this.line;
    this.line = l + 1;
    return { file: this.file, line: l, fn: this.name };
  }

  label(name: string): this {
    this.labels.set(name, this.body.length);
    return this;
  }
  set(dst: LValue | string, e: Expr, line?: number): this {
    this.body.push({ op: 'set', dst: typeof dst === 'string' ? dstLocal(dst) : dst, e, loc: this.loc(line) });
    return this;
  }
  eff(eff: EffectKind, args: Expr[], api: string, dst?: LValue | string, line?: number): this {
    const d = typeof dst === 'string' ? dstLocal(dst) : dst;
    this.body.push({ op: 'eff', eff, args, api, ...(d ? { dst: d } : {}), loc: this.loc(line) });
    return this;
  }
  br(cond: Expr, t: string, f: string, line?: number): this {
    this.body.push({ op: 'br*', cond, t, f, loc: this.loc(line) });
    return this;
  }
  jmp(to: string, line?: number): this {
    this.body.push({ op: 'jmp*', to, loc: this.loc(line) });
    return this;
  }
  call(fn: string, args: Expr[], dst?: string, line?: number): this {
    this.body.push({ op: 'call', fn, args, ...(dst ? { dst: dstLocal(dst) } : {}), loc: this.loc(line) });
    return this;
  }
  ret(e?: Expr, line?: number): this {
    this.body.push({ op: 'ret', ...(e ? { e } : {}), loc: this.loc(line) });
    return this;
  }
  step(label: string, line?: number): this {
    this.body.push({ op: 'step', label, loc: this.loc(line) });
    return this;
  }
  opaque(name: string, line?: number): this {
    this.body.push({ op: 'opaque', name, loc: this.loc(line) });
    return this;
  }

  build(): IrFunction {
    const at = (l: string): number => {
      const i = this.labels.get(l);
      if (i === undefined) throw new Error(`${this.name}: unknown label ${l}`);
      return i;
    };
    const body: Instr[] = this.body.map((p) => {
      if (p.op === 'br*') return { op: 'br', cond: p.cond, t: at(p.t), f: at(p.f), loc: p.loc };
      if (p.op === 'jmp*') return { op: 'jmp', to: at(p.to), loc: p.loc };
      return p;
    });
    return { name: this.name, params: this.params, locals: this.locals, body, file: this.file, range: [1, this.line], unmodelled: [] };
  }
}

export function program(origin: string, ...fns: IrFunction[]): IrProgram {
  return { origin, functions: new Map(fns.map((f) => [f.name, f])) };
}
