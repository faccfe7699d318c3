/**
 * Reading one hunk body, tolerant of web-archive whitespace damage.
 *
 * Archives drop the leading space of context lines and collapse indentation, so a context line may
 * start with anything, including `+` or `-` (`++nr;`, `- PAGE_SIZE`). The @@ header's line counts
 * decide: every reading of the lines is a path through (old, new) counts, and we take the reading
 * that lands exactly on the header's counts while reinterpreting as few `+`/`-` lines as possible
 * (a small dynamic programme over the lines). Among equally cheap readings the one with the fewest
 * change blocks wins (a diff groups its changes), then the earliest end.
 */
import type { SourceLine } from './lines.js';
import type { PatchLine } from './types.js';

export interface HunkHeader {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  context: string;
}

export interface HunkRead {
  lines: PatchLine[];
  /** Index of the first stream line after the hunk. */
  next: number;
  /** Some line needed the damage reading (context without its leading space, or a +/- line as context). */
  repaired: boolean;
}

export interface HunkFailureInfo {
  /** Why the counts cannot be met, for the error message. */
  reason: string;
  /** Index of the stream line where reading stopped. */
  stopAt: number;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

export function parseHunkHeader(text: string): HunkHeader | undefined {
  const m = HUNK_HEADER.exec(text);
  if (!m) return undefined;
  return {
    oldStart: Number(m[1]),
    oldLines: m[2] === undefined ? 1 : Number(m[2]),
    newStart: Number(m[3]),
    newLines: m[4] === undefined ? 1 : Number(m[4]),
    context: m[5].trim(),
  };
}

/** A line that can never be inside a hunk: the next file or hunk header. */
export function endsHunks(text: string): boolean {
  return text.startsWith('diff --git ') || HUNK_HEADER.test(text);
}

/** The mail signature separator (`-- `, or `--` once archives strip the space) before a version line or the end. */
function isSignature(stream: SourceLine[], i: number): boolean {
  const t = stream[i].text;
  if (t !== '--' && t !== '-- ') return false;
  const next = stream[i + 1]?.text;
  return next === undefined || /^\d+\.\d+/.test(next) || next.trim() === '';
}

type Kind = PatchLine['kind'] | 'marker';
interface Reading {
  kind: Kind;
  text: string;
  cost: number;
  damaged: boolean;
}

/** The ways one line can be read, literal reading first. */
function readings(t: string): Reading[] {
  if (t === '') return [{ kind: ' ', text: '', cost: 0, damaged: false }];
  const c = t[0];
  if (c === ' ') return [{ kind: ' ', text: t.slice(1), cost: 0, damaged: false }];
  if (c === '\\') return [{ kind: 'marker', text: t, cost: 0, damaged: false }];
  if (c === '+' || c === '-') {
    // `+ foo` (a marker then collapsed indentation) is the usual shape of a real change line;
    // `++i;` or `-1);` is more often a context line that lost its indentation.
    const asContextCost = t.length === 1 || t[1] === ' ' || t[1] === '\t' ? 2 : 1;
    return [
      { kind: c, text: t.slice(1), cost: 0, damaged: false },
      { kind: ' ', text: t, cost: asContextCost, damaged: true },
    ];
  }
  return [{ kind: ' ', text: t, cost: 0, damaged: true }];
}

interface Step {
  cost: number;
  prevKey: number;
  reading: Reading;
}

/** Reinterpreting one +/- line outweighs any number of extra change blocks. */
const REREAD_WEIGHT = 1_000_000;

/** State key: counts so far, and whether the last line was a change (to count change blocks). */
function keyOf(a: number, b: number, inChange: boolean, width: number): number {
  return (a * width + b) * 2 + (inChange ? 1 : 0);
}

export interface ReadHunkOptions {
  /** The text may be cut short at its end (a quote trimmed by the replier). */
  mayBeCut?: boolean;
}

/** Reads the hunk body starting at stream[start] against the header's counts. */
export function readHunk(stream: SourceLine[], start: number, h: HunkHeader, opts: ReadHunkOptions = {}): HunkRead | HunkFailureInfo {
  if (h.oldLines === 0 && h.newLines === 0) return { lines: [], next: start, repaired: false };
  const width = h.newLines + 1;
  const layers: Map<number, Step>[] = [new Map([[keyOf(0, 0, false, width), { cost: 0, prevKey: -1, reading: readings('')[0] }]])];
  let best: { layer: number; cost: number; key: number } | undefined;
  let i = start;
  for (; i < stream.length && layers[layers.length - 1].size > 0; i++) {
    const t = stream[i].text;
    if (endsHunks(t) || isSignature(stream, i)) break;
    const next = advance(layers[layers.length - 1], readings(t), h, width);
    layers.push(next);
    const done = finished(next, h, width);
    if (done && (!best || done.cost < best.cost)) best = { layer: layers.length - 1, cost: done.cost, key: done.key };
    // Costs never fall, so once every open reading costs at least the best finished one, stop.
    if (best && minCost(next) >= best.cost) break;
  }
  if (!best) return failure(stream, start, i, h);
  // In a quote, counts met only by re-reading +/- lines with nothing after the hunk is the usual
  // shape of a quote cut short, not of damage; refuse rather than invent a hunk.
  if (opts.mayBeCut && best.cost >= REREAD_WEIGHT && start + best.layer >= stream.length) {
    return failure(stream, start, stream.length, h, 'the text ends inside the hunk (counts met only by reading +/- lines as context)');
  }
  return backtrack(stream, start, layers, best, h);
}

/** The cheaper of the two states that sit exactly on the header's counts, if any. */
function finished(layer: Map<number, Step>, h: HunkHeader, width: number): { cost: number; key: number } | undefined {
  let out: { cost: number; key: number } | undefined;
  for (const inChange of [false, true]) {
    const key = keyOf(h.oldLines, h.newLines, inChange, width);
    const step = layer.get(key);
    if (step && (!out || step.cost < out.cost)) out = { cost: step.cost, key };
  }
  return out;
}

function minCost(layer: Map<number, Step>): number {
  let min = Infinity;
  for (const s of layer.values()) min = Math.min(min, s.cost);
  return min;
}

function advance(prev: Map<number, Step>, options: Reading[], h: HunkHeader, width: number): Map<number, Step> {
  const next = new Map<number, Step>();
  for (const [key, step] of prev) {
    const inChange = key % 2 === 1;
    const a = Math.floor(key / 2 / width);
    const b = Math.floor(key / 2) % width;
    for (const r of options) {
      const na = a + (r.kind === ' ' || r.kind === '-' ? 1 : 0);
      const nb = b + (r.kind === ' ' || r.kind === '+' ? 1 : 0);
      if (na > h.oldLines || nb > h.newLines) continue;
      if (r.kind === 'marker' && a + b === 0) continue;
      const change = r.kind === '+' || r.kind === '-';
      const nowInChange = r.kind === 'marker' ? inChange : change;
      const nk = keyOf(na, nb, nowInChange, width);
      const cost = step.cost + r.cost * REREAD_WEIGHT + (change && !inChange ? 1 : 0);
      const seen = next.get(nk);
      if (!seen || cost < seen.cost) next.set(nk, { cost, prevKey: key, reading: r });
    }
  }
  return next;
}

function backtrack(
  stream: SourceLine[],
  start: number,
  layers: Map<number, Step>[],
  best: { layer: number; key: number },
  h: HunkHeader,
): HunkRead {
  const chosen: Reading[] = [];
  const end = best.layer;
  let key = best.key;
  for (let layer = end; layer > 0; layer--) {
    const step = layers[layer].get(key)!;
    chosen.push(step.reading);
    key = step.prevKey;
  }
  chosen.reverse();
  let oldLine = h.oldStart;
  let newLine = h.newStart;
  const lines: PatchLine[] = [];
  let repaired = false;
  chosen.forEach((r, k) => {
    if (r.kind === 'marker') return;
    repaired ||= r.damaged;
    const pl: PatchLine = { kind: r.kind, text: r.text, inputLine: stream[start + k].line };
    if (r.kind !== '+') pl.oldLine = oldLine++;
    if (r.kind !== '-') pl.newLine = newLine++;
    lines.push(pl);
  });
  return { lines, next: start + end, repaired };
}

function failure(stream: SourceLine[], start: number, stop: number, h: HunkHeader, why?: string): HunkFailureInfo {
  let old = 0;
  let neu = 0;
  for (let k = start; k < stop; k++) {
    const r = readings(stream[k].text)[0];
    if (r.kind === ' ' || r.kind === '-') old++;
    if (r.kind === ' ' || r.kind === '+') neu++;
  }
  const where = why ?? (stop >= stream.length ? 'the text ends' : `reading stops at "${stream[stop].text.slice(0, 40)}"`);
  return {
    reason:
      `hunk @@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@ cannot be satisfied: ` +
      `${where} after ${stop - start} lines (${old} old / ${neu} new read literally)`,
    stopAt: Math.min(stop, stream.length - 1),
  };
}

export function isHunkFailure(r: HunkRead | HunkFailureInfo): r is HunkFailureInfo {
  return 'reason' in r;
}
