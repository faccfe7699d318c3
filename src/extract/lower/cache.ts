/**
 * Lowering cache. The engine lowers the same reference and patched files once per scenario, and
 * scenarios differ only in a few assumptions (pinned object ids, flags). Walking tree-sitter nodes
 * is the dominant cost, so parsed files are kept by text, and lowered functions are kept together
 * with the assumption names their lowering consulted: a cached function is reused only when every
 * one of those names has the same value now (a dependency-tracked memo, so it can never return a
 * lowering made under different assumptions). Lowered functions are shared: callers must treat
 * IrFunction values as immutable (everyone already does).
 */
import { createHash } from 'node:crypto';
import type { IrFunction } from '../../model/ir.js';
import type { ProgramInfo } from './context.js';

const MAX_FILES = 64;
const MAX_FUNCTIONS = 4096;

const files = new Map<string, unknown>();
const functions = new Map<string, { deps: [string, number | 'any' | undefined][]; fn: IrFunction }[]>();
let functionCount = 0;

export function fileKey(path: string, text: string): string {
  return `${path}\0${digest(text)}`;
}

export function textKey(text: string): string {
  return digest(text);
}

export function parsedFile<T>(key: string, make: () => T): T {
  const hit = files.get(key) as T | undefined;
  if (hit) return hit;
  if (files.size >= MAX_FILES) files.clear();
  const made = make();
  files.set(key, made);
  return made;
}

/**
 * Everything program-wide a function's lowering depends on, except assumptions (tracked apart) and
 * its own definition (keyed apart): which functions exist with which parameters, member-struct parameters,
 * constants, iterator objects and the list capacity. A patch that changes one file therefore keeps
 * the lowerings of every other file's functions.
 */
export function programKey(prog: ProgramInfo): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([...prog.functions].sort()));
  h.update(JSON.stringify([...prog.structParams].sort((a, b) => (a[0] < b[0] ? -1 : 1))));
  h.update(JSON.stringify([...prog.constants].sort()));
  h.update(JSON.stringify(prog.opts.iterate ?? {})).update(String(prog.listMax));
  return h.digest('hex').slice(0, 32);
}

export function cachedFunction(progKey: string, defKey: string, name: string, prog: ProgramInfo, lower: () => IrFunction): IrFunction {
  const key = `${progKey}\0${defKey}\0${name}`;
  const assume = prog.opts.assume ?? {};
  const current = (n: string) => (Object.prototype.hasOwnProperty.call(assume, n) ? assume[n] : undefined);
  for (const entry of functions.get(key) ?? []) if (entry.deps.every(([n, v]) => current(n) === v)) return entry.fn;
  const consulted = new Set<string>();
  prog.consulted = consulted;
  let fn: IrFunction;
  try {
    fn = lower();
  } finally {
    prog.consulted = undefined;
  }
  if (functionCount >= MAX_FUNCTIONS) {
    functions.clear();
    functionCount = 0;
  }
  const deps = [...consulted].sort().map((n): [string, number | 'any' | undefined] => [n, current(n)]);
  functions.set(key, [...(functions.get(key) ?? []), { deps, fn }]);
  functionCount++;
  return fn;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
