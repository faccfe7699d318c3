/**
 * Helpers for the lowering tests: lower a C snippet, find a function, list instructions by kind.
 */
import type { Instr, IrFunction, IrProgram } from '../../src/model/ir.js';
import type { Scenario, ObjectDecl, ThreadDecl, PropertySpec } from '../../src/model/scenario.js';
import { lowerFunctions, lowerProgram, type LowerOptions } from '../../src/extract/lower/index.js';

export function lowerOne(src: string, name: string, opts: LowerOptions = {}): IrFunction {
  const fn = lowerFunctions(src, 'test.c', opts).find((f) => f.name === name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
}

export function effects(fn: IrFunction): string[] {
  return fn.body.filter((i): i is Extract<Instr, { op: 'eff' }> => i.op === 'eff').map((i) => `${i.eff}:${i.api}`);
}

export function program(src: string, opts: LowerOptions = {}): IrProgram {
  return lowerProgram([{ path: 'test.c', text: src }], { ...opts, origin: 'test' });
}

export function scenario(
  id: string,
  objects: ObjectDecl[],
  threads: ThreadDecl[],
  extra: { properties?: PropertySpec[]; assume?: Scenario['assume'] } = {},
): Scenario {
  return {
    id,
    title: id,
    objects,
    threads,
    assume: extra.assume ?? {},
    properties: extra.properties ?? [],
    bounds: { maxStates: 200_000, maxMillis: 20_000 },
  };
}
