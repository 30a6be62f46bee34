/**
 * Presenters of the results JSON: a plain-text ranking table for terminals and CSV. Pure string
 * building; the caller prints or writes.
 */
import { stringify } from 'csv-stringify/sync';
import { shortNames, valueText } from '../spec/labels.js';
import type { AxisValue } from '../spec/schema.js';
import { GAIN, RETAINED } from './rank.js';
import { searchCell, searchLines } from './search-format.js';
import type { MetricSummary, RankedConfig, ResultsJson } from './types.js';

/** Parameter paths in order of first appearance across the configurations. */
export function parameterPaths(configs: readonly RankedConfig[]): string[] {
  const paths = new Set<string>();
  for (const c of configs) for (const p of Object.keys(c.parameters)) paths.add(p);
  return [...paths];
}

/** Short column names (spec/labels.ts): last segments, lengthened only where two would clash. */
export { shortNames };

/** A swept value as text: arrays joined with "+" (resetLayers [head, conv2] -> "head+conv2"). */
export function formatValue(v: AxisValue | undefined): string {
  return valueText(v);
}

/** "0.912 ±0.013" (± is the 95% CI half-width); "0.912" when n < 2; "-" when absent. */
export function formatMetric(m: MetricSummary | undefined, digits = 3): string {
  if (!m) return '-';
  const mean = m.mean.toFixed(digits);
  if (!m.ci95) return mean;
  return `${mean} ±${((m.ci95[1] - m.ci95[0]) / 2).toFixed(digits)}`;
}

interface Column {
  header: string;
  cells: string[];
  align: 'left' | 'right';
  /** Parameter columns may be narrowed (with "…") to fit a width. */
  shrinkable: boolean;
}

const MIN_SHRUNK = 4;

function truncate(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, Math.max(0, width - 1))}…`;
}

function pad(s: string, width: number, align: 'left' | 'right'): string {
  return align === 'right' ? s.padStart(width) : s.padEnd(width);
}

/** Lays out columns separated by two spaces; narrows parameter columns, then cuts lines, to fit. */
function layout(columns: readonly Column[], width: number | undefined): string[] {
  const widths = columns.map((c) => Math.max(c.header.length, ...c.cells.map((s) => s.length)));
  const total = (): number => widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1);
  if (width !== undefined) {
    // Narrow the widest shrinkable column one character at a time until the table fits.
    while (total() > width) {
      let widest = -1;
      columns.forEach((c, i) => {
        const w = widths[i] ?? 0;
        if (c.shrinkable && w > MIN_SHRUNK && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
      });
      if (widest < 0) break;
      widths[widest] = (widths[widest] ?? 0) - 1;
    }
  }
  const rows = [columns.map((c) => c.header), ...(columns[0]?.cells ?? []).map((_, r) => columns.map((c) => c.cells[r] ?? ''))];
  const lines = rows.map((row) =>
    row
      .map((cell, i) => {
        const c = columns[i];
        const w = widths[i] ?? 0;
        return pad(truncate(cell, w), w, c?.align ?? 'left');
      })
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, '-'.repeat(Math.min(total(), width ?? Number.POSITIVE_INFINITY)));
  return width === undefined ? lines : lines.map((l) => truncate(l, width));
}

export interface FormatOptions {
  /** Maximum line width (terminal columns); unlimited when absent. */
  width?: number;
}

/**
 * The ranking as a plain-text table: rank, Pareto mark `*`, one column per swept parameter (short
 * names), retained and gain as mean ±95% CI half-width, seeds. A summary line above, a legend below.
 */
export function formatRanking(results: ResultsJson, options: FormatOptions = {}): string {
  const { sweep, configs } = results;
  const t = sweep.trials;
  const head = `sweep ${sweep.name} (${sweep.id}) ${sweep.status}: ${t.total} trials, ${t.succeeded} succeeded, ${t.stopped ? `${t.stopped} stopped early, ` : ''}${t.failed} failed, ${t.running} running`;
  const out = [options.width === undefined ? head : truncate(head, options.width)];
  if (configs.length === 0) {
    out.push('no succeeded trials yet');
    return `${out.join('\n')}\n`;
  }
  const paths = parameterPaths(configs);
  const names = shortNames(paths);
  const columns: Column[] = [
    { header: 'rank', cells: configs.map((c) => String(c.rank)), align: 'right', shrinkable: false },
    { header: '', cells: configs.map((c) => (c.pareto ? '*' : '')), align: 'left', shrinkable: false },
    ...paths.map((path, i): Column => {
      const values = configs.map((c) => c.parameters[path]);
      const numeric = values.every((v) => typeof v === 'number');
      return { header: names[i] ?? path, cells: values.map(formatValue), align: numeric ? 'right' : 'left', shrinkable: true };
    }),
    { header: 'retained', cells: configs.map((c) => formatMetric(c.metrics[RETAINED])), align: 'left', shrinkable: false },
    { header: 'gain', cells: configs.map((c) => formatMetric(c.metrics[GAIN])), align: 'left', shrinkable: false },
    { header: 'seeds', cells: configs.map((c) => String(c.seeds)), align: 'right', shrinkable: false },
  ];
  if (sweep.search !== undefined) columns.push({ header: 'search', cells: configs.map((c) => searchCell(c) ?? ''), align: 'left', shrinkable: false });
  out.push(...layout(columns, options.width));
  const legend = '* Pareto front of (retained, gain); ± is the 95% CI half-width (none with one seed)';
  out.push(options.width === undefined ? legend : truncate(legend, options.width));
  out.push(...searchLines(results));
  return `${out.join('\n')}\n`;
}

/** Metric names in sorted order across the configurations. */
function metricNames(configs: readonly RankedConfig[]): string[] {
  const names = new Set<string>();
  for (const c of configs) for (const n of Object.keys(c.metrics)) names.add(n);
  return [...names].sort();
}

/** A parameter value as a CSV cell: scalars as text, arrays as JSON. */
function csvValue(v: AxisValue | undefined): string {
  if (v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * One row per configuration, best first. Columns: rank, pareto, configId, each parameter (full path),
 * seeds, then for each metric `<name>.mean,<name>.lo,<name>.hi,<name>.n`. Numbers at full precision;
 * an absent value (a missing metric, or a CI with n < 2) is an empty cell.
 */
export function resultsToCsv(results: ResultsJson): string {
  const { configs } = results;
  const paths = parameterPaths(configs);
  const metrics = metricNames(configs);
  const header = ['rank', 'pareto', 'configId', ...paths, 'seeds', ...metrics.flatMap((m) => [`${m}.mean`, `${m}.lo`, `${m}.hi`, `${m}.n`])];
  const rows = configs.map((c) => [
    String(c.rank),
    String(c.pareto),
    c.configId,
    ...paths.map((p) => csvValue(c.parameters[p])),
    String(c.seeds),
    ...metrics.flatMap((name) => {
      const m = c.metrics[name];
      if (!m) return ['', '', '', ''];
      return [String(m.mean), m.ci95 ? String(m.ci95[0]) : '', m.ci95 ? String(m.ci95[1]) : '', String(m.n)];
    }),
  ]);
  return stringify([header, ...rows]);
}
