/**
 * Pure: the leaderboard as lines for a width. Columns: selection, rank, Pareto mark, one column per
 * parameter, retained and gain (mean ±95% CI half-width, then a CI bar on a scale shared by all
 * rows), seeds done/total, and Δ to the zapEvery-0 twin. Parameter columns and bars take what
 * the width leaves; the numbers never shrink.
 */
import type { Board, BoardRow, MetricCell } from '../model/board-rows.js';
import { ciBar, fit, num, signed } from '../model/text.js';
import { seg, type Line } from './line.js';

export interface BoardLayout {
  params: number[];
  bar: number;
  delta: boolean;
}

const METRIC = 12; // "-0.034±0.020"
const DELTA = 6; // "+0.012"
const MIN_PARAM = 4;

export function layoutBoard(board: Board, rows: readonly BoardRow[], width: number): BoardLayout {
  const seedsW = seedsWidth(rows);
  const delta = board.hasBaseline;
  // sel+rank+mark "▸123*" = 5, then single spaces between columns.
  const fixed = 5 + 1 + (METRIC + 1) * 2 + seedsW + 1 + (delta ? (DELTA + 1) * 2 : 0);
  const wanted = board.paths.map((p, i) => Math.max((board.names[i] ?? p).length, ...rows.slice(0, 200).map((r) => (r.values[p] ?? '').length)));
  const params = [...wanted];
  const paramsTotal = (): number => params.reduce((a, b) => a + b + 1, 0);
  // Bars get up to a quarter of the room each, at least 5 cells; parameters shrink to make room.
  let bar = Math.max(5, Math.min(24, Math.floor((width - fixed - paramsTotal()) / 2) - 1));
  while (fixed + paramsTotal() + 2 * (bar + 1) > width) {
    let widest = -1;
    params.forEach((w, i) => {
      if (w > MIN_PARAM && (widest < 0 || w > (params[widest] ?? 0))) widest = i;
    });
    if (widest < 0) {
      if (bar > 3) bar--;
      else break;
      continue;
    }
    params[widest] = (params[widest] ?? MIN_PARAM) - 1;
  }
  return { params, bar, delta };
}

function seedsWidth(rows: readonly BoardRow[]): number {
  let w = 5;
  for (const r of rows.slice(0, 200)) w = Math.max(w, `${r.seedsDone}/${r.seedsTotal}`.length);
  return w;
}

export interface Scale {
  lo: number;
  hi: number;
}

/** One scale per metric over every row with a result, so bars compare across rows. */
export function scaleOf(rows: readonly BoardRow[], pick: (r: BoardRow) => MetricCell | null): Scale {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    const c = pick(r);
    if (!c) continue;
    lo = Math.min(lo, c.lo, c.mean);
    hi = Math.max(hi, c.hi, c.mean);
  }
  if (!Number.isFinite(lo)) return { lo: 0, hi: 1 };
  if (hi - lo < 1e-9) return { lo: lo - 0.05, hi: hi + 0.05 };
  return { lo, hi };
}

function metricText(c: MetricCell | null): string {
  if (!c) return '-';
  return c.half === null ? num(c.mean) : `${num(c.mean)}±${num(c.half)}`;
}

export function boardHeader(board: Board, l: BoardLayout, seedsW: number): Line {
  const parts = [' #   ', ...board.paths.map((p, i) => fit(board.names[i] ?? p, l.params[i] ?? MIN_PARAM)), fit('retained', METRIC), fit('', l.bar), fit('gain', METRIC), fit('', l.bar), fit('seeds', seedsW, true)];
  if (l.delta) parts.push(fit('Δret', DELTA, true), fit('Δgain', DELTA, true));
  return [seg(parts.join(' '), 'title')];
}

export function boardLine(board: Board, row: BoardRow, l: BoardLayout, scales: { retained: Scale; gain: Scale }, selected: boolean, seedsW: number): Line {
  const rank = row.rank === null ? '  -' : String(row.rank).padStart(3);
  const bar = (c: MetricCell | null, s: Scale): string => (c ? ciBar(c.mean, c.lo, c.hi, s.lo, s.hi, l.bar) : ' '.repeat(l.bar));
  const line: Line = [
    { text: `${selected ? '▸' : ' '}${rank}`, ...(selected ? { inverse: true } : {}) },
    seg(row.pareto ? '*' : ' ', 'accent'),
    seg(' '),
    seg(board.paths.map((p, i) => fit(row.values[p] ?? '-', l.params[i] ?? MIN_PARAM)).join(' ') + ' ', row.rank === null ? 'dim' : undefined),
    seg(fit(metricText(row.retained), METRIC) + ' '),
    seg(bar(row.retained, scales.retained), 'accent'),
    seg(' ' + fit(metricText(row.gain), METRIC) + ' '),
    seg(bar(row.gain, scales.gain), 'accent'),
    seg(' ' + fit(`${row.seedsDone}/${row.seedsTotal}`, seedsW, true), row.seedsDone < row.seedsTotal ? 'dim' : undefined),
  ];
  if (l.delta) {
    const d = row.vsNoZap;
    const tone = (x: number | null | undefined): 'good' | 'bad' | 'dim' => (x === null || x === undefined ? 'dim' : x >= 0 ? 'good' : 'bad');
    line.push(seg(' ' + fit(d ? signed(d.retained) : '', DELTA, true), tone(d?.retained)), seg(' ' + fit(d ? signed(d.gain) : '', DELTA, true), tone(d?.gain)));
  }
  return line;
}

export interface BoardWindow {
  lines: Line[];
  /** First visible row index. */
  offset: number;
}

/** The header and the rows in view: a window of `height` rows that keeps the selection visible. */
export function boardLines(board: Board, rows: readonly BoardRow[], selected: number, height: number, width: number): BoardWindow {
  const l = layoutBoard(board, rows, width);
  const seedsW = seedsWidth(rows);
  const scales = { retained: scaleOf(rows, (r) => r.retained), gain: scaleOf(rows, (r) => r.gain) };
  const visible = Math.max(1, height - 1);
  const offset = Math.max(0, Math.min(selected - Math.floor(visible / 2), rows.length - visible));
  const lines = [boardHeader(board, l, seedsW)];
  for (let i = offset; i < Math.min(rows.length, offset + visible); i++) {
    const row = rows[i];
    if (row) lines.push(boardLine(board, row, l, scales, i === selected, seedsW));
  }
  return { lines, offset };
}
