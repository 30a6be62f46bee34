import { xoroshiro128plus } from 'pure-rand';
import { describe, expect, it } from 'vitest';
import { bestOf } from './best-of.js';
import { formatBestOf } from './best-of-format.js';
import { analyzeAxis } from './frequency.js';
import type { TrialOutcome } from './types.js';

/** newAccAfter by [zap][rate][seed]: on seeds 0-1 rate 0.1 looks best, on seeds 2-3 rate 0.01 is. */
const table: Record<string, Record<number, number[]>> = {
  never: { 0.1: [0.6, 0.6, 0.3, 0.3], 0.01: [0.5, 0.5, 0.5, 0.5] },
  often: { 0.1: [0.7, 0.7, 0.4, 0.4], 0.01: [0.6, 0.6, 0.62, 0.64] },
};

function outcomes(): TrialOutcome[] {
  const out: TrialOutcome[] = [];
  for (const [zap, rates] of Object.entries(table)) {
    for (const [rate, values] of Object.entries(rates)) {
      values.forEach((v, seed) => {
        out.push({ trialId: `${zap}-${rate}-${seed}`, configId: `${zap}-${rate}`, index: out.length, seed, parameters: { zap, 'transfer.learningRate': Number(rate) }, status: 'succeeded', attempts: 1, metrics: { newAccAfter: v } });
      });
    }
  }
  return out;
}

describe('best-of', () => {
  it('half (default): chooses on the first half of the seeds, reports on the held-out half', () => {
    const b = bestOf(outcomes(), { axis: 'transfer.learningRate', metric: 'newAccAfter', selectOn: 'half' });
    expect(b.choices.map((c) => [c.parameters.zap, c.chosen, c.selectSeeds, c.reportSeeds])).toEqual([
      ['never', 0.1, [0, 1], [2, 3]],
      ['often', 0.1, [0, 1], [2, 3]],
    ]);
    expect(b.choices[0]?.reported.mean).toBeCloseTo(0.3, 12); // the held-out seeds expose the lucky choice
    expect(b.outcomes.map((o) => o.seed)).toEqual([2, 3, 2, 3]);
    expect(b.outcomes.every((o) => !('transfer.learningRate' in o.parameters))).toBe(true);
    expect(formatBestOf(b, { id: 's', name: 'n', status: 'succeeded' })).toContain('held out');
  });

  it('all: the optimistic variant chooses and reports on every seed, and says so', () => {
    const b = bestOf(outcomes(), { axis: 'transfer.learningRate', metric: 'newAccAfter', selectOn: 'all' });
    expect(b.choices.map((c) => c.chosen)).toEqual([0.01, 0.01]); // never: 0.45 vs 0.5; often: 0.55 vs 0.615
    expect(b.choices[1]?.reported.mean).toBeCloseTo(0.615, 12);
    expect(formatBestOf(b, { id: 's', name: 'n', status: 'succeeded' })).toContain('OPTIMISTIC');
  });

  it('the reported trials feed the paired analysis of another axis', () => {
    const b = bestOf(outcomes(), { axis: 'transfer.learningRate', metric: 'newAccAfter', selectOn: 'half' });
    const a = analyzeAxis(b.outcomes, { axis: 'zap', metric: 'newAccAfter', control: 'never', rng: xoroshiro128plus(0), resamples: 200 });
    const c = a.groups[0]?.comparisons[0];
    expect(c?.diff).toBeCloseTo(0.1, 12); // often - never at 0.1 on seeds 2, 3
    expect(c?.n).toBe(2);
  });

  it('half needs two complete seeds; the error names the way out', () => {
    const one = outcomes().filter((o) => o.seed === 0);
    expect(() => bestOf(one, { axis: 'transfer.learningRate', metric: 'newAccAfter', selectOn: 'half' })).toThrow(/--select-on all/);
  });

  it('a seed missing at one value is left out of that group', () => {
    const some = outcomes().filter((o) => !(o.parameters.zap === 'never' && o.seed === 3 && o.parameters['transfer.learningRate'] === 0.01));
    const b = bestOf(some, { axis: 'transfer.learningRate', metric: 'newAccAfter', selectOn: 'half' });
    expect(b.choices[0]?.selectSeeds).toEqual([0]);
    expect(b.choices[0]?.reportSeeds).toEqual([1, 2]);
  });
});
