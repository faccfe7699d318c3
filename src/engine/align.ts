/**
 * In-order alignment of a hunk's pre-side statements with a reference function's statements.
 *
 * A weighted longest common subsequence over statement keys, with a small cost per reference
 * statement skipped between two matches, so that of several equally good alignments the compact
 * one wins. Forward and backward tables give, for every pair (i, j), the best total score of an
 * alignment that matches hunk statement i with reference statement j; a hunk statement whose best
 * score is reached at more than one j is ambiguous.
 */
import type { Stmt } from './statements.js';

/** Cost per reference statement skipped between two consecutive matches. */
const GAP = 0.002;
const EPS = 1e-6;
const NONE = -Infinity;

export interface Alignment {
  /** Best total score. */
  score: number;
  /** For each hunk statement: the reference statement it is matched with in the chosen alignment, or -1. */
  match: number[];
  /** For each hunk statement: every reference statement it is matched with in some optimal alignment. */
  optimal: number[][];
}

export function pairWeight(h: Stmt, r: Stmt): number {
  if (h.key !== r.key) return 0;
  return h.weight + (h.exact === r.exact ? 0.5 : 0);
}

type Table = Float64Array[];

function table(n: number, m: number, fill: number): Table {
  return Array.from({ length: n }, () => new Float64Array(m).fill(fill));
}

/** G[i][j]: best score of an alignment of H[0..i] ending with the match (i, j). */
function forward(h: Stmt[], r: Stmt[], w: Table): { g: Table; from: Int32Array[] } {
  const n = h.length;
  const m = r.length;
  const g = table(n, m, NONE);
  // prefix maxima of g[i'][j'] + GAP*j' over i' <= a, j' <= b, with their argmax (encoded i*m+j)
  const best = table(n, m, NONE);
  const arg = Array.from({ length: n }, () => new Int32Array(m).fill(-1));
  const from = Array.from({ length: n }, () => new Int32Array(m).fill(-1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (w[i][j] > 0) {
        const p = i > 0 && j > 0 ? best[i - 1][j - 1] : NONE;
        const viaPrev = p === NONE ? NONE : p - GAP * (j - 1);
        if (viaPrev > 0) {
          g[i][j] = w[i][j] + viaPrev;
          from[i][j] = arg[i - 1][j - 1];
        } else g[i][j] = w[i][j];
      }
      prefixMax(best, arg, g, i, j, m);
    }
  }
  return { g, from };
}

function prefixMax(best: Table, arg: Int32Array[], g: Table, i: number, j: number, m: number): void {
  let v = g[i][j] === NONE ? NONE : g[i][j] + GAP * j;
  let a = v === NONE ? -1 : i * m + j;
  if (i > 0 && best[i - 1][j] > v + EPS) {
    v = best[i - 1][j];
    a = arg[i - 1][j];
  }
  if (j > 0 && best[i][j - 1] > v + EPS) {
    v = best[i][j - 1];
    a = arg[i][j - 1];
  }
  best[i][j] = v;
  arg[i][j] = a;
}

/** D[i][j]: best score of an alignment of H[i..] starting with the match (i, j). */
function backward(h: Stmt[], r: Stmt[], w: Table): Table {
  const n = h.length;
  const m = r.length;
  const d = table(n, m, NONE);
  const best = table(n + 1, m + 1, NONE); // suffix maxima of d[i''][j''] - GAP*j''
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      if (w[i][j] > 0) {
        const s = best[i + 1][j + 1];
        const viaNext = s === NONE ? NONE : s + GAP * (j + 1);
        d[i][j] = w[i][j] + (viaNext > 0 ? viaNext : 0);
      }
      const own = d[i][j] === NONE ? NONE : d[i][j] - GAP * j;
      best[i][j] = Math.max(own, best[i + 1][j], best[i][j + 1]);
    }
  }
  return d;
}

export function align(h: Stmt[], r: Stmt[]): Alignment {
  const n = h.length;
  const m = r.length;
  const match = new Array<number>(n).fill(-1);
  const optimal: number[][] = Array.from({ length: n }, () => []);
  if (!n || !m) return { score: 0, match, optimal };
  const byKey = new Map<string, number[]>();
  r.forEach((rs, j) => byKey.set(rs.key, [...(byKey.get(rs.key) ?? []), j]));
  const w = h.map((hs) => {
    const row = new Float64Array(m);
    for (const j of byKey.get(hs.key) ?? []) row[j] = pairWeight(hs, r[j]);
    return row;
  });
  const { g, from } = forward(h, r, w);
  const d = backward(h, r, w);
  let score = 0;
  let end = -1;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++)
      if (g[i][j] > score + EPS) {
        score = g[i][j];
        end = i * m + j;
      }
  for (let cell = end; cell >= 0; cell = from[Math.floor(cell / m)][cell % m]) match[Math.floor(cell / m)] = cell % m;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++)
      if (w[i][j] > 0 && Math.abs(g[i][j] + d[i][j] - w[i][j] - score) < EPS) optimal[i].push(j);
  return { score, match, optimal };
}
