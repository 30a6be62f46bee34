/**
 * The probes' curves and grids as one long CSV (issue #16: "included in export"): one row per
 * trial, curve and step, for every probe curve of docs/metrics.md "Probes" (the interpolation
 * paths, the slice grid, Fisher and sharpness over training). Pure. The report writes it as
 * `probe-curves.csv` once the CLI wires it (see the probes helper's report); the same rows come
 * from the event log (`metric` events) for any other reader.
 */
import { stringify } from 'csv-stringify/sync';
import type { TrialOutcome } from '../analysis/types.js';
import { PROBE_METRIC } from '../spec/probes-schema.js';
import type { Curves } from './model.js';


export function probeCurvesCsv(outcomes: readonly TrialOutcome[], curves: Curves): string {
  const rows: Array<Array<string | number>> = [['trialId', 'configId', 'seed', 'name', 'step', 'value']];
  for (const o of [...outcomes].sort((a, b) => a.index - b.index)) {
    const c = curves.get(o.trialId) ?? {};
    for (const name of Object.keys(c).filter((n) => PROBE_METRIC.test(n)).sort()) {
      for (const [step, value] of c[name] ?? []) rows.push([o.trialId, o.configId, o.seed, name, step, value]);
    }
  }
  return stringify(rows);
}
