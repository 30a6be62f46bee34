/**
 * The trial planner the controllers consult (docs/racing.md "How it runs"): which trials a sweep
 * holds given what has settled. Grid and random: the whole expansion, at once. Race and halving:
 * the first round, then after each round the next one, until done. Pure; the plan is a function
 * of the spec and the settled outcomes only, so `resume` replays it from the log.
 */
import type { SweepFold } from '../ledger/fold.js';
import { seedList } from '../spec/expand.js';
import type { Sweep } from '../spec/schema.js';
import type { Trial } from '../spec/trial.js';
import { halvingState, type HalvingState } from './halving-rungs.js';
import { outcomeOfFold } from './known.js';
import { raceState, type KnownOutcome, type RaceState } from './race-rounds.js';

export type { KnownOutcome };

export interface SearchPlan {
  /** Every trial the sweep holds so far, in launch order. */
  readonly trials: readonly Trial[];
  /** The plan will not grow any more (it may still be running). */
  readonly done: boolean;
  /** `trials` round by round (race), rung by rung (halving); grid and random: one group. */
  readonly groups: readonly (readonly Trial[])[];
  readonly race?: RaceState;
  readonly halving?: HalvingState;
}

export type OutcomeOf = (trialId: string) => KnownOutcome | undefined;

export class TrialPlanner {
  /** @param universe the sweep's expansion (every trial it may run; search-universe.ts) */
  constructor(
    private readonly sweep: Sweep,
    readonly universe: readonly Trial[],
  ) {}

  /** True for searches whose plan grows (race, halving). */
  get adaptive(): boolean {
    const kind = this.sweep.spec.search.kind;
    return kind === 'race' || kind === 'halving';
  }

  plan(outcome: OutcomeOf): SearchPlan {
    const search = this.sweep.spec.search;
    if (search.kind === 'race') {
      const race = raceState({ race: search, pool: seedList(this.sweep.spec.seeds), universe: this.universe, maxTrials: this.sweep.spec.budget.maxTrials, outcome });
      return { trials: race.trials, groups: race.groups, done: race.end !== undefined, race };
    }
    if (search.kind === 'halving') {
      const halving = halvingState({ halving: search, universe: this.universe, maxTrials: this.sweep.spec.budget.maxTrials, outcome });
      return { trials: halving.trials, groups: halving.groups, done: halving.end !== undefined, halving };
    }
    return { trials: this.universe, groups: [this.universe], done: true };
  }

  /** The planned trials not in `held` (by trial id), in plan order: what a controller appends. */
  next(held: readonly Trial[], outcome: OutcomeOf): Trial[] {
    if (!this.adaptive) return [];
    const known = new Set(held.map((t) => t.trialId));
    return this.plan(outcome).trials.filter((t) => !known.has(t.trialId));
  }
}

/** What `growPlan` needs of the sweep ledger. */
export interface PlanLedger {
  readonly trials: readonly Trial[];
  readonly fold: SweepFold;
  settled(): boolean;
  addTrials(trials: readonly Trial[]): void;
}

/**
 * The controllers' hook: once every trial the ledger holds has settled, append the plan's next
 * round (if any) and say so. Returns the trials added.
 */
export function growPlan(planner: TrialPlanner, ledger: PlanLedger, retries: number, observer?: { note?(message: string): void }): Trial[] {
  if (!planner.adaptive || !ledger.settled()) return [];
  const plan = planner.plan(outcomeOfFold(ledger.fold, retries));
  const held = new Set(ledger.trials.map((t) => t.trialId));
  const more = plan.trials.filter((t) => !held.has(t.trialId));
  if (more.length === 0) return more;
  ledger.addTrials(more);
  observer?.note?.(roundLine(plan, more));
  return more;
}

function roundLine(plan: SearchPlan, more: readonly Trial[]): string {
  const configs = new Set(more.map((t) => t.configId)).size;
  const seeds = [...new Set(more.map((t) => t.seed))];
  if (plan.race) {
    const out = plan.race.eliminations.length;
    return `race round ${plan.race.rounds}: ${configs} configurations left (${out} eliminated so far) get seeds ${seeds.join(', ')}: ${more.length} more trials`;
  }
  return `halving rung ${plan.halving?.rungs ?? '?'}: ${configs} configurations promoted: ${more.length} more trials`;
}
