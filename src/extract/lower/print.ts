/**
 * Text form of IR, one instruction per line, for tests, debugging and `--dump-ir` style output.
 */
import type { Expr, Instr, IrFunction, LValue } from '../../model/ir.js';

export function formatExpr(e: Expr): string {
  switch (e.k) {
    case 'const':
      return String(e.v);
    case 'local':
      return e.name;
    case 'field':
      return `${formatExpr(e.obj)}->${e.field}`;
    case 'obj':
      return `@${e.name}`;
    case 'not':
      return `!${formatExpr(e.a)}`;
    case 'bin':
      return `(${formatExpr(e.a)} ${e.op} ${formatExpr(e.b)})`;
    case 'query':
      return `?${e.q}(${e.args.map(formatExpr).join(', ')})`;
    case 'any':
      return `any<${e.why}>`;
    case 'tlocal':
      return `${e.thread}.${e.name}`;
    case 'tstate':
      return `${e.thread} is ${e.is}`;
    case 'tin':
      return `${e.thread} in ${e.fn}`;
  }
}

function lv(l: LValue): string {
  return l.k === 'local' ? l.name : `${formatExpr(l.obj)}->${l.field}`;
}

export function formatInstr(i: Instr): string {
  switch (i.op) {
    case 'set':
      return `${lv(i.dst)} = ${formatExpr(i.e)}`;
    case 'eff':
      return `${i.dst ? `${lv(i.dst)} = ` : ''}${i.eff}(${i.args.map(formatExpr).join(', ')})  [${i.api}]`;
    case 'br':
      return `br ${formatExpr(i.cond)} ? ${i.t} : ${i.f}`;
    case 'jmp':
      return `jmp ${i.to}`;
    case 'call': {
      const outs = i.outs?.length ? ` outs ${i.outs.map((o) => `${o.param}->${lv(o.dst)}`).join(', ')}` : '';
      return `${i.dst ? `${lv(i.dst)} = ` : ''}call ${i.fn}(${i.args.map(formatExpr).join(', ')})${outs}`;
    }
    case 'ret':
      return i.e ? `ret ${formatExpr(i.e)}` : 'ret';
    case 'opaque':
      return `opaque ${i.name}`;
    case 'step':
      return `step${i.label ? ` ${i.label}` : ''}`;
  }
}

/** `name(params)` then numbered instructions with their source lines. */
export function formatFunction(fn: IrFunction): string {
  const lines = [`${fn.name}(${fn.params.join(', ')})  locals: ${fn.locals.join(', ')}`];
  fn.body.forEach((i, n) => {
    const line = i.op === 'jmp' ? i.loc?.line : i.loc.line;
    lines.push(`${String(n).padStart(3)}: ${formatInstr(i)}${line ? `  @${line}` : ''}`);
  });
  return lines.join('\n');
}
