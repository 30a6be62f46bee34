/** Presenters of a best-of analysis (best-of.ts): a plain-text table and JSON. Pure. */
import { stringify } from 'csv-stringify/sync';
import type { BestOf } from './best-of.js';
import { formatMetric, formatValue, shortNames } from './format.js';

const seedList = (seeds: readonly number[]): string => `[${seeds.join(', ')}]`;

/** One sentence on how the value was chosen; says plainly when it is optimistic. */
export function selectionNote(b: BestOf): string {
  const first = b.choices[0];
  const seeds = first === undefined ? '' : ` (e.g. chosen on seeds ${seedList(first.selectSeeds)}, reported on ${seedList(first.reportSeeds)})`;
  return b.selectOn === 'half'
    ? `${b.axis} chosen per configuration on half of its seeds and reported on the other half (held out)${seeds}`
    : `OPTIMISTIC: ${b.axis} chosen and reported on the same seeds (--select-on all, the papers' variant): the best of several noisy values is biased upward`;
}

export function formatBestOf(b: BestOf, sweep: { id: string; name: string; status: string }): string {
  const paths = Object.keys(b.choices[0]?.parameters ?? {});
  const names = shortNames([...paths, b.axis]);
  const rows = [[...paths.map((p, i) => names[i] ?? p), `best ${names[paths.length] ?? b.axis}`, `${b.metric} (reported)`, 'n', 'select seeds', 'report seeds']];
  for (const c of b.choices) {
    rows.push([...paths.map((p) => formatValue(c.parameters[p])), formatValue(c.chosen), formatMetric(c.reported), String(c.reported.n), seedList(c.selectSeeds), seedList(c.reportSeeds)]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const table = rows.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}`);
  return `${[`sweep ${sweep.name} (${sweep.id}) ${sweep.status}: ${b.metric} at the best ${b.axis} of each configuration`, selectionNote(b), ...table].join('\n')}\n`;
}

export function bestOfToJson(b: BestOf): unknown {
  return {
    axis: b.axis,
    metric: b.metric,
    selectOn: b.selectOn,
    optimistic: b.selectOn === 'all',
    note: selectionNote(b),
    choices: b.choices,
  };
}

/** CSV: one row per configuration (group parameters, chosen value, reported mean, CI, n). */
export function bestOfToCsv(b: BestOf): string {
  const paths = Object.keys(b.choices[0]?.parameters ?? {});
  const rows = b.choices.map((c) => [...paths.map((p) => formatValue(c.parameters[p])), formatValue(c.chosen), c.reported.mean, c.reported.ci95?.[0] ?? '', c.reported.ci95?.[1] ?? '', c.reported.n, b.selectOn]);
  return stringify([[...paths, `best ${b.axis}`, `${b.metric} mean`, 'ci95 lo', 'ci95 hi', 'n', 'selectOn'], ...rows]);
}
