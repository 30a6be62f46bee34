/**
 * Presenters of sweep comparisons: plain text (regressions and improvements first, highlighted),
 * CSV (one row per configuration × metric, plus rows for configurations in one sweep only) and JSON.
 * Pure string building.
 */
import { stringify } from 'csv-stringify/sync';
import { formatMetric, formatValue, shortNames } from './format.js';
import { formatP } from './frequency-text.js';
import type { Change, ConfigRef, PairComparison } from './sweep-compare.js';
import type { Interval } from './types.js';

const ORDER: Record<Change, number> = { regression: 0, improvement: 1, unchanged: 2, untestable: 3 };
const MARK: Record<Change, string> = { regression: '!! REGRESSION', improvement: '++ improvement', unchanged: '', untestable: 'untestable (< 2 values)' };

const signed = (x: number): string => (Number.isNaN(x) ? '-' : `${x >= 0 ? '+' : ''}${x.toFixed(3)}`);
const interval = (ci: Interval | null): string => (ci ? `[${signed(ci[0])}, ${signed(ci[1])}]` : '-');

function paths(c: PairComparison): string[] {
  const set = new Set<string>();
  for (const d of [...c.deltas, ...c.onlyInBaseline, ...c.onlyInOther]) for (const p of Object.keys(d.parameters)) set.add(p);
  return [...set];
}

function pad(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}

const describeRef = (r: ConfigRef, ps: readonly string[], names: readonly string[]): string =>
  `${r.configId} ${ps.flatMap((p, i) => (r.parameters[p] === undefined ? [] : [`${names[i] ?? p}=${formatValue(r.parameters[p])}`])).join(' ')}`;

/** The text report of one or more pairs (each sweep against the first). */
export function formatComparisons(pairs: readonly PairComparison[]): string {
  const out: string[] = [];
  for (const c of pairs) {
    const ps = paths(c);
    const names = shortNames(ps);
    if (out.length > 0) out.push('');
    out.push(
      `compare ${c.other.id} (${c.other.name}) against baseline ${c.baseline.id} (${c.baseline.name}); metrics: ${c.metrics.join(', ')}`,
      `Welch t per configuration, 95% CIs of other − baseline; significance after Holm's correction over ${c.tests} tests (family-wise alpha ${c.alpha})`,
      '',
    );
    const sorted = [...c.deltas].sort((x, y) => ORDER[x.change] - ORDER[y.change]);
    const rows = [['configId', ...names, 'metric', 'baseline', 'other', 'diff', '95% CI', 'p', 'p Holm', '']];
    for (const d of sorted) {
      rows.push([d.configId, ...ps.map((p) => formatValue(d.parameters[p])), d.metric, formatMetric(d.baseline), formatMetric(d.other), signed(d.diff), interval(d.ci95), formatP(d.p), formatP(d.pHolm), MARK[d.change]]);
    }
    if (sorted.length > 0) out.push(...pad(rows));
    else out.push('no configuration is in both sweeps');
    for (const r of c.onlyInBaseline) out.push(`only in baseline ${c.baseline.id}: ${describeRef(r, ps, names)}`);
    for (const r of c.onlyInOther) out.push(`only in ${c.other.id}: ${describeRef(r, ps, names)}`);
    const n = c.counts;
    out.push(`summary: ${n.regression} regression${n.regression === 1 ? '' : 's'}, ${n.improvement} improvement${n.improvement === 1 ? '' : 's'}, ${n.unchanged} unchanged, ${n.untestable} untestable; ${c.onlyInBaseline.length} only in baseline, ${c.onlyInOther.length} only in ${c.other.id}`);
  }
  return `${out.join('\n')}\n`;
}

export function comparisonsToJson(pairs: readonly PairComparison[]): unknown {
  return { test: 'welch', correction: 'holm (per pair, over configurations x metrics)', baseline: pairs[0]?.baseline, comparisons: pairs };
}

const cell = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '' : String(x));

/** CSV: one row per (pair, configuration, metric); configurations in one sweep only have empty numbers. */
export function comparisonsToCsv(pairs: readonly PairComparison[]): string {
  const ps = [...new Set(pairs.flatMap(paths))];
  const header = ['baseline', 'other', 'configId', ...ps, 'metric', 'baseline.mean', 'baseline.lo', 'baseline.hi', 'baseline.n', 'other.mean', 'other.lo', 'other.hi', 'other.n', 'diff', 'diff.lo', 'diff.hi', 'df', 'p', 'pHolm', 'change'];
  const rows: string[][] = [];
  for (const c of pairs) {
    const params = (r: ConfigRef): string[] => ps.map((p) => (r.parameters[p] === undefined ? '' : formatValue(r.parameters[p])));
    for (const d of c.deltas) {
      rows.push([
        c.baseline.id, c.other.id, d.configId, ...params(d), d.metric,
        cell(d.baseline.mean), cell(d.baseline.ci95?.[0]), cell(d.baseline.ci95?.[1]), String(d.baseline.n),
        cell(d.other.mean), cell(d.other.ci95?.[0]), cell(d.other.ci95?.[1]), String(d.other.n),
        cell(d.diff), cell(d.ci95?.[0]), cell(d.ci95?.[1]), cell(d.df), cell(d.p), cell(d.pHolm), d.change,
      ]);
    }
    const blank = Array<string>(header.length - 4 - ps.length).fill(''); // metric and numbers
    for (const r of c.onlyInBaseline) rows.push([c.baseline.id, c.other.id, r.configId, ...params(r), ...blank, 'only-in-baseline']);
    for (const r of c.onlyInOther) rows.push([c.baseline.id, c.other.id, r.configId, ...params(r), ...blank, 'only-in-other']);
  }
  return stringify([header, ...rows]);
}
