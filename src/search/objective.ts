/**
 * What a race or halving ranks on, resolved from the spec: one metric with its direction, or the
 * Pareto pair of the ranking (retainedAccuracy, newTaskGain; both maximised). Pure.
 */
import { metricDirection } from '../analysis/metrics.js';
import { GAIN, RETAINED } from '../analysis/rank.js';
import type { ObjectiveSpec } from '../spec/search-schema.js';

export type Objective =
  | { readonly kind: 'single'; readonly metric: string; readonly direction: 'higher' | 'lower' }
  | { readonly kind: 'pareto'; readonly metrics: readonly [string, string] };

export function resolveObjective(spec: ObjectiveSpec): Objective {
  if (spec === 'pareto') return { kind: 'pareto', metrics: [RETAINED, GAIN] };
  if (typeof spec === 'string') return { kind: 'single', metric: spec, direction: metricDirection(spec) };
  const direction = spec.direction === undefined ? metricDirection(spec.metric) : spec.direction === 'minimize' ? 'lower' : 'higher';
  return { kind: 'single', metric: spec.metric, direction };
}

/** The metrics an objective reads. */
export function objectiveMetrics(o: Objective): readonly string[] {
  return o.kind === 'single' ? [o.metric] : o.metrics;
}

/** `value` oriented so that larger is better. */
export function oriented(direction: 'higher' | 'lower', value: number): number {
  return direction === 'higher' ? value : -value;
}
