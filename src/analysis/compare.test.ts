import { describe, expect, it } from 'vitest';
import { pairBySeed, pairedT, welchT } from './compare.js';

// Student's (1908) sleep data, as in R's `sleep`: extra hours of sleep under two drugs, same 10 patients.
const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('pairedT', () => {
  // R: t.test(drug1, drug2, paired = TRUE)
  //    t = -4.0621, df = 9, p-value = 0.002833, 95% CI [-2.4598858, -0.7001142], mean difference -1.58
  it('matches R on the sleep data', () => {
    const r = pairedT(drug2, drug1);
    expect(r.diff).toBeCloseTo(-1.58, 10);
    expect(r.df).toBe(9);
    expect(r.n).toBe(10);
    expect(r.t).toBeCloseTo(-4.0621, 4);
    expect(r.p).toBeCloseTo(0.002833, 6);
    expect(r.ci?.[0]).toBeCloseTo(-2.4598858, 6);
    expect(r.ci?.[1]).toBeCloseTo(-0.7001142, 6);
  });

  it.each([
    // hand-computed: diffs [1, 2, 3]: mean 2, s = 1, se = 1/√3, t = 2√3 = 3.4641, t(0.975, 2) = 4.302653
    { control: [0, 0, 0], treatment: [1, 2, 3], t: 3.464102, df: 2, lo: 2 - 4.302653 / Math.sqrt(3), hi: 2 + 4.302653 / Math.sqrt(3) },
    // the same differences on top of any baseline
    { control: [10, 20, 30], treatment: [11, 22, 33], t: 3.464102, df: 2, lo: 2 - 4.302653 / Math.sqrt(3), hi: 2 + 4.302653 / Math.sqrt(3) },
  ])('hand-computed: $treatment − $control', ({ control, treatment, t, df, lo, hi }) => {
    const r = pairedT(control, treatment);
    expect(r.t).toBeCloseTo(t, 5);
    expect(r.df).toBe(df);
    expect(r.ci?.[0]).toBeCloseTo(lo, 5);
    expect(r.ci?.[1]).toBeCloseTo(hi, 5);
  });

  it.each([
    { name: 'constant non-zero difference', control: [0.5, 0.6], treatment: [0.6, 0.7], t: Infinity, p: 0, ci: [0.1, 0.1] },
    { name: 'identical samples', control: [0.5, 0.6], treatment: [0.5, 0.6], t: NaN, p: NaN, ci: [0, 0] },
    { name: 'one pair', control: [0.5], treatment: [0.7], t: NaN, p: NaN, ci: null },
    { name: 'no pairs', control: [], treatment: [], t: NaN, p: NaN, ci: null },
  ])('$name', ({ control, treatment, t, p, ci }) => {
    const r = pairedT(control, treatment);
    expect(r.t).toBe(t);
    expect(r.p).toBe(p);
    if (ci === null) expect(r.ci).toBeNull();
    else {
      expect(r.ci?.[0]).toBeCloseTo(ci[0] ?? NaN, 12);
      expect(r.ci?.[1]).toBeCloseTo(ci[1] ?? NaN, 12);
    }
  });

  it('rejects unpaired input', () => {
    expect(() => pairedT([1, 2], [1])).toThrow(/pair them by seed/);
  });
});

describe('welchT', () => {
  // R: t.test(drug1, drug2)  (Welch is R's default)
  //    t = -1.8608, df = 17.776, p-value = 0.07939, 95% CI [-3.3654832, 0.2054832]
  it('matches R on the sleep data', () => {
    const r = welchT(drug2, drug1);
    expect(r.diff).toBeCloseTo(-1.58, 10);
    expect(r.t).toBeCloseTo(-1.8608, 4);
    expect(r.df).toBeCloseTo(17.776, 3);
    expect(r.p).toBeCloseTo(0.07939, 5);
    expect(r.ci?.[0]).toBeCloseTo(-3.3654832, 5);
    expect(r.ci?.[1]).toBeCloseTo(0.2054832, 5);
    expect(r.n).toBe(20);
  });

  // Hand-computed, unequal sizes and variances:
  //   treatment [1,2,3,4,5]: mean 3, s² = 2.5, a = 0.5;  control [0,0,0,2]: mean 0.5, s² = 1, b = 0.25
  //   diff 2.5, se = √0.75 = 0.866025, t = 2.886751
  //   df = 0.75² / (0.5²/4 + 0.25²/3) = 0.5625 / (0.0625 + 0.0208333) = 6.75
  it('hand-computed unequal sizes', () => {
    const r = welchT([0, 0, 0, 2], [1, 2, 3, 4, 5]);
    expect(r.diff).toBeCloseTo(2.5, 12);
    expect(r.se).toBeCloseTo(Math.sqrt(0.75), 12);
    expect(r.t).toBeCloseTo(2.886751, 6);
    expect(r.df).toBeCloseTo(6.75, 12);
  });

  it.each([
    { name: 'one value on a side', control: [1], treatment: [1, 2, 3] },
    { name: 'empty side', control: [], treatment: [1, 2] },
  ])('undefined with $name', ({ control, treatment }) => {
    const r = welchT(control, treatment);
    expect(r.t).toBeNaN();
    expect(r.p).toBeNaN();
    expect(r.ci).toBeNull();
  });

  it('zero variance on both sides with a difference: t = ∞, p = 0, zero-width interval', () => {
    const r = welchT([0.5, 0.5], [0.7, 0.7, 0.7]);
    expect(r.t).toBe(Infinity);
    expect(r.p).toBe(0);
    expect(r.ci?.[0]).toBeCloseTo(0.2, 12);
    expect(r.ci?.[1]).toBeCloseTo(0.2, 12);
  });
});

describe('pairBySeed', () => {
  it('keeps seeds both sides have, in seed order', () => {
    const control = new Map([[3, 0.3], [1, 0.1], [2, 0.2]]);
    const treatment = new Map([[2, 0.25], [3, 0.35], [4, 0.45]]);
    expect(pairBySeed(control, treatment)).toEqual({ seeds: [2, 3], control: [0.2, 0.3], treatment: [0.25, 0.35] });
  });
});
