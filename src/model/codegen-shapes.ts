/**
 * Generated functions are made from shared factories, one per code *shape*: the source with its
 * integer literals (state offsets, jump targets, constants) turned into parameters of the factory.
 * Across scenarios and programs the same few dozen shapes recur with different numbers (seed 001:
 * ~2100 sources, 74 shapes), so V8 parses, compiles and optimises each shape once, and every closure
 * made from a factory shares its feedback and optimised code. Without this, every instruction of
 * every run was a new function to compile, which cost more than exploring small scenarios.
 * Behaviour is that of the literal source: each closure captures its own numbers.
 */
type Factory = (...args: unknown[]) => unknown;

const FACTORIES = new Map<string, Factory>();
const MAX_FACTORIES = 20_000;

/** Integer literals outside K[...] and av[...] subscripts (those stay literal: constant-index loads). */
const LITERAL = /(?<!(?:K|av)\[)\b\d+\b/g;

interface Shape {
  source: string;
  values: number[];
}

/** Shapes by body: the same instruction recurs in before, after and culprit programs of a scenario. */
const SHAPES = new Map<string, Shape>();

/** The shape of a source and its numbers; the source as is when it holds string literals. */
function shapeOf(body: string): Shape {
  let shape = SHAPES.get(body);
  if (shape) return shape;
  const values: number[] = [];
  const source = /["'`]/.test(body) ? body : body.replace(LITERAL, (m) => `$${values.push(Number(m)) - 1}`);
  shape = { source, values };
  if (SHAPES.size >= MAX_FACTORIES) SHAPES.clear();
  SHAPES.set(body, shape);
  return shape;
}

function factoryFor(names: string[], source: string): Factory {
  const key = `${names.join(',')}\n${source}`;
  let make = FACTORIES.get(key);
  if (!make) {
    if (FACTORIES.size >= MAX_FACTORIES) FACTORIES.clear();
    make = new Function(...names, source) as Factory;
    FACTORIES.set(key, make);
  }
  return make;
}

/**
 * `"use strict"; return (<params>) => { <body> };` evaluated with `bound` as the values of `names`.
 * `byShape` false keeps the literals in the code (large functions that rely on literal `case` labels).
 */
export function makeFunction(names: string[], bound: unknown[], params: string, body: string, byShape: boolean): unknown {
  const { source, values } = byShape ? shapeOf(body) : { source: body, values: [] as number[] };
  const all = [...names, ...values.map((_, i) => `$${i}`)];
  return factoryFor(all, `"use strict"; return (${params}) => { ${source} };`)(...bound, ...values);
}

/** How many distinct factories exist (for tests that guard the sharing). */
export function factoryCount(): number {
  return FACTORIES.size;
}
