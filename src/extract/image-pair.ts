/**
 * Locating functions in a pre-image and its post-image. The post-image differs from the pre-image only
 * inside the hunks, so its tree is obtained by editing the pre-image's tree with the hunks' line
 * ranges and re-parsing incrementally (tree-sitter re-reads only the edited regions); this is checked:
 * when the text outside the hunks differs, the post-image is parsed afresh. Results are cached by
 * text, so in a series patch k's post-image is not parsed again as patch k+1's pre-image.
 */
import { locateParsed, type Located } from './locate.js';
import { maskKernelAnnotations } from './mask.js';
import { parseC, type Tree } from './parse.js';

/** One hunk's 0-based first row and row count in each image. */
export interface RowEdit {
  preRow: number;
  preRows: number;
  postRow: number;
  postRows: number;
}

interface Parsed extends Located {
  /** Until it is edited into the next version's shape (trees cannot be copied). */
  tree?: Tree;
}

const CACHE_SIZE = 16;
const cache = new Map<string, Parsed>();

function remember(masked: string, parsed: Parsed): Parsed {
  cache.delete(masked);
  cache.set(masked, parsed);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return parsed;
}

function parseFresh(masked: string, oldTree?: Tree): Parsed {
  const tree = parseC(masked, oldTree);
  return { ...locateParsed(masked, tree), tree };
}

/** Start offset of every row, plus the text length. */
function rowOffsets(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  out.push(text.length);
  return out;
}

/** Offset of a row, clamped to the text. */
const at = (offsets: number[], row: number) => offsets[Math.min(row, offsets.length - 1)];

/**
 * The pre-image tree edited into the post-image's shape, or undefined when the images differ outside
 * the edits (then the edits do not describe the change and a fresh parse is needed). Consumes the
 * pre-image's tree.
 */
function editedTree(pre: Parsed, preText: string, postText: string, edits: RowEdit[]): Tree | undefined {
  const po = rowOffsets(preText);
  const qo = rowOffsets(postText);
  const sorted = [...edits].sort((a, b) => a.preRow - b.preRow);
  let prevPre = 0;
  let prevPost = 0;
  for (const e of sorted) {
    if (preText.slice(at(po, prevPre), at(po, e.preRow)) !== postText.slice(at(qo, prevPost), at(qo, e.postRow))) return undefined;
    prevPre = e.preRow + e.preRows;
    prevPost = e.postRow + e.postRows;
  }
  if (preText.slice(at(po, prevPre)) !== postText.slice(at(qo, prevPost))) return undefined;
  const tree = pre.tree;
  if (!tree) return undefined;
  pre.tree = undefined;
  let delta = 0;
  let rowDelta = 0;
  for (const e of sorted) {
    const start = at(po, e.preRow) + delta;
    const oldEnd = at(po, e.preRow + e.preRows) + delta;
    const newEnd = at(qo, e.postRow + e.postRows);
    tree.edit({
      startIndex: start,
      oldEndIndex: oldEnd,
      newEndIndex: newEnd,
      startPosition: { row: e.preRow + rowDelta, column: 0 },
      oldEndPosition: { row: e.preRow + e.preRows + rowDelta, column: 0 },
      newEndPosition: { row: e.postRow + e.postRows, column: 0 },
    });
    delta = newEnd - at(po, e.preRow + e.preRows);
    rowDelta = e.postRow + e.postRows - (e.preRow + e.preRows);
  }
  return tree;
}

/** Functions of both images; `edits` (rows of every hunk) enables the incremental post-image parse. */
export function locateImages(preText: string | null, postText: string | null, edits?: RowEdit[]): { pre?: Located; post?: Located; incremental: boolean } {
  const preMasked = preText === null ? undefined : maskKernelAnnotations(preText);
  const postMasked = postText === null ? undefined : maskKernelAnnotations(postText);
  const pre = preMasked === undefined ? undefined : cache.get(preMasked) ?? remember(preMasked, parseFresh(preMasked));
  let post = postMasked === undefined ? undefined : cache.get(postMasked);
  let incremental = false;
  if (postMasked !== undefined && !post) {
    const base = pre && edits && preMasked !== undefined ? editedTree(pre, preMasked, postMasked, edits) : undefined;
    post = remember(postMasked, parseFresh(postMasked, base));
    incremental = base !== undefined;
  }
  return { pre, post, incremental };
}
