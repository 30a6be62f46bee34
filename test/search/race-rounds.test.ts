import { describe, expect, it } from 'vitest';
import { raceState } from '../../src/search/race-rounds.js';
import { raceSchema } from '../../src/spec/search-schema.js';
import { jitter, outcomes, universe, type Table } from './fixtures.js';

const pool = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const race = (over: Record<string, unknown> = {}) => raceSchema.parse({ kind: 'race', minSeeds: 3, seedsPerRound: 2, objective: 'newAccAfter', ...over });

/** c0 and c1 tied at the top, the rest 0.3 below; noise ±0.03. */
const planted: Table = (c, s) => (c <= 1 ? 0.8 : 0.5 - 0.01 * c) + 0.03 * jitter(c, s);

function run(table: Table, configs: number, over: Record<string, unknown> = {}, maxTrials = 1000) {
  return raceState({ race: race(over), pool, universe: universe(configs, pool), maxTrials, outcome: outcomes(table) });
}

describe('race rounds', () => {
  const cases: Array<{ name: string; table: Table; configs: number; over?: Record<string, unknown>; maxTrials?: number; end: string; survivors?: string[]; trials?: number }> = [
    { name: 'clear losers go after round 0; the tied pair runs to maxSeeds', table: planted, configs: 6, end: 'max-seeds', survivors: ['c0', 'c1'], trials: 6 * 3 + 2 * 7 },
    { name: 'one survivor ends the race early', table: (c, s) => (c === 0 ? 0.9 : 0.2) + 0.01 * jitter(c, s), configs: 4, end: 'one-survivor', survivors: ['c0'], trials: 12 },
    { name: 'all tied: nobody goes, every seed is spent', table: () => 0.5, configs: 3, end: 'max-seeds', survivors: ['c0', 'c1', 'c2'], trials: 30 },
    { name: 'budget: the round that does not fit whole gets what fits', table: planted, configs: 6, maxTrials: 18 + 2 * 3, end: 'budget', trials: 24 },
    { name: 'budget exhausted exactly: no further round', table: planted, configs: 6, maxTrials: 18, end: 'budget', trials: 18 },
    { name: 'maxSeeds below the pool', table: () => 0.5, configs: 2, over: { maxSeeds: 4 }, end: 'max-seeds', trials: 8 },
    { name: 'failed trials count as settled; a config that never succeeds is out (no-result)', table: (c, s) => (c === 2 ? undefined : 0.5 + 0.01 * jitter(c, s)), configs: 3, end: 'max-seeds', survivors: ['c0', 'c1'] },
  ];
  it.each(cases)('$name', ({ table, configs, over, maxTrials, end, survivors, trials }) => {
    const s = run(table, configs, over, maxTrials);
    expect(s.end).toBe(end);
    if (survivors) expect(s.survivors).toEqual(survivors);
    if (trials !== undefined) expect(s.trials).toHaveLength(trials);
    expect(new Set(s.trials.map((t) => t.trialId)).size).toBe(s.trials.length);
  });

  it('round 0 is the first minSeeds seeds, seed-major, with the universe indexes', () => {
    const s = raceState({ race: race(), pool, universe: universe(3, pool), maxTrials: 1000, outcome: () => undefined });
    expect(s.end).toBeUndefined();
    expect(s.rounds).toBe(1);
    expect(s.trials.map((t) => t.trialId)).toEqual(['c0/s0', 'c1/s0', 'c2/s0', 'c0/s1', 'c1/s1', 'c2/s1', 'c0/s2', 'c1/s2', 'c2/s2']);
    expect(s.trials.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('resume mid-round: the same plan from the same settled trials, nothing planned twice', () => {
    const full = run(planted, 6);
    // Replay with only round 0 and half of round 1 settled: the plan is round 0 + round 1 exactly.
    const round1 = full.trials.slice(18, 22);
    const ran = new Set([...full.trials.slice(0, 18), ...round1.slice(0, 2)].map((t) => t.trialId));
    const mid = raceState({ race: race(), pool, universe: universe(6, pool), maxTrials: 1000, outcome: outcomes(planted, 'newAccAfter', ran) });
    expect(mid.end).toBeUndefined();
    expect(mid.rounds).toBe(2);
    expect(mid.trials.map((t) => t.trialId)).toEqual(full.trials.slice(0, 22).map((t) => t.trialId));
    expect(mid.eliminations).toEqual(full.eliminations.filter((e) => e.round === 0));
  });

  it('NaN metrics are missing values, not zeros', () => {
    const s = run((c, s2) => (c === 1 && s2 === 0 ? Number.NaN : c === 0 ? 0.9 : 0.2) + 0.01 * jitter(c, s2), 2);
    expect(s.eliminations).toMatchObject([{ configId: 'c1', rival: 'c0', seeds: 2 }]);
  });

  it('every elimination says when and why', () => {
    const s = run(planted, 6);
    expect(s.eliminations.map((e) => e.configId).sort()).toEqual(['c2', 'c3', 'c4', 'c5']);
    for (const e of s.eliminations) {
      expect(e).toMatchObject({ round: 0, reason: 'significance', metric: 'newAccAfter', seeds: 3 });
      expect(['c0', 'c1']).toContain(e.rival);
      expect(e.pAdjusted).toBeLessThanOrEqual(0.05);
    }
    expect(s.roundsOf.get('c0')).toBe(s.rounds);
    expect(s.roundsOf.get('c3')).toBe(1);
  });
});
