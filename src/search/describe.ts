/** One line on what an adaptive search will run (for `validate`): pure. */
import type { Sweep } from '../spec/schema.js';
import type { Trial } from '../spec/trial.js';
import { TrialPlanner } from './planner.js';

/** Undefined for grid and random (their expansion is what runs). */
export function searchPlanLine(sweep: Sweep, universe: readonly Trial[]): string | undefined {
  const search = sweep.spec.search;
  if (search.kind !== 'race' && search.kind !== 'halving') return undefined;
  const first = new TrialPlanner(sweep, universe).plan(() => undefined).trials.length;
  const most = Math.min(universe.length, sweep.spec.budget.maxTrials);
  return search.kind === 'race'
    ? `a race: round 1 runs ${first} trials, the survivors get ${search.seedsPerRound} more seed(s) per round, at most ${most} trials in all`
    : `successive halving: rung 1 runs ${first} trials, the top 1/${search.eta} go on at each rung, at most ${most} trials in all`;
}
