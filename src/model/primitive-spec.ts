/**
 * Constructors for entries of the primitive table (src/model/primitives.ts): where each IR argument
 * comes from (A: the C call's argument i, F/M: a field or member of it, O: a world object, K: a
 * constant) and what the entry is (effects, one effect, a query, a value, a cursor op, nothing).
 */
import type { EffectKind, PageFlag, QueryKind } from './ir.js';
import type { ArgSpec, CursorOp, EffectSpec, Primitive } from './primitives.js';

export const A = (i: number): ArgSpec => ({ arg: i });
export const F = (i: number, field: string): ArgSpec => ({ arg: i, field });
export const M = (i: number, member: string): ArgSpec => ({ arg: i, member });
export const O = (name: string): ArgSpec => ({ obj: name });
export const K = (c: number): ArgSpec => ({ c });
export const E = (eff: EffectKind, args: ArgSpec[], extra: Partial<EffectSpec> = {}): EffectSpec => ({ eff, args, ...extra });
export const effects = (...list: EffectSpec[]): Primitive => ({ kind: 'effect', effects: list });
export const one = (eff: EffectKind, args: ArgSpec[], result = false): Primitive =>
  effects(E(eff, args, result ? { result } : {}));
export const withValue = (p: Primitive, value: ArgSpec): Primitive => ({ ...p, value }) as Primitive;
export const query = (q: QueryKind, args: ArgSpec[], negate = false): Primitive => ({ kind: 'query', q, args, negate });
export const value = (v: ArgSpec): Primitive => ({ kind: 'value', value: v });
export const nop = (v?: number): Primitive => ({ kind: 'nop', value: v });
export const cursor = (op: CursorOp, v?: ArgSpec): Primitive => ({ kind: 'cursor', op, value: v });
export const flag = (f: PageFlag): ArgSpec => ({ flag: f });
export const READ = K(1);
export const WRITE = K(0);
