import { describe, expect, it } from 'vitest';
import { ci95, mean, sampleStdDev, sampleVariance, standardError, tInterval, tQuantile, twoSidedP } from './stats.js';

describe('tQuantile against printed t tables', () => {
  it.each([
    { p: 0.975, df: 1, want: 12.7062 },
    { p: 0.975, df: 4, want: 2.7764 },
    { p: 0.975, df: 7, want: 2.3646 },
    { p: 0.975, df: 10, want: 2.2281 },
    { p: 0.975, df: 29, want: 2.0452 },
    { p: 0.95, df: 10, want: 1.8125 },
    { p: 0.995, df: 5, want: 4.0321 },
    { p: 0.975, df: 1e7, want: 1.96 },
    { p: 0.5, df: 3, want: 0 },
    { p: 0.025, df: 4, want: -2.7764 },
  ])('t($p, $df) = $want', ({ p, df, want }) => {
    expect(tQuantile(p, df)).toBeCloseTo(want, 4);
  });

  it.each([
    { p: 0.975, df: 0 },
    { p: 0.975, df: -1 },
    { p: 0.975, df: Number.NaN },
    { p: 1.5, df: 3 },
  ])('is NaN outside its domain (p=$p, df=$df)', ({ p, df }) => {
    expect(tQuantile(p, df)).toBeNaN();
  });
});

describe('twoSidedP', () => {
  it.each([
    { t: 2.2281, df: 10, want: 0.05 },
    { t: -2.2281, df: 10, want: 0.05 },
    { t: 12.7062, df: 1, want: 0.05 },
    { t: 4.0321, df: 5, want: 0.01 },
    { t: 0, df: 5, want: 1 },
    { t: Number.POSITIVE_INFINITY, df: 5, want: 0 },
  ])('p(|T| ≥ $t; df=$df) = $want', ({ t, df, want }) => {
    expect(twoSidedP(t, df)).toBeCloseTo(want, 4);
  });

  it('is NaN for NaN t', () => {
    expect(twoSidedP(Number.NaN, 3)).toBeNaN();
  });
});

describe('descriptive statistics', () => {
  // Hand-computed: [2,4,4,4,5,5,7,9] has mean 5 and squared deviations summing to 32, so s² = 32/7.
  it.each([
    { values: [2, 4, 4, 4, 5, 5, 7, 9], mean: 5, variance: 32 / 7, sd: Math.sqrt(32 / 7), se: Math.sqrt(32 / 7 / 8) },
    { values: [1, 2, 3, 4, 5], mean: 3, variance: 2.5, sd: Math.sqrt(2.5), se: Math.sqrt(0.5) },
    { values: [0.9, 0.8], mean: 0.85, variance: 0.005, sd: Math.sqrt(0.005), se: 0.05 },
    { values: [0.1, 0.1, 0.1], mean: 0.1, variance: 0, sd: 0, se: 0 },
    { values: [1e9 + 1, 1e9 + 2, 1e9 + 3], mean: 1e9 + 2, variance: 1, sd: 1, se: Math.sqrt(1 / 3) },
  ])('$values', ({ values, ...want }) => {
    expect(mean(values)).toBeCloseTo(want.mean, 12);
    expect(sampleVariance(values)).toBeCloseTo(want.variance, 9);
    expect(sampleStdDev(values)).toBeCloseTo(want.sd, 9);
    expect(standardError(values)).toBeCloseTo(want.se, 9);
  });

  it.each([
    { values: [], mean: Number.NaN },
    { values: [0.7], mean: 0.7 },
  ])('small sample $values: sd and se are NaN', ({ values, mean: m }) => {
    if (Number.isNaN(m)) expect(mean(values)).toBeNaN();
    else expect(mean(values)).toBe(m);
    expect(sampleVariance(values)).toBeNaN();
    expect(sampleStdDev(values)).toBeNaN();
    expect(standardError(values)).toBeNaN();
  });

  it('mean of a constant sample is exactly that constant', () => {
    expect(mean([0.1, 0.1, 0.1])).toBe(0.1);
    expect(mean([0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3])).toBe(0.3);
  });
});

describe('ci95', () => {
  // Hand-computed from mean ± t(0.975, n−1)·s/√n with table t values.
  it.each([
    // [1..5]: s/√n = √0.5 = 0.707107, t(4) = 2.776445, half = 1.963243
    { values: [1, 2, 3, 4, 5], lo: 1.036757, hi: 4.963243 },
    // [2,4,4,4,5,5,7,9]: s/√n = 0.755929, t(7) = 2.364624, half = 1.787488
    { values: [2, 4, 4, 4, 5, 5, 7, 9], lo: 3.212512, hi: 6.787488 },
    // [0.9, 0.8]: s/√n = 0.05, t(1) = 12.706205, half = 0.635310
    { values: [0.9, 0.8], lo: 0.21469, hi: 1.48531 },
    // zero variance: the interval collapses on the mean
    { values: [0.5, 0.5, 0.5], lo: 0.5, hi: 0.5 },
  ])('$values -> [$lo, $hi]', ({ values, lo, hi }) => {
    const ci = ci95(values);
    expect(ci).not.toBeNull();
    expect(ci?.[0]).toBeCloseTo(lo, 5);
    expect(ci?.[1]).toBeCloseTo(hi, 5);
  });

  it.each([{ values: [] }, { values: [0.42] }])('is null when n < 2 ($values)', ({ values }) => {
    expect(ci95(values)).toBeNull();
  });
});

describe('tInterval', () => {
  it('uses a fractional df', () => {
    const ci = tInterval(0, 1, 4.5);
    expect(ci?.[1]).toBeCloseTo(tQuantile(0.975, 4.5), 12);
    expect(ci?.[1]).toBeGreaterThan(tQuantile(0.975, 5));
    expect(ci?.[1]).toBeLessThan(tQuantile(0.975, 4));
  });

  it.each([
    { center: 0, se: 1, df: 0 },
    { center: 0, se: Number.NaN, df: 3 },
    { center: Number.NaN, se: 1, df: 3 },
  ])('is null when undefined ($center, $se, $df)', ({ center, se, df }) => {
    expect(tInterval(center, se, df)).toBeNull();
  });
});
