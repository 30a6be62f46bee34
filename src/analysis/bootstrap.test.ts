import { xoroshiro128plus } from 'pure-rand';
import { describe, expect, it } from 'vitest';
import { bootstrapMeanCi, pairedBootstrapCi, quantileSorted } from './bootstrap.js';

describe('quantileSorted (type 7)', () => {
  // R: quantile(c(1, 2, 3, 4), c(0, 0.25, 0.5, 0.9, 1)) = 1, 1.75, 2.5, 3.7, 4
  it.each([
    { p: 0, want: 1 },
    { p: 0.25, want: 1.75 },
    { p: 0.5, want: 2.5 },
    { p: 0.9, want: 3.7 },
    { p: 1, want: 4 },
  ])('p = $p -> $want', ({ p, want }) => {
    expect(quantileSorted([1, 2, 3, 4], p)).toBeCloseTo(want, 12);
  });

  it.each([{ sorted: [], p: 0.5 }, { sorted: [1], p: 1.5 }])('NaN for $sorted at $p', ({ sorted, p }) => {
    expect(quantileSorted(sorted, p)).toBeNaN();
  });
});

// Differences drug1 − drug2 of Student's sleep data: mean −1.58, sd 1.2299.
const control = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
const treatment = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];

describe('bootstrapMeanCi', () => {
  it('is reproducible for a seed and leaves the generator untouched', () => {
    const rng = xoroshiro128plus(42);
    const state = rng.getState();
    const a = pairedBootstrapCi(control, treatment, rng);
    const b = pairedBootstrapCi(control, treatment, xoroshiro128plus(42));
    expect(a).toEqual(b);
    expect(rng.getState()).toEqual(state);
    expect(pairedBootstrapCi(control, treatment, xoroshiro128plus(7))).not.toEqual(a);
  });

  // The bootstrap SE of the mean is s·√((n−1)/n)/√n = 0.369, so the 95% interval is close to
  // −1.58 ± 1.96·0.369 = [−2.30, −0.86]: a little narrower than the t interval [−2.46, −0.70].
  it.each([1, 2, 3])('sleep differences, seed %i: close to the normal-theory interval', (seed) => {
    const ci = pairedBootstrapCi(control, treatment, xoroshiro128plus(seed));
    expect(ci?.[0]).toBeGreaterThan(-2.5);
    expect(ci?.[0]).toBeLessThan(-2.1);
    expect(ci?.[1]).toBeGreaterThan(-1.05);
    expect(ci?.[1]).toBeLessThan(-0.65);
  });

  it.each([
    { name: 'constant sample', values: [0.3, 0.3, 0.3], want: [0.3, 0.3] },
    { name: 'one value', values: [0.3], want: null },
    { name: 'empty', values: [], want: null },
  ])('$name', ({ values, want }) => {
    const ci = bootstrapMeanCi(values, xoroshiro128plus(0), { resamples: 200 });
    if (want === null) expect(ci).toBeNull();
    else expect(ci).toEqual(want);
  });

  it('level widens the interval', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8];
    const ci80 = bootstrapMeanCi(values, xoroshiro128plus(3), { level: 0.8 });
    const ci99 = bootstrapMeanCi(values, xoroshiro128plus(3), { level: 0.99 });
    expect((ci99?.[1] ?? 0) - (ci99?.[0] ?? 0)).toBeGreaterThan((ci80?.[1] ?? 0) - (ci80?.[0] ?? 0));
  });

  it.each([0, -1, 1.5])('rejects resamples = %d', (resamples) => {
    expect(() => bootstrapMeanCi([1, 2], xoroshiro128plus(0), { resamples })).toThrow(RangeError);
  });

  it('rejects unpaired input', () => {
    expect(() => pairedBootstrapCi([1, 2], [1], xoroshiro128plus(0))).toThrow(/pair them by seed/);
  });
});
