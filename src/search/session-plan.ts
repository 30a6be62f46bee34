/**
 * Where a `run`, `resume` or read-only command starts from: the universe (the spec's expansion),
 * the planner, and the trials planned given the log so far. Pure.
 */
import { SweepFold } from '../ledger/fold.js';
import type { Sweep } from '../spec/schema.js';
import type { Trial } from '../spec/trial.js';
import type { TrialEvent } from '../transport/events.js';
import { outcomeOfFold } from './known.js';
import { TrialPlanner, type SearchPlan } from './planner.js';

export interface StartingPlan {
  readonly planner: TrialPlanner;
  readonly plan: SearchPlan;
  /** The trials to hand the controller (grid, random: the whole expansion). */
  readonly trials: readonly Trial[];
}

export function startingPlan(sweep: Sweep, universe: readonly Trial[], events: readonly TrialEvent[]): StartingPlan {
  const fold = new SweepFold();
  fold.applyAll(events);
  return planFromFold(sweep, universe, fold);
}

export function planFromFold(sweep: Sweep, universe: readonly Trial[], fold: SweepFold): StartingPlan {
  const planner = new TrialPlanner(sweep, universe);
  const plan = planner.plan(outcomeOfFold(fold, sweep.spec.budget.retries));
  return { planner, plan, trials: plan.trials };
}
