/**
 * Rebuilding a program from the program key of a replay string (mmr1.<scenario>.<programKey>.<schedule>):
 *   ref:<variant>                      a built-in reference variant
 *   patch:<input>#<patch id>[-h<N>]    the program after that patch of <input> (without its hunk N)
 *   patch:<input>#<patch id>-o<N>      the program before it with only its hunk N (culprit search)
 *   base:<input>#<patch id>            the program before it (tree mode)
 * and `@<tree dir>` at the end in tree mode. Keys are dot-escaped in replay strings (encodeProgramKey).
 */
import type { IrProgram } from '../model/ir.js';
import type { Scenario } from '../model/scenario.js';
import { decodeProgramKey, realDeps, type EngineDeps } from './deps.js';
import { treeReference } from './reference.js';
import { setReplayResolver } from '../explore/registry.js';
import { Runner } from './runner.js';
import { groupSeries } from './series.js';
import { noTreeSides, treeSides, type PatchSides, type ProgramSource } from './sides.js';

export interface ResolvedReplay {
  scenario: Scenario;
  program: IrProgram;
}

interface ParsedKey {
  kind: 'ref' | 'patch' | 'base';
  variant?: string;
  input?: string;
  patchId?: string;
  hunk?: number;
  /** 'without' the hunk, or that hunk 'alone'. */
  hunkMode?: 'without' | 'alone';
  tree?: string;
}

export function parseProgramKey(encoded: string): ParsedKey {
  const key = decodeProgramKey(encoded);
  const at = key.lastIndexOf('@');
  const tree = at > 0 && key.startsWith('patch:') ? key.slice(at + 1) : at > 0 && key.startsWith('base:') ? key.slice(at + 1) : undefined;
  const body = tree !== undefined ? key.slice(0, at) : key;
  if (body.startsWith('ref:')) return { kind: 'ref', variant: body.slice(4) };
  const m = /^(patch|base):(.*)#([0-9a-zA-Z]+)(?:-([ho])(\d+))?$/.exec(body);
  if (!m) throw new Error(`unknown program key '${key}'`);
  const parsed: ParsedKey = { kind: m[1] as 'patch' | 'base', input: m[2], patchId: m[3], tree };
  if (m[5] !== undefined) Object.assign(parsed, { hunk: Number(m[5]), hunkMode: m[4] === 'h' ? 'without' : 'alone' });
  return parsed;
}

async function sidesOf(k: ParsedKey, deps: EngineDeps, cwd: string): Promise<PatchSides> {
  const { readPatchSet } = await import('../input/index.js');
  const set = await readPatchSet([k.input!], { cwd });
  const series = groupSeries(set.patches).find((s) => s.some((p) => p.id === k.patchId));
  if (!series) throw new Error(`patch ${k.patchId} is no longer in ${k.input}`);
  const images = k.tree && deps.images ? new Map((await deps.images(set, k.tree)).map((i) => [i.patchId, i])) : undefined;
  let prev: ProgramSource | undefined;
  for (const patch of series) {
    const sides = images
      ? treeSides(patch, k.tree!, treeReference(deps.variants), images.get(patch.id)?.files ?? [])
      : noTreeSides(patch, deps.variants, prev);
    if (patch.id === k.patchId) return sides;
    prev = sides.after;
  }
  throw new Error(`patch ${k.patchId} is no longer in ${k.input}`);
}

async function sourceOf(k: ParsedKey, deps: EngineDeps, cwd: string): Promise<ProgramSource> {
  if (k.kind === 'ref') {
    const v = deps.variants.find((x) => x.name === k.variant);
    if (!v) throw new Error(`no reference variant ${k.variant}`);
    return { key: `ref:${v.name}`, label: `reference ${v.name}`, base: v.files, overlay: [] };
  }
  const sides = await sidesOf(k, deps, cwd);
  if (k.kind === 'base') return sides.before;
  if (k.hunk === undefined) return sides.after;
  const src = k.hunkMode === 'alone' ? sides.only(k.hunk) : sides.without(k.hunk);
  if (!src) throw new Error(`cannot rebuild the program without hunk ${k.hunk + 1}`);
  return src;
}

export async function resolveReplay(programKey: string, scenarioId: string, cwd: string, injected?: EngineDeps): Promise<ResolvedReplay> {
  const deps = injected ?? (await realDeps({ workers: false }));
  const scenario = deps.rules.flatMap((r) => r.scenarios).find((s) => s.id === scenarioId);
  if (!scenario) throw new Error(`no scenario '${scenarioId}' in this version of mmreview`);
  const src = await sourceOf(parseProgramKey(programKey), deps, cwd);
  const runner = new Runner(deps);
  runner.register(deps.rules.flatMap((r) => r.scenarios)); // lowered exactly as `check` lowered it
  return { scenario, program: await runner.program(src, scenario) };
}

/** Hand the resolver to `mmreview replay` (src/explore/registry.ts); its errors say what is missing. */
export function registerReplay(cwd: string): void {
  setReplayResolver((scenarioId, programKey) => resolveReplay(programKey, scenarioId, cwd));
}
