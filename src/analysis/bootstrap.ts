/**
 * Seeded percentile bootstrap of a mean. Pure: randomness comes from the `RandomGenerator` passed
 * in, which is cloned, never advanced, so the same generator gives the same interval every time.
 */
import { unsafeUniformIntDistribution } from 'pure-rand';
import type { RandomGenerator } from 'pure-rand';
import type { Interval } from './types.js';

export interface BootstrapOptions {
  /** Number of resamples; default 10 000. */
  resamples?: number;
  /** Two-sided coverage; default 0.95. */
  level?: number;
}

/** Quantile of an ascending-sorted sample by linear interpolation (R's and NumPy's default, type 7). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const below = sorted[lo] ?? Number.NaN;
  const above = sorted[Math.min(lo + 1, n - 1)] ?? Number.NaN;
  return below + (h - lo) * (above - below);
}

/**
 * Percentile bootstrap interval of the mean: resample `values` with replacement, take the mean of
 * each resample, report the (1−level)/2 and (1+level)/2 quantiles. `null` when n < 2.
 */
export function bootstrapMeanCi(values: readonly number[], rng: RandomGenerator, options: BootstrapOptions = {}): Interval | null {
  const n = values.length;
  if (n < 2) return null;
  const resamples = options.resamples ?? 10_000;
  const level = options.level ?? 0.95;
  if (!(Number.isInteger(resamples) && resamples > 0)) throw new RangeError(`bootstrap: resamples must be a positive integer, got ${resamples}`);
  const gen = rng.clone();
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[unsafeUniformIntDistribution(0, n - 1, gen)] ?? Number.NaN;
    means[b] = sum / n;
  }
  means.sort();
  const sorted = Array.from(means);
  return [quantileSorted(sorted, (1 - level) / 2), quantileSorted(sorted, (1 + level) / 2)];
}

/** Percentile bootstrap interval of mean(treatment[i] − control[i]); the arrays are paired by seed. */
export function pairedBootstrapCi(
  control: readonly number[],
  treatment: readonly number[],
  rng: RandomGenerator,
  options: BootstrapOptions = {},
): Interval | null {
  if (control.length !== treatment.length) {
    throw new RangeError(`pairedBootstrapCi: ${control.length} control values but ${treatment.length} treatment values; pair them by seed first`);
  }
  return bootstrapMeanCi(treatment.map((v, i) => v - (control[i] ?? Number.NaN)), rng, options);
}
