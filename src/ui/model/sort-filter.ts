/** Pure: the leaderboard's sort orders and its parameter filter. */
import type { Board, BoardRow } from './board-rows.js';
import { zapPath } from './board-rows.js';

export const sortKeys = ['pareto', 'retained', 'gain', 'zapEvery'] as const;
export type SortKey = (typeof sortKeys)[number];

export function nextSort(k: SortKey): SortKey {
  return sortKeys[(sortKeys.indexOf(k) + 1) % sortKeys.length] ?? 'pareto';
}

const byRank = (a: BoardRow, b: BoardRow): number => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY);

/** Rows without a result stay last, in their given order, under every sort. */
export function sortRows(board: Board, key: SortKey): BoardRow[] {
  const rows = [...board.rows];
  const zap = zapPath(board.paths);
  const metric = (r: BoardRow): number => (key === 'retained' ? r.retained?.mean : r.gain?.mean) ?? Number.NEGATIVE_INFINITY;
  const cmp: Record<SortKey, (a: BoardRow, b: BoardRow) => number> = {
    pareto: byRank,
    retained: (a, b) => metric(b) - metric(a) || byRank(a, b),
    gain: (a, b) => metric(b) - metric(a) || byRank(a, b),
    zapEvery: (a, b) => {
      const za = zap ? Number(a.raw[zap]) : 0;
      const zb = zap ? Number(b.raw[zap]) : 0;
      return (Number.isNaN(za) ? 0 : za) - (Number.isNaN(zb) ? 0 : zb) || byRank(a, b);
    },
  };
  // Array.prototype.sort is stable: unranked rows keep expansion order among equals.
  return rows.sort(cmp[key]);
}

/**
 * Filter text: space-separated terms, all of which must match. `name=value` matches a parameter
 * whose short or full name contains `name` and whose value is `value` (or starts with it);
 * a bare term matches any parameter value or name containing it. Case-insensitive.
 */
export function filterRows(board: Board, rows: readonly BoardRow[], text: string): BoardRow[] {
  const terms = text.toLowerCase().split(/\s+/).filter((t) => t !== '');
  if (terms.length === 0) return [...rows];
  const cols = board.paths.map((p, i) => ({ path: p, names: [p.toLowerCase(), (board.names[i] ?? p).toLowerCase()] }));
  const matches = (row: BoardRow, term: string): boolean => {
    const eq = term.indexOf('=');
    if (eq < 0) return cols.some((c) => c.names.some((n) => n.includes(term)) || (row.values[c.path] ?? '').toLowerCase().includes(term));
    const name = term.slice(0, eq);
    const value = term.slice(eq + 1);
    const numeric = value !== '' && !Number.isNaN(Number(value));
    return cols.some((c) => {
      const v = (row.values[c.path] ?? '').toLowerCase();
      return c.names.some((n) => n.includes(name)) && (numeric ? Number(v) === Number(value) : v.startsWith(value));
    });
  };
  return rows.filter((r) => terms.every((t) => matches(r, t)));
}
