import { describe, expect, it } from 'vitest';
import { rankConfigs } from './rank.js';
import type { ConfigSummary, MetricSummary } from './types.js';

const m = (mean: number): MetricSummary => ({ mean, ci95: null, n: 1 });

/** A configuration with the given objective means; `undefined` leaves that metric out. */
function config(configId: string, retained?: number, gain?: number): ConfigSummary {
  const metrics: Record<string, MetricSummary> = {};
  if (retained !== undefined) metrics['retainedAccuracy'] = m(retained);
  if (gain !== undefined) metrics['newTaskGain'] = m(gain);
  return { configId, parameters: {}, seeds: 1, metrics };
}

describe('rankConfigs', () => {
  it.each([
    { name: 'empty', configs: [], order: [], pareto: [] },
    { name: 'single config', configs: [config('a', 0.5, 0.1)], order: ['a'], pareto: [1] },
    {
      name: 'dominated configs follow the front',
      configs: [config('low', 0.5, 0.1), config('high', 0.9, 0.3), config('mid', 0.7, 0.2)],
      order: ['high', 'mid', 'low'],
      pareto: [1, 2, 3],
    },
    {
      name: 'front ordered by the sum of means',
      configs: [config('keeper', 0.95, 0.05), config('learner', 0.6, 0.6), config('balanced', 0.8, 0.3)],
      order: ['learner', 'balanced', 'keeper'],
      pareto: [1, 1, 1],
    },
    {
      name: 'equal sums: higher retainedAccuracy first',
      configs: [config('gain', 0.5, 0.5), config('retain', 0.75, 0.25)],
      order: ['retain', 'gain'],
      pareto: [1, 1],
    },
    {
      // 0.6 + 0.5 and 0.8 + 0.3 differ in the last bit; they still tie on the sum
      name: 'sums equal up to rounding noise: higher retainedAccuracy first',
      configs: [config('learner', 0.6, 0.5), config('balanced', 0.8, 0.3)],
      order: ['balanced', 'learner'],
      pareto: [1, 1],
    },
    {
      name: 'equal points: configId ascending, both on the front',
      configs: [config('b', 0.7, 0.2), config('a', 0.7, 0.2)],
      order: ['a', 'b'],
      pareto: [1, 1],
    },
    {
      // the layer-2 point has a larger sum than a layer-1 point, but the Pareto rank comes first
      name: 'Pareto rank beats the sum',
      configs: [config('front-lo', 0.99, 0.0), config('front-hi', 0.6, 0.6), config('second', 0.55, 0.55)],
      order: ['front-hi', 'front-lo', 'second'],
      pareto: [1, 1, 2],
    },
    {
      name: 'missing metrics go last: partial before none, then configId',
      configs: [config('none-b'), config('gain-only', undefined, 0.9), config('ok', 0.1, 0.0), config('none-a'), config('ret-only', 0.9)],
      order: ['ok', 'ret-only', 'gain-only', 'none-a', 'none-b'],
      pareto: [1, null, null, null, null],
    },
  ])('$name', ({ configs, order, pareto }) => {
    const ranked = rankConfigs(configs);
    expect(ranked.map((c) => c.configId)).toEqual(order);
    expect(ranked.map((c) => c.paretoRank)).toEqual(pareto);
    expect(ranked.map((c) => c.pareto)).toEqual(pareto.map((p) => p === 1));
    expect(ranked.map((c) => c.rank)).toEqual(order.map((_, i) => i + 1));
  });

  it('does not depend on input order', () => {
    const configs = [config('a', 0.9, 0.1), config('b', 0.5, 0.5), config('c', 0.5, 0.5), config('d', 0.4, 0.4), config('e')];
    const forward = rankConfigs(configs).map((c) => c.configId);
    expect(rankConfigs([...configs].reverse()).map((c) => c.configId)).toEqual(forward);
    // a, b and c tie on the sum (1.0); a has the higher retainedAccuracy; b and c are equal points
    expect(forward).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('does not mutate its input', () => {
    const configs = [config('a', 0.5, 0.1)];
    const before = structuredClone(configs);
    rankConfigs(configs);
    expect(configs).toEqual(before);
  });
});
