/**
 * `mmreview functions` (and `check --functions`): patch → file → function → changed lines, as text
 * or JSON. `renderFunctions` is pure so other commands can reuse it.
 */
import { patchFunctions, type FileImagesLike } from '../extract/functions.js';
import type { PatchFunctions, TouchedFunction } from '../extract/types.js';
import { InputError, type PatchSet } from '../input/types.js';

export const FUNCTIONS_SCHEMA = 'mmreview.functions/1';

export type FunctionsFormat = 'text' | 'json';

/** Sorted line numbers as compact ranges: [3,4,5,9] → "3-5, 9". */
export function lineRanges(lines: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j] + 1) j++;
    parts.push(j === i ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function functionLines(f: TouchedFunction): string[] {
  const where = [f.preRange && `pre ${f.preRange[0]}-${f.preRange[1]}`, f.postRange && `post ${f.postRange[0]}-${f.postRange[1]}`].filter(Boolean);
  const notes = [
    f.kind,
    f.declarationOnly ? 'declaration' : undefined,
    ...where,
    f.fromFragment ? 'from hunk fragment' : undefined,
    f.fallback ? `fallback: ${f.fallback}` : undefined,
  ].filter(Boolean);
  const out = [`    ${f.name}  (${notes.join('; ')})`];
  if (f.removedLines.length) out.push(`      - ${lineRanges(f.removedLines)}`);
  if (f.addedLines.length) out.push(`      + ${lineRanges(f.addedLines)}`);
  return out;
}

function patchHeading(p: PatchFunctions): string {
  const flags = [p.quoted ? 'quoted' : undefined, p.repaired ? 'whitespace repaired' : undefined].filter(Boolean);
  const position = p.position ? `[${p.position}] ` : '';
  return `${position}${p.title}${flags.length ? `  (${flags.join(', ')})` : ''}`;
}

function renderText(list: PatchFunctions[]): string {
  const out: string[] = [];
  for (const p of list) {
    out.push(patchHeading(p));
    for (const file of p.files) {
      if (file.skipped) out.push(`  ${file.path}: skipped (${file.skipped})`);
      else if (file.functions.length === 0) out.push(`  ${file.path}: no function touched`);
      else out.push(`  ${file.path}`, ...file.functions.flatMap(functionLines));
    }
  }
  return out.join('\n') + '\n';
}

/** The listing as text (patch → file → function → changed lines) or JSON ({ schema, patches }). */
export function renderFunctions(list: PatchFunctions[], format: FunctionsFormat): string {
  if (format === 'json') return JSON.stringify({ schema: FUNCTIONS_SCHEMA, patches: list }, null, 2) + '\n';
  return renderText(list);
}

/** Touched functions of every patch of a set; `images[k]` holds the images of patch k when a tree is used. */
export function functionsOfSet(set: PatchSet, images?: FileImagesLike[][]): PatchFunctions[] {
  return set.patches.map((p, k) => patchFunctions(p, images?.[k]));
}

function formatOf(opts: Record<string, unknown>): FunctionsFormat {
  const format = (opts.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new InputError('--format', `unknown format "${format}" (text | json)`);
  return format;
}

/** `mmreview functions <inputs...> [--tree DIR] [--format text|json]`. */
export async function functionsCommand(inputs: string[], opts: Record<string, unknown>): Promise<number> {
  const format = formatOf(opts);
  const { readPatchSet } = await import('../input/index.js');
  const set = await readPatchSet(inputs, { cwd: process.cwd() });
  let images: FileImagesLike[][] | undefined;
  if (typeof opts.tree === 'string') {
    const { resolveImages } = await import('../input/images.js');
    const resolved = await resolveImages(set, opts.tree);
    for (const r of resolved) for (const f of r.failures) process.stderr.write(`mmreview: ${f.message}\n`);
    images = set.patches.map((p) => resolved.find((r) => r.patchId === p.id)?.files ?? []);
  }
  process.stdout.write(renderFunctions(functionsOfSet(set, images), format));
  return 0;
}
