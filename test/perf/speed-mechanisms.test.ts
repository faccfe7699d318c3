/**
 * The mechanisms that make a check fast must not change what it says: generated code made from
 * shared factories computes what the literal code computes; a probe that stops at the first sighting
 * of a verdict answers as a full run does; a probe never stands in for a full run.
 */
import { describe, expect, it } from 'vitest';
import { factoryCount, makeFunction } from '../../src/model/codegen-shapes.js';
import { collapseVsMincore } from '../../src/model/bench-collapse.js';
import { runScenario } from '../../src/explore/index.js';
import { Runner } from '../../src/engine/runner.js';
import { callGraph, entryFamilies } from '../../src/engine/relevance.js';
import type { ProgramSource } from '../../src/engine/sides.js';
import { fakeDeps, toyRule, toyScenario } from '../engine/fakes.js';

type Fn = (t: Uint8Array, cx: unknown) => number;

describe('generated code by shape', () => {
  const bodies = [
    'return ((S(t[3]) < S(((t[7] - 1) & 255)) ? 1 : 0)) ? 12 : 40;',
    't[5] = ((t[2] + 250) & 255); return 9;',
    'return (((t[1]) ? 0 : 1)) ? 3 : 4;',
  ];
  const S = (v: number) => (v << 24) >> 24;

  it('computes what the literal source computes', () => {
    for (const body of bodies) {
      const shaped = makeFunction(['S'], [S], 't, cx', body, true) as Fn;
      const literal = makeFunction(['S'], [S], 't, cx', body, false) as Fn;
      for (let k = 0; k < 50; k++) {
        const a = Uint8Array.from({ length: 8 }, (_, i) => (k * 37 + i * 101) & 255);
        const b = a.slice();
        expect(shaped(a, null)).toBe(literal(b, null));
        expect(a).toEqual(b);
      }
    }
  });

  it('makes one factory for sources that differ only in their numbers', () => {
    const before = factoryCount();
    for (let off = 0; off < 20; off++) makeFunction(['S'], [S], 't, cx', `t[${off + 100}] = ${off}; return ${off + 1};`, true);
    expect(factoryCount() - before).toBe(1);
    // string literals keep the source as is (numbers inside them must not move)
    const f = makeFunction([], [], 't, cx', 'return "a1".length + 1;', true) as Fn;
    expect(f(new Uint8Array(1), null)).toBe(3);
  });
});

describe('probes that stop at the first sighting', () => {
  const opts = { maxStates: 1_000_000, maxMillis: 60_000 };

  it('find the stall a full run finds, in fewer states; a verdict that never occurs costs a full run', () => {
    const full = runScenario(collapseVsMincore(4, 2, 'B'), opts);
    expect(full.verdicts.some((v) => v.verdict.kind === 'livelock')).toBe(true);
    const probe = runScenario(collapseVsMincore(4, 2, 'B'), { ...opts, stopOn: { stall: 'livelock' } });
    expect(probe.verdicts.some((v) => v.verdict.kind === 'livelock')).toBe(true);
    expect(probe.stats.states).toBeLessThan(full.stats.states);
    const absent = runScenario(collapseVsMincore(4, 2, 'B'), { ...opts, stopOn: { property: 'no-such-property' } });
    expect(absent.stats).toEqual(full.stats);
  });

  it('reuse a full run already made, and are never reused as one', async () => {
    const log = { explored: [] as string[] };
    const runner = new Runner(fakeDeps(log));
    const src = (key: string): ProgramSource => ({ key, label: key, base: [{ path: 'mm/toy.c', text: `void toy_collapse(void) { ${key}(); }\n` }], overlay: [] });
    await runner.explore(toyScenario, src('a'));
    await runner.explore(toyScenario, src('a'), toyRule.match);
    expect(log.explored).toEqual(['a']);
    await runner.explore(toyScenario, src('b'), toyRule.match);
    await runner.explore(toyScenario, src('b'), toyRule.match);
    await runner.explore(toyScenario, src('b'));
    expect(log.explored).toEqual(['a', 'b', 'b']);
  });
});

describe('lowering requests', () => {
  it('give every scenario group of a program the same files (entries that run together share them), so lowered functions can be shared', async () => {
    const deps = fakeDeps();
    const seen: string[][] = [];
    const lower = deps.lower;
    deps.lower = (files, req) => {
      seen.push(files.map((f) => f.path));
      return lower(files, req);
    };
    const readerOnly = { ...toyScenario, id: 'toy-reader-alone', assume: { X: 1 }, threads: [toyScenario.threads[1]] };
    const runner = new Runner(deps);
    runner.register([toyScenario, readerOnly]);
    const src: ProgramSource = {
      key: 'p',
      label: 'p',
      base: [
        { path: 'mm/a.c', text: 'void toy_collapse(void) { page_ref_freeze(); }\n' },
        { path: 'mm/b.c', text: 'void toy_reader(void) { xa_load(); }\n' },
      ],
      overlay: [],
    };
    await runner.explore(toyScenario, src);
    await runner.explore(readerOnly, src);
    expect(seen).toEqual([
      ['mm/a.c', 'mm/b.c'],
      ['mm/a.c', 'mm/b.c'],
    ]);
  });
});

describe('entry families', () => {
  it('keep apart entries that neither run together nor reach a common function, and join those that do', () => {
    const graph = callGraph([
      { path: 'mm/a.c', text: 'void col(void) { helper(); }\nvoid helper(void) { }\nvoid rd(void) { helper(); }\n' },
      { path: 'mm/z.c', text: 'void zap(void) { zhelp(); }\nvoid zhelp(void) { }\nvoid wb(void) { }\n' },
    ]);
    expect(entryFamilies(graph, ['col', 'rd', 'wb', 'zap'])).toEqual([['col', 'rd'], ['wb'], ['zap']]);
    expect(entryFamilies(graph, ['col', 'rd', 'wb', 'zap'], [['wb', 'zap']])).toEqual([['col', 'rd'], ['wb', 'zap']]);
  });

  it('give a program only the files of its own family', async () => {
    const deps = fakeDeps();
    const seen: string[][] = [];
    const lower = deps.lower;
    deps.lower = (files, req) => {
      seen.push(files.map((f) => f.path));
      return lower(files, req);
    };
    const other = { ...toyScenario, id: 'toy-other-path', assume: { X: 2 }, threads: [{ ...toyScenario.threads[1], entry: 'other_path' }] };
    const runner = new Runner(deps);
    runner.register([toyScenario, other]);
    const src: ProgramSource = {
      key: 'p',
      label: 'p',
      base: [
        { path: 'mm/a.c', text: 'void toy_collapse(void) { page_ref_freeze(); }\n' },
        { path: 'mm/b.c', text: 'void toy_reader(void) { xa_load(); }\n' },
        { path: 'mm/c.c', text: 'void other_path(void) { xa_load(); }\n' },
      ],
      overlay: [],
    };
    await runner.explore(toyScenario, src);
    await runner.explore(other, src);
    expect(seen).toEqual([['mm/a.c', 'mm/b.c'], ['mm/c.c']]);
  });
});
