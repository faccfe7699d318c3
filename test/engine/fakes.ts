/**
 * Fakes for engine tests: a "lowering" that records each function's callees as opaque steps, and an
 * "explorer" whose property is violated when toy_collapse freezes pages but never stores into a
 * slot in its loop (a frozen page left findable). Enough to test classification, culprit search and
 * series handling without the real model.
 */
import type { EngineDeps } from '../../src/engine/deps.js';
import { referenceFunctions } from '../../src/engine/ref-functions.js';
import type { Rule } from '../../src/engine/rule.js';
import type { ExploreResult } from '../../src/explore/types.js';
import type { IrFunction, IrProgram } from '../../src/model/ir.js';
import type { Scenario } from '../../src/model/scenario.js';
import { toyVariants } from './helpers.js';

export const toyScenario: Scenario = {
  id: 'toy-frozen-vs-reader',
  title: 'toy_collapse vs toy_reader',
  objects: [],
  threads: [
    { name: 'collapse', entry: 'toy_collapse', args: {} },
    { name: 'reader', entry: 'toy_reader', args: {} },
  ],
  assume: {},
  properties: [],
  bounds: { maxStates: 1000, maxMillis: 1000 },
};

export const toyRule: Rule = {
  id: 'toy-frozen-findable',
  title: 'Frozen page findable',
  severity: 'error',
  rationale: 'test rule',
  references: [],
  knownFalsePositives: 'none',
  path: 'toy',
  triggers: { functions: ['toy_collapse'] },
  scenarios: [toyScenario],
  match: { property: 'frozen-findable' },
  message: '{thread} meets a frozen page ({object})',
  fixtures: [],
};

function lowerFake(files: { path: string; text: string }[], origin: string): IrProgram {
  const functions = new Map<string, IrFunction>();
  for (const f of files) {
    for (const fn of referenceFunctions(f)) {
      if (functions.has(fn.name)) continue;
      const body = fn.stmts.flatMap((s) =>
        s.callees.map((name) => ({ op: 'opaque' as const, name, loc: { file: f.path, line: s.firstLine + 1, fn: fn.name } })),
      );
      functions.set(fn.name, { name: fn.name, params: [], locals: [], body, file: f.path, range: [fn.startRow + 1, fn.endRow + 1], unmodelled: [] });
    }
  }
  return { functions, origin };
}

function calls(p: IrProgram, fn: string, callee: string): number {
  return (p.functions.get(fn)?.body ?? []).filter((i) => i.op === 'opaque' && i.name === callee).length;
}

export interface FakeLog {
  explored: string[];
}

export function fakeDeps(log: FakeLog = { explored: [] }, opts: { inconclusiveAbove?: number } = {}): EngineDeps {
  return {
    rules: [toyRule],
    variants: toyVariants().filter((v) => v.name === 'toy'),
    lower: (files, req) => lowerFake(files, req.origin),
    explore: ({ scenario, program, programKey, bounds }): ExploreResult => {
      log.explored.push(programKey);
      const stats = { states: 10, transitions: 12, depth: 4, bytesPerState: 16 };
      if (opts.inconclusiveAbove !== undefined && bounds.maxStates < opts.inconclusiveAbove)
        return { scenario: scenario.id, verdicts: [{ verdict: { kind: 'inconclusive', reason: `state bound ${bounds.maxStates} reached` } }], stats, unmodelled: [] };
      const frozenFindable = calls(program, 'toy_collapse', 'page_ref_freeze') > 0 && calls(program, 'toy_collapse', 'xa_store') === 0;
      if (!frozenFindable) return { scenario: scenario.id, verdicts: [{ verdict: { kind: 'ok' } }], stats, unmodelled: ['toy_alloc_page'] };
      return {
        scenario: scenario.id,
        verdicts: [
          {
            verdict: { kind: 'violation', property: 'frozen-findable', message: 'page 0 frozen in slot 0' },
            trace: {
              steps: [{ n: 1, thread: 'reader', text: 'xa_load', api: 'xa_load', event: 'XA_LOAD(0)', loc: { file: 'mm/toy.c', line: 12, fn: 'toy_reader' } }],
              state: ['slot 0 = page 0 (frozen)'],
              replay: `mmr1.${scenario.id}.${programKey}.0`,
            },
          },
        ],
        stats,
        unmodelled: ['toy_alloc_page'],
      };
    },
    touched: (patch) =>
      patch.files.flatMap((fd) =>
        fd.hunks.map((h) => ({
          file: fd.newPath ?? '',
          name: /(\w+)\(/.exec(h.context)?.[1] ?? '',
          kind: 'changed' as const,
          removedLines: [],
          addedLines: [],
          fromFragment: true,
          hunks: [h.index],
        })),
      ),
  };
}
