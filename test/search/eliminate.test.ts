import { describe, expect, it } from 'vitest';
import { eliminateRound, type SeedValues } from '../../src/search/eliminate.js';
import { resolveObjective } from '../../src/search/objective.js';

/** rows[config] = values by seed index (NaN = missing). */
function values(rows: Record<string, number[]>, second?: Record<string, number[]>) {
  return (c: string, m: string): SeedValues => {
    const row = (m === 'newTaskGain' && second ? second : rows)[c] ?? [];
    return new Map(row.flatMap((v, s) => (Number.isFinite(v) ? [[s, v] as [number, number]] : [])));
  };
}

const single = resolveObjective('newAccAfter');
const cases: Array<{ name: string; rows: Record<string, number[]>; out: string[] }> = [
  { name: 'a clearly worse configuration goes', rows: { a: [0.9, 0.91, 0.89, 0.9], b: [0.5, 0.52, 0.49, 0.51] }, out: ['b'] },
  { name: 'ties eliminate nothing', rows: { a: [0.9, 0.8, 0.7], b: [0.9, 0.8, 0.7] }, out: [] },
  { name: 'zero variance, equal values: no p-value, nothing goes', rows: { a: [0.5, 0.5, 0.5], b: [0.5, 0.5, 0.5] }, out: [] },
  { name: 'zero variance of the differences, a constant gap: p = 0', rows: { a: [0.6, 0.7, 0.8], b: [0.5, 0.6, 0.7] }, out: ['b'] },
  { name: 'noisy overlap keeps both', rows: { a: [0.9, 0.5, 0.8], b: [0.6, 0.7, 0.75] }, out: [] },
  { name: 'one shared seed is no test', rows: { a: [0.9, NaN, NaN], b: [NaN, 0.1, 0.1] }, out: [] },
  { name: 'no finite value at all: no-result', rows: { a: [0.9, 0.91, 0.9], b: [NaN, NaN, NaN] }, out: ['b'] },
  { name: 'one survivor: nothing to compare', rows: { a: [0.9, 0.91, 0.9] }, out: [] },
  { name: 'every survivor without a result: none goes', rows: { a: [NaN, NaN], b: [NaN, NaN] }, out: [] },
];

describe('eliminateRound (single objective, paired t vs the leader, Holm)', () => {
  it.each(cases)('$name', ({ rows, out }) => {
    const gone = eliminateRound({ round: 0, survivors: Object.keys(rows), values: values(rows), objective: single, alpha: 0.05 });
    expect(gone.map((e) => e.configId)).toEqual(out);
  });

  it('records rival, metric, difference, interval and adjusted p', () => {
    const rows = { a: [0.9, 0.91, 0.89, 0.9], b: [0.5, 0.52, 0.49, 0.51], c: [0.88, 0.9, 0.9, 0.91] };
    const [e] = eliminateRound({ round: 2, survivors: ['a', 'b', 'c'], values: values(rows), objective: single, alpha: 0.05 });
    expect(e).toMatchObject({ configId: 'b', round: 2, reason: 'significance', rival: 'a', metric: 'newAccAfter', seeds: 4 });
    expect(e?.difference).toBeCloseTo(0.395, 6);
    expect(e?.ci?.[0]).toBeGreaterThan(0);
    expect(e?.pAdjusted).toBeLessThan(0.05);
  });

  it('Holm: a difference significant alone is not after correction across many comparisons', () => {
    // b alone: p = 0.03; with 9 more comparisons its adjusted p is over 0.05.
    const rows: Record<string, number[]> = { a: [1, 1.2, 1.1, 1.3], b: [0.8, 1.15, 0.95, 1.2] };
    const alone = eliminateRound({ round: 0, survivors: ['a', 'b'], values: values(rows), objective: single, alpha: 0.05 });
    const p = alone[0]?.pAdjusted ?? NaN;
    expect(p).toBeLessThan(0.05);
    for (let k = 0; k < 9; k++) rows[`x${k}`] = [1, 1.2, 1.1, 1.3].map((v, i) => v - 0.0001 + (i % 2 === 0 ? 0.01 : -0.01) * (k + 1));
    const many = eliminateRound({ round: 0, survivors: Object.keys(rows), values: values(rows), objective: single, alpha: 0.05 });
    expect(many.map((e) => e.configId)).not.toContain('b');
    expect(many.map((e) => e.configId)).not.toContain('a');
  });

  it('a loss is minimised', () => {
    const rows = { a: [0.9, 0.91, 0.89, 0.9], b: [0.5, 0.52, 0.49, 0.51] };
    const gone = eliminateRound({ round: 0, survivors: ['a', 'b'], values: values(rows), objective: resolveObjective({ metric: 'newAccAfter', direction: 'minimize' }), alpha: 0.05 });
    expect(gone.map((e) => e.configId)).toEqual(['a']);
  });
});

describe('eliminateRound (pareto)', () => {
  const pareto = resolveObjective('pareto');
  it('worse on one objective and not better on the other: eliminated by that rival', () => {
    const retained = { a: [0.9, 0.91, 0.89, 0.9], b: [0.5, 0.52, 0.49, 0.51] };
    const gain = { a: [0.3, 0.31, 0.3, 0.29], b: [0.3, 0.29, 0.31, 0.3] };
    const gone = eliminateRound({ round: 0, survivors: ['a', 'b'], values: values(retained, gain), objective: pareto, alpha: 0.05 });
    expect(gone).toMatchObject([{ configId: 'b', rival: 'a', metric: 'retainedAccuracy' }]);
  });
  it('a trade-off (each significantly better on one) eliminates nothing', () => {
    const retained = { a: [0.9, 0.91, 0.89, 0.9], b: [0.5, 0.52, 0.49, 0.51] };
    const gain = { a: [0.1, 0.11, 0.1, 0.09], b: [0.5, 0.49, 0.51, 0.5] };
    expect(eliminateRound({ round: 0, survivors: ['a', 'b'], values: values(retained, gain), objective: pareto, alpha: 0.05 })).toEqual([]);
  });
});
