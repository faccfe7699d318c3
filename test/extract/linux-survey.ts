/**
 * Survey of real kernel files (issue 3 §6): locate every function with src/extract/locate.ts and,
 * when the lowering is present, lower them and count what lowered, the opaque calls and the
 * constructs that were not understood. Used by the opt-in linux-tree test.
 */
import { locateFunctions, type FunctionSpan } from '../../src/extract/locate.js';

export interface LoweredLike {
  name: string;
  body: { op: string; name?: string }[];
  unmodelled: { name: string; what: string }[];
}
export type LowerFn = (source: string, file: string, opts?: object) => LoweredLike[];

export interface FileSurvey {
  file: string;
  lines: number;
  /** Function definitions located (prototypes excluded). */
  located: FunctionSpan[];
  /** Column-0 `{` lines (kernel style function bodies) not inside any located definition. */
  unlocatedBraces: number[];
  lowering?: {
    /** Located definitions the lowering returned. */
    lowered: string[];
    /** Located definitions it did not return (lost, e.g. to a tree-sitter misparse). */
    missing: string[];
    /** Lowering threw: on the whole file, then on the function alone. */
    threw: { name: string; message: string }[];
    opaque: Map<string, number>;
    constructs: Map<string, number>;
    /** Lowered functions with no unmodelled construct. */
    clean: number;
  };
}

function bump(m: Map<string, number>, k: string, n = 1): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

export function unlocatedBraces(text: string, located: FunctionSpan[]): number[] {
  const out: number[] = [];
  text.split('\n').forEach((l, i) => {
    if (l.startsWith('{') && !located.some((s) => s.start <= i + 1 && i + 1 <= s.end)) out.push(i + 1);
  });
  return out;
}

/** Lower a file; when that throws, lower each located function alone to find the culprits. */
function lowerFile(lower: LowerFn, text: string, file: string, located: FunctionSpan[]): { fns: LoweredLike[]; threw: FileSurvey['lowering'] extends infer L ? L extends { threw: infer T } ? T : never : never } {
  try {
    return { fns: lower(text, file), threw: [] };
  } catch {
    const lines = text.split('\n');
    const fns: LoweredLike[] = [];
    const threw: { name: string; message: string }[] = [];
    for (const s of located) {
      try {
        fns.push(...lower(lines.slice(s.start - 1, s.end).join('\n'), file));
      } catch (err) {
        threw.push({ name: s.name, message: err instanceof Error ? err.message.split('\n')[0] : String(err) });
      }
    }
    return { fns, threw };
  }
}

export function surveyFile(file: string, text: string, lower?: LowerFn): FileSurvey {
  const located = locateFunctions(text).filter((s) => !s.declarationOnly);
  const survey: FileSurvey = { file, lines: text.split('\n').length, located, unlocatedBraces: unlocatedBraces(text, located) };
  if (!lower) return survey;
  const { fns, threw } = lowerFile(lower, text, file, located);
  const names = new Set(fns.map((f) => f.name));
  const opaque = new Map<string, number>();
  const constructs = new Map<string, number>();
  let clean = 0;
  for (const f of fns) {
    for (const i of f.body) if (i.op === 'opaque' && i.name) bump(opaque, i.name);
    const broken = f.unmodelled.filter((u) => u.what === 'construct');
    for (const u of broken) bump(constructs, u.name);
    if (broken.length === 0) clean++;
  }
  survey.lowering = {
    lowered: located.map((s) => s.name).filter((n) => names.has(n)),
    missing: located.map((s) => s.name).filter((n) => !names.has(n) && !threw.some((t) => t.name === n)),
    threw,
    opaque,
    constructs,
    clean,
  };
  return survey;
}

export function topEntries(m: Map<string, number>, n: number): [string, number][] {
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
}

/** The survey as text, for the test log and the report. */
export function renderSurvey(surveys: FileSurvey[]): string {
  const out: string[] = [];
  const opaque = new Map<string, number>();
  const constructs = new Map<string, number>();
  let located = 0;
  let lowered = 0;
  let clean = 0;
  for (const s of surveys) {
    located += s.located.length;
    const fallbacks = s.located.filter((f) => f.fallback).length;
    let line = `${s.file}: ${s.lines} lines, ${s.located.length} functions located (${fallbacks} by fallback)`;
    if (s.lowering) {
      const l = s.lowering;
      lowered += l.lowered.length;
      clean += l.clean;
      line += `; lowered ${l.lowered.length}, of which ${l.clean} without unmodelled construct; missing ${l.missing.length}; threw ${l.threw.length}`;
      if (l.missing.length) line += `\n  missing: ${l.missing.join(', ')}`;
      for (const t of l.threw) line += `\n  threw: ${t.name}: ${t.message}`;
      for (const [k, v] of l.opaque) bump(opaque, k, v);
      for (const [k, v] of l.constructs) bump(constructs, k, v);
    }
    out.push(line);
  }
  out.push(`total: ${located} functions located${surveys.some((s) => s.lowering) ? `, ${lowered} lowered, ${clean} without unmodelled construct` : ''}`);
  if (opaque.size) out.push('most frequent opaque calls:', ...topEntries(opaque, 20).map(([k, v]) => `  ${v}\t${k}`));
  if (constructs.size) out.push('constructs not understood:', ...topEntries(constructs, 20).map(([k, v]) => `  ${v}\t${k}`));
  return out.join('\n');
}
