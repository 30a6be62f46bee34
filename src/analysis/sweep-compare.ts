/**
 * "Which configurations moved, beyond noise?" (DESIGN.md, "Who uses it", 2 and 3): two sweeps of the
 * same spec (two clusters, code versions or nights) matched by canonical configId. Pure.
 * Contracts:
 * - a configuration takes part when it has at least one succeeded trial in a sweep; those present in
 *   only one sweep are listed, not tested;
 * - per (configuration, metric): Welch's t of `other − baseline` (independent runs: no seed pairing
 *   across sweeps), a 95% CI, a two-sided p;
 * - Holm's correction over every test of the pair (configurations × metrics); `change` is
 *   `regression`/`improvement` when pHolm ≤ alpha (direction from the metric), `unchanged`
 *   otherwise (also for equal constant samples), `untestable` when either side has fewer than two values;
 * - with more than two sweeps, each is compared with the first (`compareWithFirst`), one Holm
 *   family per pair.
 */
import type { AxisValue } from '../spec/schema.js';
import { groupSucceeded, summarize } from './aggregate.js';
import { welchT } from './compare.js';
import { AnalysisInputError } from './errors.js';
import { holmAdjust } from './holm.js';
import { isImprovement, resolveMetric } from './metrics.js';
import type { Interval, MetricSummary, TrialOutcome } from './types.js';

export interface SweepSide {
  id: string;
  name: string;
  outcomes: readonly TrialOutcome[];
}

export interface SweepCompareOptions {
  /** Metrics to compare (default: retainedAccuracy and newTaskGain). */
  metrics?: readonly string[];
  /** Family-wise error rate of each pair (default 0.05). */
  alpha?: number;
}

export type Change = 'regression' | 'improvement' | 'unchanged' | 'untestable';

export interface ConfigDelta {
  configId: string;
  parameters: Record<string, AxisValue>;
  metric: string;
  baseline: MetricSummary;
  other: MetricSummary;
  /** mean(other) − mean(baseline). */
  diff: number;
  ci95: Interval | null;
  df: number;
  p: number;
  pHolm: number;
  change: Change;
}

export interface ConfigRef {
  configId: string;
  parameters: Record<string, AxisValue>;
}

export interface PairComparison {
  baseline: { id: string; name: string };
  other: { id: string; name: string };
  metrics: string[];
  alpha: number;
  /** Tests in the Holm family (deltas with a defined p). */
  tests: number;
  deltas: ConfigDelta[];
  onlyInBaseline: ConfigRef[];
  onlyInOther: ConfigRef[];
  counts: Record<Change, number>;
}

export const DEFAULT_COMPARE_METRICS = ['retainedAccuracy', 'newTaskGain'] as const;

const values = (trials: readonly TrialOutcome[], metric: string): number[] =>
  trials.flatMap((t) => {
    const v = t.metrics?.[metric];
    return v !== undefined && Number.isFinite(v) ? [v] : [];
  });

const ref = (configId: string, trials: readonly TrialOutcome[]): ConfigRef => ({ configId, parameters: { ...(trials[0]?.parameters ?? {}) } });

/** Compares `other` with `baseline`, configuration by configuration. */
export function compareSweeps(baseline: SweepSide, other: SweepSide, options: SweepCompareOptions = {}): PairComparison {
  const alpha = options.alpha ?? 0.05;
  const both = [...baseline.outcomes, ...other.outcomes];
  const metrics = (options.metrics ?? DEFAULT_COMPARE_METRICS).map((m) => resolveMetric(m, both));
  const a = groupSucceeded(baseline.outcomes);
  const b = groupSucceeded(other.outcomes);
  // 1. Tests for every configuration in both sweeps, in the baseline's order.
  const raw = [...a].flatMap(([configId, trialsA]) => {
    const trialsB = b.get(configId);
    if (!trialsB) return [];
    return metrics.flatMap((metric) => {
      const va = values(trialsA, metric);
      const vb = values(trialsB, metric);
      if (va.length === 0 && vb.length === 0) return [];
      const r = welchT(va, vb);
      return [{ ...ref(configId, trialsA), metric, baseline: summarize(va), other: summarize(vb), diff: r.diff, ci95: r.ci, df: r.df, p: r.p, testable: va.length >= 2 && vb.length >= 2 }];
    });
  });
  // 2. Holm over the family of the pair.
  const adjusted = holmAdjust(raw.map((d) => d.p));
  const counts: Record<Change, number> = { regression: 0, improvement: 0, unchanged: 0, untestable: 0 };
  const deltas = raw.map((d, i): ConfigDelta => {
    const pHolm = adjusted[i] ?? Number.NaN;
    // Equal constant values on both sides give no p: unchanged, not untestable.
    const change: Change = !d.testable ? 'untestable' : Number.isNaN(pHolm) || pHolm > alpha ? 'unchanged' : isImprovement(d.metric, d.diff) ? 'improvement' : 'regression';
    counts[change]++;
    const { testable: _testable, ...rest } = d;
    return { ...rest, pHolm, change };
  });
  return {
    baseline: { id: baseline.id, name: baseline.name },
    other: { id: other.id, name: other.name },
    metrics,
    alpha,
    tests: adjusted.filter((p) => !Number.isNaN(p)).length,
    deltas,
    onlyInBaseline: [...a].filter(([id]) => !b.has(id)).map(([id, t]) => ref(id, t)),
    onlyInOther: [...b].filter(([id]) => !a.has(id)).map(([id, t]) => ref(id, t)),
    counts,
  };
}

/** Every sweep after the first compared with the first. */
export function compareWithFirst(sides: readonly SweepSide[], options: SweepCompareOptions = {}): PairComparison[] {
  const [first, ...rest] = sides;
  if (!first || rest.length === 0) throw new AnalysisInputError('compare: give at least two sweeps (the first is the baseline)');
  return rest.map((s) => compareSweeps(first, s, options));
}

/** The pairs in which nothing could be compared: no configuration with data in both sweeps. */
export function pairsWithNothingCompared(pairs: readonly PairComparison[]): PairComparison[] {
  return pairs.filter((p) => p.deltas.length === 0);
}
