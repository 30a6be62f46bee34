import { describe, expect, it } from 'vitest';
import { trialMetrics } from './metrics.js';

describe('trialMetrics', () => {
  it.each([
    { in: [0.9, 0.6, 0.1, 0.8], retention: 0.6 / 0.9, forgetting: 0.9 - 0.6, gain: 0.8 - 0.1 },
    { in: [0.5, 0.5, 0, 0], retention: 1, forgetting: 0, gain: 0 },
    { in: [0, 0.2, 0.3, 0.2], retention: 0, forgetting: -0.2, gain: 0.2 - 0.3 },
  ])('$in', ({ in: [ob, oa, nb, na], retention, forgetting, gain }) => {
    const m = trialMetrics({ oldAccBefore: ob!, oldAccAfter: oa!, newAccBefore: nb!, newAccAfter: na! });
    expect(m.retainedAccuracy).toBe(oa);
    expect(m.retention).toBeCloseTo(retention, 12);
    expect(m.forgetting).toBeCloseTo(forgetting, 12);
    expect(m.newTaskGain).toBeCloseTo(gain, 12);
    expect(Object.keys(m).sort()).toEqual(
      ['forgetting', 'newAccAfter', 'newAccBefore', 'newTaskGain', 'oldAccAfter', 'oldAccBefore', 'retainedAccuracy', 'retention'],
    );
  });
});
