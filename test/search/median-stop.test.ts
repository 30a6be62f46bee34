import { describe, expect, it } from 'vitest';
import { median, medianVerdict, type Curve } from '../../src/search/median-stop.js';
import { stoppingSchema } from '../../src/spec/search-schema.js';

const rule = (over: Record<string, unknown> = {}) => stoppingSchema.parse({ rule: 'median', metric: 'pretrain.oldTestAccuracy', afterFraction: 0.5, minTrials: 3, ...over });
const done: Curve[] = [
  [[1, 0.3], [2, 0.5], [3, 0.6], [4, 0.7]],
  [[1, 0.35], [2, 0.55], [3, 0.65], [4, 0.75]],
  [[1, 0.2], [2, 0.45], [3, 0.62], [4, 0.72]],
];

describe('median stopping rule', () => {
  const cases: Array<{ name: string; step: number; value: number; completed?: Curve[]; over?: Record<string, unknown>; stop: boolean }> = [
    { name: 'below the median after the fraction: stop', step: 2, value: 0.3, stop: true },
    { name: 'at the median: go on', step: 2, value: 0.5, stop: false },
    { name: 'above the median: go on', step: 3, value: 0.7, stop: false },
    { name: 'before afterFraction: go on', step: 1, value: 0.0, stop: false },
    { name: 'the last step: go on (about done)', step: 4, value: 0.1, stop: false },
    { name: 'fewer completed trials than minTrials: go on', step: 2, value: 0.1, completed: done.slice(0, 2), stop: false },
    { name: 'no completed trial reports that step: go on', step: 2, value: 0.1, completed: done.map((c) => c.filter(([s]) => s !== 2)), stop: false },
    { name: 'no completed trials at all: go on', step: 2, value: 0.1, completed: [], stop: false },
    { name: 'a NaN value is no reason: go on', step: 2, value: Number.NaN, stop: false },
    { name: 'a loss is minimised: above the median stops', step: 2, value: 0.9, over: { metric: 'pretrain.loss' }, stop: true },
    { name: 'a loss below the median goes on', step: 2, value: 0.1, over: { metric: 'pretrain.loss' }, stop: false },
  ];
  it.each(cases)('$name', ({ step, value, completed, over, stop }) => {
    const v = medianVerdict(rule(over), step, value, completed ?? done);
    expect(v !== undefined).toBe(stop);
    if (v) expect(v).toEqual({ step, value, median: 0.5 });
  });
  it('median of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
