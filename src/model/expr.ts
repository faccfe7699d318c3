/**
 * Expression compilation entry points (code generation lives in codegen.ts, the scope in expr-scope.ts).
 */
import type { LValue } from './ir.js';
import { compileExpr } from './codegen.js';
import { getField, type Scope, type Wr } from './expr-scope.js';

export { compileExpr, MAX_CHOICE_BITS } from './codegen.js';
export { getField, lockHeldAny, pageBases, ptePresent, signed } from './expr-scope.js';
export type { Ev, Scope, Wr } from './expr-scope.js';

export function compileLValue(lv: LValue, sc: Scope): Wr {
  if (lv.k === 'local') {
    const o = sc.local(lv.name);
    return (t, _cx, v) => {
      t[o] = v;
    };
  }
  const f = getField(sc, lv.field);
  const obj = compileExpr(lv.obj, sc);
  return (t, cx, v) => f.write(t, obj(t, cx), v, cx);
}
