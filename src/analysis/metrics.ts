/**
 * What the analysis knows about metric names: which direction is better, whether a metric is an
 * accuracy fraction (shown in percentage points), and how a sentence talks about it. Pure.
 * Contract: every metric is "higher is better" except the ones listed in LOWER_IS_BETTER.
 */
import { PROBE_METRIC } from '../spec/probes-schema.js';
import { nearest } from '../spec/suggest.js';
import { AnalysisInputError } from './errors.js';
import type { TrialOutcome } from './types.js';

export type Direction = 'higher' | 'lower';

/** Metrics where a smaller value is better. */
const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['forgetting']);

/** The metric set of DESIGN.md: fractions of 1, reported in percentage points (×100). */
const ACCURACY_FRACTIONS: ReadonlySet<string> = new Set([
  'oldAccBefore', 'oldAccAfter', 'retainedAccuracy', 'retention', 'forgetting', 'newAccBefore', 'newAccAfter', 'newTaskGain',
]);

/**
 * Descriptive metrics (the probes: Fisher traces, sharpness, barriers) have no better direction:
 * the analysis ranks them by the higher value and says "highest", never "best".
 */
export function isDescriptive(name: string): boolean {
  return PROBE_METRIC.test(name) || name === 'probes.seconds';
}

/** "best", or "highest" for a descriptive metric. */
export function bestWord(name: string): string {
  return isDescriptive(name) ? 'highest' : 'best';
}

export function metricDirection(name: string): Direction {
  return LOWER_IS_BETTER.has(name) || /(^|\.)loss$/i.test(name) ? 'lower' : 'higher';
}

/** True when the metric is an accuracy fraction, so a difference reads naturally as ×100 points. */
export function inPoints(name: string): boolean {
  return ACCURACY_FRACTIONS.has(name);
}

/** True when `diff` (treatment − control) is an improvement for this metric. */
export function isImprovement(name: string, diff: number): boolean {
  return metricDirection(name) === 'higher' ? diff > 0 : diff < 0;
}

/** Verb phrases for sentences: "<verb> 4.1 ± 1.2 points <more|less> than ...". */
const PHRASES: Readonly<Record<string, { verb: string; more: string; less: string }>> = {
  retainedAccuracy: { verb: 'retains', more: 'more', less: 'less' },
  oldAccAfter: { verb: 'retains', more: 'more', less: 'less' },
  newTaskGain: { verb: 'gains', more: 'more on the new task', less: 'less on the new task' },
  forgetting: { verb: 'forgets', more: 'more', less: 'less' },
  retention: { verb: 'keeps', more: 'more of its old-task accuracy', less: 'less of its old-task accuracy' },
};

export function metricPhrase(name: string): { verb: string; more: string; less: string } {
  return PHRASES[name] ?? { verb: `has ${name}`, more: 'higher', less: 'lower' };
}

/** Metric names reported by any succeeded outcome, sorted. */
export function availableMetrics(outcomes: readonly TrialOutcome[]): string[] {
  const names = new Set<string>();
  for (const o of outcomes) if (o.status === 'succeeded') for (const n of Object.keys(o.metrics ?? {})) names.add(n);
  return [...names].sort();
}

/** Checks a metric name against what the trials reported; AnalysisInputError listing them otherwise. */
export function resolveMetric(name: string, outcomes: readonly TrialOutcome[]): string {
  const names = availableMetrics(outcomes);
  if (names.length === 0) throw new AnalysisInputError('no succeeded trials yet: there is nothing to analyse');
  if (names.includes(name)) return name;
  const hint = nearest(name, names);
  throw new AnalysisInputError(`--metric: unknown metric "${name}"${hint ? `; did you mean "${hint}"?` : ''} (available: ${names.join(', ')})`);
}
