/**
 * Export tables: one row per trial or per configuration, with every parameter and every metric.
 * Pure. CSV columns: identity, then each parameter (full path, first-appearance order), then each
 * metric (sorted); an absent value is an empty cell. JSON keeps the nested shapes
 * (`TrialOutcome` per trial; the results JSON's configurations per configuration).
 */
import { stringify } from 'csv-stringify/sync';
import type { AxisValue } from '../spec/schema.js';
import { sweptPaths } from './axes.js';
import { resultsToCsv } from './format.js';
import { availableMetrics } from './metrics.js';
import type { ResultsJson, TrialOutcome } from './types.js';

const csvValue = (v: AxisValue | number | undefined): string => (v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Trials in index order: trialId, configId, index, seed, status, attempts, parameters, metrics, error. */
export function trialsToCsv(outcomes: readonly TrialOutcome[]): string {
  const sorted = [...outcomes].sort((a, b) => a.index - b.index);
  const paths = sweptPaths(sorted);
  const metrics = [...new Set(sorted.flatMap((o) => Object.keys(o.metrics ?? {})))].sort();
  const header = ['trialId', 'configId', 'index', 'seed', 'status', 'attempts', ...paths, ...metrics, 'error'];
  const rows = sorted.map((o) => [
    o.trialId, o.configId, String(o.index), String(o.seed), o.status, String(o.attempts),
    ...paths.map((p) => csvValue(o.parameters[p])),
    ...metrics.map((m) => csvValue(o.metrics?.[m])),
    o.error ?? '',
  ]);
  return stringify([header, ...rows]);
}

export function trialsToJson(sweep: ResultsJson['sweep'], outcomes: readonly TrialOutcome[]): unknown {
  return { sweep, metrics: availableMetrics(outcomes), trials: [...outcomes].sort((a, b) => a.index - b.index) };
}

/** Configurations best first, as the results CSV (`<metric>.mean,.lo,.hi,.n` per metric). */
export function configsToCsv(results: ResultsJson): string {
  return resultsToCsv(results);
}

export function configsToJson(results: ResultsJson): unknown {
  return results;
}
