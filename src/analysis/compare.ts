/**
 * Two-sample comparisons of a metric: paired t (same seeds, e.g. a configuration against its
 * "never zap" control) and Welch's t (independent samples, e.g. two clusters). Pure.
 * Contract: differences are `treatment − control`; intervals are two-sided at `level` (default
 * 0.95); p-values are two-sided. When a quantity is undefined (too few values, or zero variance
 * with a zero difference) `t` and `p` are NaN and `ci` is `null`. Zero variance with a non-zero
 * difference gives t = ±∞, p = 0 and a zero-width interval.
 */
import { mean, sampleVariance, tInterval, twoSidedP } from './stats.js';
import type { Interval } from './types.js';

export interface TTestResult {
  /** mean(treatment − control) for paired, mean(treatment) − mean(control) for Welch. */
  diff: number;
  /** Standard error of `diff`. */
  se: number;
  /** Degrees of freedom: n − 1 (paired), Welch–Satterthwaite (Welch; may be fractional). */
  df: number;
  t: number;
  p: number;
  ci: Interval | null;
  /** Pairs (paired) or treatment + control sizes (Welch). */
  n: number;
}

function tStatistic(diff: number, se: number): number {
  if (Number.isNaN(diff) || Number.isNaN(se)) return Number.NaN;
  if (se === 0) return diff === 0 ? Number.NaN : diff > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return diff / se;
}

/** Paired t test on `treatment[i] − control[i]`; the arrays must be the same length (paired by seed). */
export function pairedT(control: readonly number[], treatment: readonly number[], level = 0.95): TTestResult {
  if (control.length !== treatment.length) {
    throw new RangeError(`pairedT: ${control.length} control values but ${treatment.length} treatment values; pair them by seed first`);
  }
  const diffs = treatment.map((v, i) => v - (control[i] ?? Number.NaN));
  const n = diffs.length;
  const diff = mean(diffs);
  const se = Math.sqrt(sampleVariance(diffs) / n);
  const df = n - 1;
  const t = tStatistic(diff, se);
  return { diff, se, df, t, p: twoSidedP(t, df), ci: n >= 2 ? tInterval(diff, se, df, level) : null, n };
}

/**
 * Welch's unequal-variance t test of mean(treatment) − mean(control), with
 * Welch–Satterthwaite df = (a + b)² / (a²/(n₁−1) + b²/(n₂−1)), a = s₁²/n₁, b = s₂²/n₂.
 * Needs at least two values on each side.
 */
export function welchT(control: readonly number[], treatment: readonly number[], level = 0.95): TTestResult {
  const n1 = treatment.length;
  const n2 = control.length;
  const a = sampleVariance(treatment) / n1;
  const b = sampleVariance(control) / n2;
  const diff = mean(treatment) - mean(control);
  const se = Math.sqrt(a + b);
  // Both variances zero: df is 0/0; the interval collapses whatever df is, so use the pooled n − 2.
  const df = a + b === 0 ? n1 + n2 - 2 : (a + b) ** 2 / (a ** 2 / (n1 - 1) + b ** 2 / (n2 - 1));
  const t = tStatistic(diff, se);
  const ok = n1 >= 2 && n2 >= 2;
  return { diff, se, df: ok ? df : Number.NaN, t: ok ? t : Number.NaN, p: ok ? twoSidedP(t, df) : Number.NaN, ci: ok ? tInterval(diff, se, df, level) : null, n: n1 + n2 };
}

/**
 * Pairs two configurations' values of one metric by seed, for `pairedT`: only seeds both have,
 * in ascending seed order.
 */
export function pairBySeed(
  control: ReadonlyMap<number, number>,
  treatment: ReadonlyMap<number, number>,
): { seeds: number[]; control: number[]; treatment: number[] } {
  const seeds = [...control.keys()].filter((s) => treatment.has(s)).sort((x, y) => x - y);
  return {
    seeds,
    control: seeds.map((s) => control.get(s) ?? Number.NaN),
    treatment: seeds.map((s) => treatment.get(s) ?? Number.NaN),
  };
}
