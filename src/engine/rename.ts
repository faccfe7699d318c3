/**
 * Variable correspondence between a patch's function and the reference function, learnt from matched
 * anchor statements (equal keys ⇒ variable positions line up), applied to the added lines.
 * Upstream `new_folio` ↔ reference `hpage`: the added `folio_mark_uptodate(new_folio)` becomes
 * `folio_mark_uptodate(hpage)`.
 */
import { isKeyword, isMacroName, tokenize } from './tokens.js';
import type { Stmt } from './statements.js';
import type { HunkSide } from './hunk-side.js';

export type Renaming = Map<string, string>;

/** Majority vote per patch-side name; ties prefer keeping the name, then the smallest name. */
export function learnRenaming(pairs: [Stmt, Stmt][]): Renaming {
  const votes = new Map<string, Map<string, number>>();
  for (const [h, r] of pairs) {
    if (h.key !== r.key) continue;
    h.vars.forEach((v, k) => {
      const to = r.vars[k];
      if (to === undefined) return;
      const m = votes.get(v) ?? new Map<string, number>();
      m.set(to, (m.get(to) ?? 0) + 1);
      votes.set(v, m);
    });
  }
  const out: Renaming = new Map();
  for (const [from, m] of [...votes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const ranked = [...m].sort(([a, x], [b, y]) => y - x || (a === from ? -1 : b === from ? 1 : a < b ? -1 : a > b ? 1 : 0));
    if (ranked[0][0] !== from) out.set(from, ranked[0][0]);
  }
  return out;
}

/** Rename variable-position identifiers in added lines (not fields, callees, macros, comments). */
export function renameLines(lines: string[], renaming: Renaming): string[] {
  if (!renaming.size) return lines;
  const tokens = tokenize(lines, true);
  const edits = new Map<number, [number, number, string][]>();
  tokens.forEach((tok, k) => {
    if (tok.kind !== 'id' || isKeyword(tok.t) || isMacroName(tok.t)) return;
    const prev = tokens[k - 1]?.t;
    if (prev === '->' || prev === '.' || tokens[k + 1]?.t === '(') return;
    const to = renaming.get(tok.t);
    if (to === undefined) return;
    edits.set(tok.line, [...(edits.get(tok.line) ?? []), [tok.col, tok.endCol, to]]);
  });
  return lines.map((line, row) => {
    let out = line;
    for (const [a, b, to] of [...(edits.get(row) ?? [])].sort((x, y) => y[0] - x[0])) out = out.slice(0, a) + to + out.slice(b);
    return out;
  });
}

/**
 * Locals the patch itself renames (`-struct page *tmp;` `+struct page *next;`): a name found only on
 * the post side, paired by equal statement keys with a name found only on the pre side. The
 * reference keeps its own name, so added lines are mapped back (next → tmp); otherwise statements the
 * hunks do not show would still use the old name.
 */
export function learnPatchRenames(sides: HunkSide[]): Renaming {
  const preNames = new Set(sides.flatMap((s) => s.pre.flatMap((st) => st.vars)));
  const postNames = new Set(sides.flatMap((s) => s.post.flatMap((st) => st.vars)));
  const pairs: [Stmt, Stmt][] = [];
  for (const side of sides) {
    const removed = side.pre.filter((_, i) => side.removed[i]);
    const added = side.post.filter((_, i) => side.added[i]);
    for (const a of added) for (const r of removed) if (a.key === r.key) pairs.push([a, r]);
  }
  const votes = learnRenaming(pairs);
  const out: Renaming = new Map();
  for (const [from, to] of votes) if (!preNames.has(from) && !postNames.has(to)) out.set(from, to);
  return out;
}

/** Apply `first`, then `second`, to a name. */
export function composeRenamings(first: Renaming, second: Renaming): Renaming {
  const out: Renaming = new Map();
  for (const [a, b] of first) out.set(a, second.get(b) ?? b);
  for (const [a, b] of second) if (!out.has(a)) out.set(a, b);
  return out;
}
