/**
 * Presenters of a frequency analysis: a plain-text report (per group: a table and a sentence),
 * CSV (one row per group × axis value) and JSON. Pure string building.
 */
import { stringify } from 'csv-stringify/sync';
import type { AxisValue } from '../spec/schema.js';
import { valueKey } from './axes.js';
import { formatMetric, formatValue } from './format.js';
import type { ControlComparison, FrequencyAnalysis, FrequencyGroup, Level } from './frequency.js';
import { formatP, groupHeading, groupSentence } from './frequency-text.js';
import type { Interval } from './types.js';

export interface AnalysisHeader {
  sweep: { id: string; name: string; status: string };
  bootstrap: { resamples: number; seed: number };
}

const signed = (x: number, digits = 3): string => (Number.isNaN(x) ? '-' : `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`);
const interval = (ci: Interval | null): string => (ci ? `[${signed(ci[0])}, ${signed(ci[1])}]` : '-');

function comparisonOf(g: FrequencyGroup, v: AxisValue): ControlComparison | undefined {
  return g.comparisons.find((c) => valueKey(c.value) === valueKey(v));
}

function marks(a: FrequencyAnalysis, g: FrequencyGroup, l: Level): string {
  const out: string[] = [];
  if (valueKey(l.value) === valueKey(a.control)) out.push('control');
  if (g.best && valueKey(g.best.value) === valueKey(l.value)) out.push('best');
  else if (g.best?.tiedWith.some((v) => valueKey(v) === valueKey(l.value))) out.push('tied with best');
  return out.join(', ');
}

function pad(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd());
}

/** The plain-text report: a heading, then per group a table of axis values and one sentence. */
export function formatFrequency(a: FrequencyAnalysis, h: AnalysisHeader): string {
  const axisLabel = a.axis.name === a.axis.path ? a.axis.path : `${a.axis.name} (${a.axis.path})`;
  const out = [
    `sweep ${h.sweep.name} (${h.sweep.id}) ${h.sweep.status}: ${a.metric.name} against ${axisLabel}, control ${formatValue(a.control)}`,
    `paired by seed; 95% CIs (paired t, and a percentile bootstrap with ${h.bootstrap.resamples} resamples, seed ${h.bootstrap.seed});`,
    `p Holm-adjusted over each group's comparisons with the control; "tied with best" when the paired CI of the difference to the best contains 0; ${a.metric.direction} is better`,
  ];
  for (const g of a.groups) {
    out.push('', groupHeading(g.parameters));
    const rows = [[a.axis.name, 'mean ±95% CI', 'n', 'diff vs control', 'paired t CI', 'bootstrap CI', 'p', 'p Holm', 'verdict', '']];
    for (const l of g.levels) {
      const c = comparisonOf(g, l.value);
      rows.push([
        formatValue(l.value),
        formatMetric(l.summary),
        String(l.summary.n),
        c ? signed(c.diff) : '',
        c ? interval(c.ci95) : '',
        c ? interval(c.bootstrapCi95) : '',
        c ? formatP(c.p) : '',
        c ? formatP(c.pHolm) : '',
        c ? c.verdict : '',
        marks(a, g, l),
      ]);
    }
    out.push(...pad(rows).map((r) => `  ${r}`), `  ${groupSentence(a, g)}`);
  }
  if (a.groups.length === 0) out.push('', 'no succeeded trial has this axis');
  return `${out.join('\n')}\n`;
}

/** JSON: the analysis plus each group's sentence and the sweep it came from. */
export function frequencyToJson(a: FrequencyAnalysis, h: AnalysisHeader): unknown {
  return {
    sweep: h.sweep,
    axis: a.axis,
    metric: a.metric,
    control: a.control,
    alpha: a.alpha,
    correction: 'holm, over the comparisons with the control within each group',
    test: 'paired t by seed',
    bootstrap: { ...h.bootstrap, kind: 'percentile, paired differences' },
    groupBy: a.groupBy,
    groups: a.groups.map((g) => ({ ...g, sentence: groupSentence(a, g) })),
  };
}

const cell = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '' : String(x));

/** CSV: one row per (group, axis value), with the comparison against the control where there is one. */
export function frequencyToCsv(a: FrequencyAnalysis): string {
  const header = [
    ...a.groupBy, a.axis.path, 'configId', 'metric', 'mean', 'lo', 'hi', 'n', 'control', 'best', 'tiedWithBest',
    'diff', 'diff.lo', 'diff.hi', 'bootstrap.lo', 'bootstrap.hi', 't', 'df', 'p', 'pHolm', 'verdict',
  ];
  const rows = a.groups.flatMap((g) =>
    g.levels.map((l) => {
      const c = comparisonOf(g, l.value);
      const isBest = g.best !== undefined && valueKey(g.best.value) === valueKey(l.value);
      return [
        ...a.groupBy.map((p) => formatValue(g.parameters[p])),
        formatValue(l.value), l.configId, a.metric.name,
        cell(l.summary.mean), cell(l.summary.ci95?.[0]), cell(l.summary.ci95?.[1]), String(l.summary.n),
        String(valueKey(l.value) === valueKey(a.control)), String(isBest),
        String(!isBest && (g.best?.tiedWith.some((v) => valueKey(v) === valueKey(l.value)) ?? false)),
        cell(c?.diff), cell(c?.ci95?.[0]), cell(c?.ci95?.[1]), cell(c?.bootstrapCi95?.[0]), cell(c?.bootstrapCi95?.[1]),
        cell(c?.t), cell(c?.df), cell(c?.p), cell(c?.pHolm), c?.verdict ?? '',
      ];
    }),
  );
  return stringify([header, ...rows]);
}
