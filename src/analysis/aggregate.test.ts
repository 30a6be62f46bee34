import { describe, expect, it } from 'vitest';
import { aggregate, summarize } from './aggregate.js';
import { outcome } from './outcome-builder.js';

describe('summarize', () => {
  it.each([
    { values: [0.9, 0.8], want: { mean: 0.85, lo: 0.21469, hi: 1.48531, n: 2 } },
    { values: [1, 2, 3, 4, 5], want: { mean: 3, lo: 1.036757, hi: 4.963243, n: 5 } },
  ])('$values', ({ values, want }) => {
    const s = summarize(values);
    expect(s.mean).toBeCloseTo(want.mean, 12);
    expect(s.n).toBe(want.n);
    expect(s.ci95?.[0]).toBeCloseTo(want.lo, 5);
    expect(s.ci95?.[1]).toBeCloseTo(want.hi, 5);
  });

  it('n = 1 has a mean and no interval', () => {
    expect(summarize([0.7])).toEqual({ mean: 0.7, ci95: null, n: 1 });
  });
});

describe('aggregate', () => {
  const p = { 'pretrain.zapEvery': 2, 'pretrain.optimizer': 'adam' };

  it('groups succeeded trials by configId and summarises every metric', () => {
    const configs = aggregate([
      outcome('A', 0).index(0).params(p).scores(0.9, 0.1).metrics({ forgetting: 0.05 }).obj(),
      outcome('A', 1).index(1).params(p).scores(0.8, 0.3).obj(),
      outcome('B', 0).index(2).params({ 'pretrain.zapEvery': 0 }).scores(0.5, 0.2).obj(),
    ]);
    expect(configs.map((c) => c.configId)).toEqual(['A', 'B']);
    const a = configs[0];
    expect(a?.parameters).toEqual(p);
    expect(a?.seeds).toBe(2);
    expect(Object.keys(a?.metrics ?? {})).toEqual(['forgetting', 'newTaskGain', 'retainedAccuracy']);
    expect(a?.metrics['retainedAccuracy']?.mean).toBeCloseTo(0.85, 12);
    expect(a?.metrics['retainedAccuracy']?.ci95?.[0]).toBeCloseTo(0.21469, 5);
    expect(a?.metrics['newTaskGain']?.mean).toBeCloseTo(0.2, 12);
    // reported by one seed only: n = 1, no interval
    expect(a?.metrics['forgetting']).toEqual({ mean: 0.05, ci95: null, n: 1 });
    expect(configs[1]?.metrics['retainedAccuracy']).toEqual({ mean: 0.5, ci95: null, n: 1 });
  });

  it.each([
    { status: 'failed' as const },
    { status: 'running' as const },
    { status: 'pending' as const },
  ])('ignores $status trials', ({ status }) => {
    const configs = aggregate([
      outcome('A', 0).scores(0.9, 0.1).obj(),
      { ...outcome('A', 1).obj(), status, metrics: { retainedAccuracy: 0, newTaskGain: 0 } },
      outcome('C', 0).status(status).obj(),
    ]);
    expect(configs).toHaveLength(1);
    expect(configs[0]?.seeds).toBe(1);
    expect(configs[0]?.metrics['retainedAccuracy']?.mean).toBe(0.9);
  });

  it('leaves non-finite values out of a metric sample; n counts the finite ones', () => {
    const configs = aggregate([
      outcome('A', 0).metrics({ retention: Number.NaN, forgetting: 0.1 }).obj(),
      outcome('A', 1).metrics({ retention: 0.9, forgetting: 0.2 }).obj(),
      outcome('A', 2).metrics({ retention: 0.8, forgetting: Number.POSITIVE_INFINITY, onlyNaN: Number.NaN }).obj(),
    ]);
    const m = configs[0]?.metrics ?? {};
    expect(configs[0]?.seeds).toBe(3);
    expect(m['retention']?.n).toBe(2);
    expect(m['retention']?.mean).toBeCloseTo(0.85, 12);
    expect(m['forgetting']?.n).toBe(2);
    expect(m['onlyNaN']).toBeUndefined();
  });

  it('orders configurations by lowest trial index, whatever the input order', () => {
    const configs = aggregate([
      outcome('late', 0).index(5).obj(),
      outcome('early', 1).index(3).obj(),
      outcome('late', 1).index(1).obj(),
    ]);
    expect(configs.map((c) => c.configId)).toEqual(['late', 'early']);
  });

  it('a succeeded trial without metrics still counts as a seed', () => {
    const o = outcome('A', 0).obj();
    delete o.metrics;
    expect(aggregate([o])).toEqual([{ configId: 'A', parameters: {}, seeds: 1, metrics: {} }]);
  });

  it('empty input', () => {
    expect(aggregate([])).toEqual([]);
  });
});
