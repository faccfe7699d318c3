/**
 * Which rules a patch makes relevant: those with a trigger function the patch touches, or whose
 * trigger calls (transitively, in the program's C) a function the patch touches. The call graph is
 * read from the C of both programs, so it needs no lowering.
 */
import { referenceFunctions, type SourceFile } from './ref-functions.js';
import type { Rule } from './rule.js';

export type CallGraph = Map<string, Set<string>>;

export function callGraph(files: SourceFile[]): CallGraph {
  const graph: CallGraph = new Map();
  for (const f of files) {
    for (const fn of referenceFunctions(f)) {
      const calls = graph.get(fn.name) ?? new Set<string>();
      fn.calls.forEach((c) => calls.add(c));
      graph.set(fn.name, calls);
    }
  }
  return graph;
}

export function reachable(graph: CallGraph, root: string): Set<string> {
  const seen = new Set<string>([root]);
  const todo = [root];
  while (todo.length) {
    for (const c of graph.get(todo.pop()!) ?? []) {
      if (!seen.has(c) && graph.has(c)) {
        seen.add(c);
        todo.push(c);
      }
    }
  }
  return seen;
}

/** Rules whose triggers meet `touched` in any of the call graphs; sorted by id. */
export function relevantRules(rules: Rule[], touched: Set<string>, graphs: CallGraph[]): Rule[] {
  if (!touched.size) return [];
  const hits = (t: string) => touched.has(t) || graphs.some((g) => [...reachable(g, t)].some((c) => touched.has(c)));
  return rules.filter((rule) => rule.triggers.functions.some(hits)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The files a program for these entry functions needs: those defining a function reachable from
 * them (first definition wins, as in lowering), plus every header. Lowering parses every file it is
 * given, so this keeps each scenario's lowering small.
 */
export function filesFor(files: SourceFile[], entries: string[]): SourceFile[] {
  const home = new Map<string, SourceFile>();
  for (const f of files) for (const fn of referenceFunctions(f)) if (!home.has(fn.name)) home.set(fn.name, f);
  const graph = callGraph(files);
  const needed = new Set<SourceFile>(files.filter((f) => f.path.endsWith('.h')));
  for (const e of entries) for (const name of reachable(graph, e)) if (home.has(name)) needed.add(home.get(name)!);
  return files.filter((f) => needed.has(f));
}

/**
 * Entry functions grouped by what they reach: two entries are in one family when they run together
 * in a scenario (`together`) or their reachable functions (defined in the graph) meet, directly or
 * through other entries. A program for one family's scenarios needs no file that only another
 * family reaches. Families are sorted.
 */
export function entryFamilies(graph: CallGraph, entries: string[], together: string[][] = []): string[][] {
  const owner = new Map<string, number>();
  const parent = entries.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (const group of together) {
    const ids = group.map((e) => entries.indexOf(e)).filter((i) => i >= 0);
    for (const i of ids.slice(1)) parent[find(i)] = find(ids[0]);
  }
  entries.forEach((e, i) => {
    for (const fn of reachable(graph, e)) {
      if (!graph.has(fn)) continue;
      const j = owner.get(fn);
      if (j === undefined) owner.set(fn, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, string[]>();
  entries.forEach((e, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), e]));
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
