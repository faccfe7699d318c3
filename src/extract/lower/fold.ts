/**
 * Constant folding of IR binary expressions: the lowering evaluates what it knows (assumed
 * constants, flags passed as literals) so the model only branches on what is really unknown.
 */
import type { BinOp, Expr } from '../../model/ir.js';

function apply(op: BinOp, x: number, y: number): number {
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '&': return x & y;
    case '|': return x | y;
    case '==': return x === y ? 1 : 0;
    case '!=': return x !== y ? 1 : 0;
    case '<': return x < y ? 1 : 0;
    case '<=': return x <= y ? 1 : 0;
    case '>': return x > y ? 1 : 0;
    case '>=': return x >= y ? 1 : 0;
    case '&&': return x && y ? 1 : 0;
    case '||': return x || y ? 1 : 0;
  }
}

export function fold(op: BinOp, a: Expr, b: Expr): Expr {
  if (a.k === 'const' && b.k === 'const') return { k: 'const', v: apply(op, a.v, b.v) };
  const c = a.k === 'const' ? a.v : b.k === 'const' ? b.v : undefined;
  const other = a.k === 'const' ? b : a;
  if (c !== undefined) {
    if ((op === '+' || op === '|') && c === 0) return other;
    if (op === '-' && b.k === 'const' && c === 0) return a;
    if (op === '*' && c === 1) return other;
    if ((op === '*' || op === '&') && c === 0) return { k: 'const', v: 0 };
    if (op === '&&') return c ? { k: 'bin', op: '!=', a: other, b: { k: 'const', v: 0 } } : { k: 'const', v: 0 };
    if (op === '||') return c ? { k: 'const', v: 1 } : { k: 'bin', op: '!=', a: other, b: { k: 'const', v: 0 } };
  }
  return { k: 'bin', op, a, b };
}
