import { describe, expect, it } from 'vitest';
import { outcome } from './outcome-builder.js';
import { buildResults, countTrials } from './results.js';

const sweep = { id: 'sw-1', name: 'quick', status: 'running' };

describe('countTrials', () => {
  it.each([
    { statuses: [], want: { total: 0, succeeded: 0, failed: 0, running: 0 } },
    {
      statuses: ['succeeded', 'succeeded', 'failed', 'running', 'pending', 'pending'] as const,
      want: { total: 6, succeeded: 2, failed: 1, running: 1 },
    },
  ])('$statuses', ({ statuses, want }) => {
    expect(countTrials(statuses.map((s, i) => outcome('A', i).status(s).obj()))).toEqual(want);
  });
});

describe('buildResults', () => {
  it('has the results JSON shape, configs best first', () => {
    const zap = (k: number) => ({ 'pretrain.zapEvery': k, 'pretrain.optimizer': 'adam' });
    const results = buildResults(sweep, [
      outcome('never', 0).index(0).params(zap(0)).scores(0.6, 0.2).obj(),
      outcome('never', 1).index(1).params(zap(0)).scores(0.7, 0.2).obj(),
      outcome('every2', 0).index(2).params(zap(2)).scores(0.9, 0.3).obj(),
      outcome('every2', 1).index(3).params(zap(2)).status('failed').obj(),
      outcome('every4', 0).index(4).params(zap(4)).status('running').obj(),
    ]);
    expect(results).toEqual({
      sweep: { id: 'sw-1', name: 'quick', status: 'running', trials: { total: 5, succeeded: 3, failed: 1, running: 1 } },
      configs: [
        {
          configId: 'every2',
          rank: 1,
          pareto: true,
          paretoRank: 1,
          parameters: zap(2),
          seeds: 1,
          metrics: { newTaskGain: { mean: 0.3, ci95: null, n: 1 }, retainedAccuracy: { mean: 0.9, ci95: null, n: 1 } },
        },
        {
          configId: 'never',
          rank: 2,
          pareto: false,
          paretoRank: 2,
          parameters: zap(0),
          seeds: 2,
          metrics: {
            newTaskGain: { mean: 0.2, ci95: [0.2, 0.2], n: 2 },
            retainedAccuracy: { mean: expect.closeTo(0.65, 12) as number, ci95: expect.any(Array) as [number, number], n: 2 },
          },
        },
      ],
    });
    // JSON-safe: survives a round trip unchanged (no NaN, no undefined)
    expect(JSON.parse(JSON.stringify(results))).toEqual(results);
  });

  it('no succeeded trials: counts only', () => {
    const results = buildResults(sweep, [outcome('A', 0).status('pending').obj()]);
    expect(results).toEqual({ sweep: { ...sweep, trials: { total: 1, succeeded: 0, failed: 0, running: 0 } }, configs: [] });
  });
});
