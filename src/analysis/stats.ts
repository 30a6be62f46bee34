/**
 * Descriptive statistics and Student-t intervals. Pure.
 * Contract: functions of a sample return NaN (or `null` for intervals) when the sample is too small
 * to define the quantity, never throw for small n: mean needs n ≥ 1, standard deviation and
 * intervals need n ≥ 2.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';
import type { Interval } from './types.js';

/** Arithmetic mean; NaN for an empty sample. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  const m = sum / values.length;
  // One correction pass makes the mean exact for constant samples (no 0.1+0.2 drift in ±0 intervals).
  let residual = 0;
  for (const v of values) residual += v - m;
  return m + residual / values.length;
}

/** Sample variance (divisor n − 1), two-pass; NaN for n < 2. */
export function sampleVariance(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const m = mean(values);
  let ss = 0;
  let comp = 0;
  for (const v of values) {
    const d = v - m;
    ss += d * d;
    comp += d;
  }
  return Math.max(0, (ss - (comp * comp) / n) / (n - 1));
}

/** Sample standard deviation (divisor n − 1); NaN for n < 2. */
export function sampleStdDev(values: readonly number[]): number {
  return Math.sqrt(sampleVariance(values));
}

/** Standard error of the mean, s/√n; NaN for n < 2. */
export function standardError(values: readonly number[]): number {
  return sampleStdDev(values) / Math.sqrt(values.length);
}

/** Quantile of Student's t with `df` degrees of freedom (df > 0, may be fractional); NaN otherwise. */
export function tQuantile(p: number, df: number): number {
  if (!(df > 0) || !(p >= 0 && p <= 1)) return Number.NaN;
  return tQuantileImpl(p, df);
}

/** Cumulative distribution of Student's t with `df` degrees of freedom; NaN for df ≤ 0. */
export function tCdfAt(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return Number.NaN;
  return tCdf(x, df);
}

/** Two-sided p-value of a t statistic: P(|T| ≥ |t|). NaN when undefined. */
export function twoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, 2 * tCdfAt(-Math.abs(t), df));
}

/** `center ± t(1 − α/2, df)·se` as an interval; `null` when df or se are undefined. */
export function tInterval(center: number, se: number, df: number, level = 0.95): Interval | null {
  if (!(df > 0) || Number.isNaN(se) || Number.isNaN(center)) return null;
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return [center - half, center + half];
}

/**
 * 95% confidence interval of the mean: mean ± t(0.975, n−1)·s/√n.
 * `null` when n < 2 (one seed gives no variance estimate); `[m, m]` when every value is equal.
 */
export function ci95(values: readonly number[]): Interval | null {
  if (values.length < 2) return null;
  return tInterval(mean(values), standardError(values), values.length - 1, 0.95);
}
