/** The racing bench's simulation (src/bench/race.ts) as a check of the policy, not of speed. */
import { describe, expect, it } from 'vitest';
import { scenarios, simulate } from '../../src/bench/race.js';

describe('racing on synthetic outcome tables with planted effects', () => {
  it('is deterministic given the seed', () => {
    expect(simulate(scenarios[0]!, 7)).toEqual(simulate(scenarios[0]!, 7));
  });
  it.each(scenarios.map((s) => ({ s, name: s.name })))('$name: the full grid\'s pick in >= 95% of 150 sweeps with at most half the trials', ({ s }) => {
    let same = 0;
    let race = 0;
    let grid = 0;
    for (let k = 0; k < 150; k++) {
      const r = simulate(s, 10_000 + k);
      same += r.sameAsGrid ? 1 : 0;
      race += r.raceTrials;
      grid += r.gridTrials;
    }
    expect(same / 150).toBeGreaterThanOrEqual(0.95);
    expect(race / grid).toBeLessThanOrEqual(0.5);
  });
});
