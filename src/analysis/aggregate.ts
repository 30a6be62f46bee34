/**
 * Aggregation of trial outcomes into configurations. Pure.
 * Contract:
 * - only `succeeded` trials count; a configuration with no succeeded trial does not appear;
 * - every metric name any succeeded trial of the configuration reported is summarised;
 * - non-finite values (NaN, ±Infinity, e.g. `retention` when `oldAccBefore` is 0) are left out of
 *   that metric's sample, so `n` may be smaller than `seeds`; a metric with no finite value is omitted;
 * - output order: configurations by their lowest trial index; metric names sorted.
 * The caller passes one outcome per trial.
 */
import { ci95, mean } from './stats.js';
import type { ConfigSummary, MetricSummary, TrialOutcome } from './types.js';

/** mean, ci95 (null when n < 2) and n of one sample. */
export function summarize(values: readonly number[]): MetricSummary {
  return { mean: mean(values), ci95: ci95(values), n: values.length };
}

/** Succeeded outcomes grouped by configId, each group sorted by trial index, groups by lowest index. */
export function groupSucceeded(outcomes: readonly TrialOutcome[]): Map<string, TrialOutcome[]> {
  const sorted = outcomes.filter((o) => o.status === 'succeeded').sort((a, b) => a.index - b.index);
  const groups = new Map<string, TrialOutcome[]>();
  for (const o of sorted) {
    const group = groups.get(o.configId);
    if (group) group.push(o);
    else groups.set(o.configId, [o]);
  }
  return groups;
}

/** Every metric's finite values across the trials, keyed by metric name (sorted). */
export function metricSamples(trials: readonly TrialOutcome[]): Map<string, number[]> {
  const names = new Set<string>();
  for (const t of trials) for (const name of Object.keys(t.metrics ?? {})) names.add(name);
  const samples = new Map<string, number[]>();
  for (const name of [...names].sort()) {
    const values: number[] = [];
    for (const t of trials) {
      const v = t.metrics?.[name];
      if (v !== undefined && Number.isFinite(v)) values.push(v);
    }
    if (values.length > 0) samples.set(name, values);
  }
  return samples;
}

export function aggregate(outcomes: readonly TrialOutcome[]): ConfigSummary[] {
  const configs: ConfigSummary[] = [];
  for (const [configId, trials] of groupSucceeded(outcomes)) {
    const first = trials[0];
    if (!first) continue;
    const metrics: Record<string, MetricSummary> = {};
    for (const [name, values] of metricSamples(trials)) metrics[name] = summarize(values);
    // Parameters are identical within a configuration (configId hashes them); take the first trial's.
    configs.push({ configId, parameters: { ...first.parameters }, seeds: trials.length, metrics });
  }
  return configs;
}
