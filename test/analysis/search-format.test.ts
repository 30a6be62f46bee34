import { describe, expect, it } from 'vitest';
import { formatRanking } from '../../src/analysis/format.js';
import { buildResults } from '../../src/analysis/results.js';
import { adaptiveNote } from '../../src/analysis/search-format.js';
import type { SearchSummary, TrialOutcome } from '../../src/analysis/types.js';

const outcome = (configId: string, zap: number, seed: number, v: number): TrialOutcome => ({
  trialId: `${configId}/${seed}`, configId, index: seed * 10 + zap, seed, parameters: { 'pretrain.zapEvery': zap }, status: 'succeeded', attempts: 1,
  metrics: { retainedAccuracy: v, newTaskGain: v, newAccAfter: v },
});
// b looks best on its 3 seeds but was eliminated; a survived with 5.
const outcomes = [
  ...[0, 1, 2, 3, 4].map((s) => outcome('a', 1, s, 0.6 + s * 0.01)),
  ...[0, 1, 2].map((s) => outcome('b', 2, s, 0.9)),
];
const search: SearchSummary = {
  info: { kind: 'race', rounds: 2, end: 'one-survivor', objective: 'newAccAfter', survivors: ['a'], pick: 'a', adaptive: true },
  race: new Map([
    ['a', { rounds: 2, eliminated: [] }],
    ['b', { rounds: 1, eliminated: [{ round: 0, reason: 'significance', rival: 'a', metric: 'newAccAfter', difference: 0.25, ci: [0.1, 0.4], pAdjusted: 0.012, seeds: 3 }] }],
  ]),
};

describe('results of a race', () => {
  const results = buildResults({ id: 'r1', name: 'race', status: 'completed' }, outcomes, search);
  it('lists survivors first and carries the race per configuration', () => {
    expect(results.configs.map((c) => [c.configId, c.rank])).toEqual([['a', 1], ['b', 2]]);
    expect(results.configs[1]?.race?.eliminated[0]).toMatchObject({ rival: 'a', pAdjusted: 0.012 });
    expect(results.sweep.search).toMatchObject({ kind: 'race', pick: 'a' });
  });
  it('the table marks who is out and says why, and that the search was adaptive', () => {
    const text = formatRanking(results);
    expect(text).toMatch(/in race/);
    expect(text).toMatch(/out r1/);
    expect(text).toContain('race on newAccAfter: 2 round(s), ended: one-survivor; picks zapEvery=1');
    expect(text).toContain('out after round 1: zapEvery=2: zapEvery=1 is better on newAccAfter by 25.0 points [10.0, 40.0] over 3 paired seeds, Holm-adjusted p 0.012');
    expect(text).toContain('the search was adaptive');
  });
  it('analyze and compare get a note; a grid sweep none', () => {
    expect(adaptiveNote('r1', results)).toContain('3 to 5 seeds per configuration');
    expect(adaptiveNote('g1', buildResults({ id: 'g1', name: 'grid', status: 'completed' }, outcomes))).toBeUndefined();
  });
});
