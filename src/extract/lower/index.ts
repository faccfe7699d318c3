/**
 * Kernel-style C → IR (src/model/ir.ts). Entry points:
 *  - lowerFunctions: every function definition of one file;
 *  - lowerProgram: functions of several files as one IrProgram (optionally only some functions and
 *    the program functions they call, transitively).
 * Calls in the primitive table become effects, calls to program functions become `call`, the rest
 * `opaque`; see docs/model.md, "Lowering". Never throws on unfamiliar C: what is not understood is
 * recorded in IrFunction.unmodelled.
 */
import type { IrFunction, IrProgram } from '../../model/ir.js';
import { parseC, type SyntaxNode } from '../parse.js';
import { snapshot, type LNode } from './lnode.js';
import { FnCtx, type LowerOptions, type ProgramInfo } from './context.js';
import { declaredName, baseTypeName, parseNumber } from './ctypes.js';
import { MEMBER_STRUCTS } from './conventions.js';
import { normalizeKernelC } from './source.js';
import { lowerStatement } from './statements.js';
import { cachedFunction, fileKey, parsedFile, programKey, textKey } from './cache.js';

export type { LowerOptions } from './context.js';

interface FnDef {
  name: string;
  params: { name: string; base: string; ptr: number }[];
  /** The definition as plain JS nodes (copied on first use: see lnode.ts). */
  readonly node: LNode;
  file: string;
}

const DEFAULT_LIST_MAX = 8;

export function lowerFunctions(source: string, file: string, opts: LowerOptions = {}): IrFunction[] {
  const text = normalizeKernelC(source);
  const root = parseC(text).rootNode;
  const defs = functionDefs(root, file, text);
  const prog = programInfo(defs, collectConstants(root), opts);
  return defs.map((d) => lowerOne(d, prog));
}

export function lowerProgram(
  files: { path: string; text: string }[],
  opts: LowerOptions & { origin: string; only?: string[] },
): IrProgram {
  const defs: FnDef[] = [];
  const constants = new Map<string, number>();
  const fileKeys = new Map<string, string>();
  for (const f of files) {
    fileKeys.set(f.path, fileKey(f.path, f.text));
    const parsed = parsedFile(fileKeys.get(f.path)!, () => {
      const text = normalizeKernelC(f.text);
      const root = parseC(text).rootNode;
      return { defs: functionDefs(root, f.path, text), constants: collectConstants(root) };
    });
    defs.push(...parsed.defs);
    for (const [k, v] of parsed.constants) if (!constants.has(k)) constants.set(k, v);
  }
  const byName = new Map<string, FnDef>();
  for (const d of defs) if (!byName.has(d.name)) byName.set(d.name, d);
  const prog = programInfo([...byName.values()], constants, opts);
  const progKey = programKey(prog);
  const lowered = new Map<string, IrFunction>();
  const work = opts.only ? [...opts.only] : [...byName.keys()];
  while (work.length) {
    const name = work.shift()!;
    const d = byName.get(name);
    if (!d || lowered.has(name)) continue;
    const fn = cachedFunction(progKey, definitionKey(d), name, prog, () => lowerOne(d, prog));
    lowered.set(name, fn);
    for (const i of fn.body) if (i.op === 'call' && !lowered.has(i.fn)) work.push(i.fn);
  }
  const functions = new Map([...lowered].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  return { functions, origin: opts.origin };
}

/**
 * What a function's lowering reads besides the program-wide information: its own text and where it
 * starts (source lines in the IR). Keyed by definition, not by file, so that a patch to one function
 * keeps the lowerings of the other functions of its file (culprit probes change one hunk at a time).
 */
function definitionKey(d: FnDef): string {
  const at = d.node.startPosition;
  return `${d.file}\0${at.row}:${at.column}\0${textKey(d.node.text)}`;
}

function programInfo(defs: FnDef[], constants: Map<string, number>, opts: LowerOptions): ProgramInfo {
  const functions = new Map<string, string[]>();
  const structParams: ProgramInfo['structParams'] = new Map();
  for (const d of defs) {
    if (functions.has(d.name)) continue;
    const structs = memberStructParams(d);
    functions.set(d.name, [...d.params.map((p) => p.name), ...structs.flatMap((sp) => sp.members.map((m) => `${sp.name}.${m}`))]);
    if (structs.length) structParams.set(d.name, structs);
  }
  const a = opts.assume ?? {};
  const listMax = [a.LIST_MAX, a.HPAGE_PMD_NR].find((v): v is number => typeof v === 'number' && v > 0) ?? DEFAULT_LIST_MAX;
  return { functions, structParams, constants, opts, listMax: Math.min(listMax, 32) };
}

function memberStructParams(d: FnDef): { index: number; name: string; members: string[] }[] {
  return d.params.flatMap((p, index) => {
    const members = p.ptr === 1 ? MEMBER_STRUCTS[p.base] : undefined;
    return members ? [{ index, name: p.name, members }] : [];
  });
}

function lowerOne(d: FnDef, prog: ProgramInfo): IrFunction {
  const cx = new FnCtx(d.name, d.file, prog);
  for (const p of prog.functions.get(d.name) ?? []) {
    const decl = d.params.find((q) => q.name === p);
    cx.addParam(p, decl ? { base: decl.base, ptr: decl.ptr } : undefined);
  }
  const body = d.node.childForFieldName('body');
  if (body) lowerStatement(cx, body);
  const { body: instrs, locals } = cx.finish(body ?? d.node);
  return {
    name: d.name,
    params: cx.params,
    locals,
    body: instrs,
    file: d.file,
    range: [d.node.startPosition.row + 1, d.node.endPosition.row + 1],
    unmodelled: cx.unmodelled,
  };
}

/** Function definitions at top level, including those inside #if blocks. */
function functionDefs(root: SyntaxNode, file: string, source: string): FnDef[] {
  const out: FnDef[] = [];
  const visit = (n: SyntaxNode) => {
    for (const c of n.namedChildren) {
      if (c.type === 'function_definition') {
        const d = functionDef(c, file, source);
        if (d) out.push(d);
      } else if (c.type.startsWith('preproc_') || c.type === 'declaration_list' || c.type === 'linkage_specification') visit(c);
    }
  };
  visit(root);
  return out;
}

function functionDef(node: SyntaxNode, file: string, source: string): FnDef | undefined {
  let d = node.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const nameNode = d?.childForFieldName('declarator');
  if (!d || !nameNode || nameNode.type !== 'identifier') return undefined;
  const params: FnDef['params'] = [];
  for (const p of d.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.type !== 'parameter_declaration') continue;
    const base = baseTypeName(p.childForFieldName('type'));
    const decl = p.childForFieldName('declarator');
    if (!decl) continue; // `void` or an unnamed parameter type
    const dn = declaredName(decl, base);
    params.push(dn ? { name: dn.name, base, ptr: dn.type.ptr + (dn.array ? 1 : 0) } : { name: `$p${params.length}`, base, ptr: 0 });
  }
  let copy: LNode | undefined;
  return {
    name: nameNode.text,
    params,
    file,
    get node() {
      copy ??= snapshot(node, source);
      return copy;
    },
  };
}

/** Enumerators and `#define NAME <integer>` of a file. */
function collectConstants(root: SyntaxNode): Map<string, number> {
  const out = new Map<string, number>();
  for (const list of root.descendantsOfType('enumerator_list')) {
    let next = 0;
    for (const e of list.namedChildren) {
      if (e.type !== 'enumerator') continue;
      const name = e.childForFieldName('name')?.text;
      const vNode = e.childForFieldName('value');
      const v = vNode ? simpleValue(vNode.text, out) : next;
      if (v === undefined) continue;
      if (name && !out.has(name)) out.set(name, v);
      next = v + 1;
    }
  }
  for (const def of root.descendantsOfType('preproc_def')) {
    const name = def.childForFieldName('name')?.text;
    const v = def.childForFieldName('value');
    const n = v ? simpleValue(v.text.trim(), out) : undefined;
    if (name && n !== undefined && !out.has(name)) out.set(name, n);
  }
  return out;
}

/** `12`, `(1 << 3)`, `0x10`, a previous enumerator; undefined otherwise. */
function simpleValue(text: string, known: Map<string, number>): number | undefined {
  const t = text.replace(/^\((.*)\)$/, '$1').trim();
  const shift = /^(\w+)\s*<<\s*(\w+)$/.exec(t);
  if (shift) {
    const a = parseNumber(shift[1]) ?? known.get(shift[1]);
    const b = parseNumber(shift[2]) ?? known.get(shift[2]);
    return a !== undefined && b !== undefined && b < 31 ? a << b : undefined;
  }
  return parseNumber(t) ?? known.get(t);
}
