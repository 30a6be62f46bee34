/** compareSweeps on synthetic sweeps: planted regressions, null false-positive rate, matching. */
import { describe, expect, it } from 'vitest';
import { AnalysisInputError } from '../../src/analysis/errors.js';
import { comparisonsToCsv, comparisonsToJson, formatComparisons } from '../../src/analysis/sweep-compare-format.js';
import { compareSweeps, compareWithFirst, type SweepSide } from '../../src/analysis/sweep-compare.js';
import type { AxisValue } from '../../src/spec/schema.js';
import { syntheticSweep } from '../support/synthetic-sweep.js';

const axes = { zapEvery: [0, 1, 2, 4], optimizer: ['adam', 'sgd'] };
const base = (p: Readonly<Record<string, AxisValue>>): number => (p['pretrain.optimizer'] === 'adam' ? 0.8 : 0.6) + 0.01 * Number(p['pretrain.zapEvery']);

function side(id: string, rngSeed: number, shift: (p: Readonly<Record<string, AxisValue>>) => number = () => 0, a: Record<string, AxisValue[]> = axes): SweepSide {
  const outcomes = syntheticSweep('nightly')
    .axes(a)
    .seeds(5)
    .metric('retainedAccuracy', (p) => base(p) + shift(p))
    .metric('newTaskGain', () => 0.4)
    .metric('forgetting', (p) => 0.1 + shift(p))
    .noise(0.01, 0.01, rngSeed)
    .outcomes();
  return { id, name: 'nightly', outcomes };
}

/** P(X ≥ k) for X ~ Binomial(n, p), summed exactly in log space. */
function binomialUpperTail(n: number, p: number, k: number): number {
  let logC = 0; // log C(n, 0)
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    if (i >= k) sum += Math.exp(logC + i * Math.log(p) + (n - i) * Math.log(1 - p));
  }
  return sum;
}

/** The smallest k with P(X ≥ k) ≤ tail: more than k − 1 hits at the nominal rate is that unlikely. */
function binomialBound(n: number, p: number, tail: number): number {
  let k = 0;
  while (binomialUpperTail(n, p, k) > tail) k++;
  return k;
}

describe('compareSweeps: planted changes', () => {
  const regressed = (p: Readonly<Record<string, AxisValue>>): number => (p['pretrain.zapEvery'] === 2 && p['pretrain.optimizer'] === 'sgd' ? -0.1 : 0);
  const c = compareSweeps(side('night-1', 1), side('night-2', 2, regressed));

  it('flags the planted regression, and only it', () => {
    const flagged = c.deltas.filter((d) => d.change === 'regression');
    expect(flagged.map((d) => [d.parameters, d.metric])).toEqual([[{ 'pretrain.zapEvery': 2, 'pretrain.optimizer': 'sgd' }, 'retainedAccuracy']]);
    expect(flagged[0]?.diff).toBeCloseTo(-0.1, 1);
    expect(flagged[0]?.ci95?.[1]).toBeLessThan(0);
    expect(c.counts).toEqual({ regression: 1, improvement: 0, unchanged: 15, untestable: 0 });
    expect(c.tests).toBe(16);
  });

  it('knows that less forgetting is an improvement', () => {
    const f = compareSweeps(side('a', 1), side('b', 2, regressed), { metrics: ['forgetting'] });
    expect(f.deltas.filter((d) => d.change !== 'unchanged').map((d) => d.change)).toEqual(['improvement']);
  });

  it('presents: regressions first and highlighted, the correction named', () => {
    const text = formatComparisons([c]);
    expect(text).toContain("significance after Holm's correction over 16 tests");
    const rows = text.split('\n').filter((l) => /^[0-9a-f]{12} /.test(l));
    expect(rows[0]).toContain('!! REGRESSION');
    expect(text).toContain('summary: 1 regression, 0 improvements, 15 unchanged, 0 untestable');
    expect((comparisonsToJson([c]) as { correction: string }).correction).toMatch(/^holm/);
    expect(comparisonsToCsv([c]).trim().split('\n')).toHaveLength(17);
  });
});

describe('compareSweeps: null sweeps', () => {
  // 200 pairs of sweeps with no difference at all (independent noise, fixed generator seeds, so
  // the outcome is deterministic). Under the null, Holm bounds the chance that a pair shows any
  // significant difference by alpha = 0.05; the count of such pairs is then at most
  // Binomial(200, 0.05). We fail only beyond the count that binomial exceeds with probability
  // ≤ 0.001 (k = 22 of 200), so a correct procedure passes and a broken one (e.g. no correction:
  // 1 − 0.95^16 ≈ 0.56 per pair, about 112 of 200) cannot.
  const pairs = 200;
  const results = Array.from({ length: pairs }, (_, i) => compareSweeps(side('a', 1000 + 2 * i), side('b', 1001 + 2 * i), { metrics: ['retainedAccuracy'] }));

  it('the family-wise false-positive rate stays at the nominal level', () => {
    const bound = binomialBound(pairs, 0.05, 0.001);
    expect(bound).toBe(22);
    const falsePositivePairs = results.filter((r) => r.counts.regression + r.counts.improvement > 0).length;
    expect(falsePositivePairs).toBeLessThan(bound);
  });

  it('the unadjusted per-test rate is near 5% too (the Welch test itself is calibrated)', () => {
    const ps = results.flatMap((r) => r.deltas.map((d) => d.p));
    const hits = ps.filter((p) => p <= 0.05).length;
    expect(ps).toHaveLength(pairs * 8);
    // Tests within a pair share seed effects, so they are not independent; the bound is for
    // calibration, not a binomial claim: within 0.02–0.08 of 1600 tests.
    expect(hits / ps.length).toBeGreaterThan(0.02);
    expect(hits / ps.length).toBeLessThan(0.08);
  });
});

describe('compareSweeps: matching', () => {
  it('matches by configId and lists configurations in one sweep only', () => {
    const c = compareSweeps(side('a', 1, () => 0, { zapEvery: [0, 1, 2] }), side('b', 2, () => 0, { zapEvery: [0, 2, 3] }), { metrics: ['retainedAccuracy'] });
    expect(c.deltas.map((d) => d.parameters['pretrain.zapEvery'])).toEqual([0, 2]);
    expect(c.onlyInBaseline.map((r) => r.parameters)).toEqual([{ 'pretrain.zapEvery': 1 }]);
    expect(c.onlyInOther.map((r) => r.parameters)).toEqual([{ 'pretrain.zapEvery': 3 }]);
    expect(formatComparisons([c])).toMatch(/only in b: [0-9a-f]{12} zapEvery=3/);
    expect(comparisonsToCsv([c])).toMatch(/,only-in-other\n/);
  });

  it('compares each sweep with the first', () => {
    const pairs = compareWithFirst([side('a', 1), side('b', 2), side('c', 3)]);
    expect(pairs.map((p) => [p.baseline.id, p.other.id])).toEqual([['a', 'b'], ['a', 'c']]);
  });

  it('equal constant samples are unchanged, not untestable', () => {
    const flat = (id: string): SweepSide => ({ id, name: 'flat', outcomes: syntheticSweep('flat').metric('retainedAccuracy', () => 0.5).noise(0, 0).outcomes() });
    expect(compareSweeps(flat('a'), flat('b'), { metrics: ['retainedAccuracy'] }).counts).toEqual({ regression: 0, improvement: 0, unchanged: 2, untestable: 0 });
  });

  it('one seed on a side is untestable', () => {
    const one = { ...side('b', 2), outcomes: side('b', 2).outcomes.filter((o) => o.seed === 0) };
    const c = compareSweeps(side('a', 1), one, { metrics: ['retainedAccuracy'] });
    expect(c.counts.untestable).toBe(8);
    expect(c.tests).toBe(0);
  });

  it.each([
    { name: 'one sweep', run: () => compareWithFirst([side('a', 1)]), says: /at least two sweeps/ },
    { name: 'unknown metric', run: () => compareSweeps(side('a', 1), side('b', 2), { metrics: ['gain'] }), says: /--metric: unknown metric "gain"/ },
  ])('bad input: $name', ({ run, says }) => {
    expect(run).toThrow(AnalysisInputError);
    expect(run).toThrow(says);
  });
});
