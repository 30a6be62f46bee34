/**
 * The rounds of a race, replayed from what is known (docs/racing.md "Racing"). Pure and
 * deterministic: the same spec and the same settled trials give the same plan, so a resumed
 * controller makes the same decisions and reruns nothing.
 * 1. Round 0: every configuration with the pool's first `minSeeds` seeds.
 * 2. A round is complete when each of its trials has settled (succeeded, failed out of retries,
 *    or stopped); only then are its eliminations decided (eliminate.ts), on every seed so far.
 * 3. The survivors get the pool's next `seedsPerRound` seeds, until one survivor is left, they
 *    have `maxSeeds` seeds, or `budget.maxTrials` leaves no room (a round that does not fit whole
 *    gets as many seeds as fit for every survivor).
 * Trials are taken from the universe (search-universe.ts): each keeps its grid index and id.
 */
import type { RaceSpec } from '../spec/search-schema.js';
import type { Trial } from '../spec/trial.js';
import { bestOf, eliminateRound, type Elimination, type SeedValues } from './eliminate.js';
import { objectiveMetrics, resolveObjective } from './objective.js';

export type RaceEnd = 'one-survivor' | 'max-seeds' | 'budget';

/** What the plan needs to know of a trial. */
export interface KnownOutcome {
  readonly settled: boolean;
  /** The finished metrics of a succeeded trial. */
  readonly metrics?: Readonly<Record<string, number>>;
}

export interface RaceInput {
  readonly race: RaceSpec;
  /** spec.seeds in order. */
  readonly pool: readonly number[];
  /** The universe: configurations × seeds. */
  readonly universe: readonly Trial[];
  readonly maxTrials: number;
  readonly outcome: (trialId: string) => KnownOutcome | undefined;
}

export interface RaceState {
  /** Every trial planned so far, round by round (within a round seed-major, as expansion). */
  readonly trials: Trial[];
  /** Rounds planned (the last may still be running). */
  readonly rounds: number;
  /** The planned trials round by round (Kubernetes: one Job shard per round). */
  readonly groups: Trial[][];
  /** Why the race ended; undefined while a round is still running. */
  readonly end: RaceEnd | undefined;
  readonly survivors: string[];
  readonly eliminations: Elimination[];
  /** Per configuration: the rounds it took part in. */
  readonly roundsOf: ReadonlyMap<string, number>;
  /** Once the race has ended: the survivor it picks (the best by the objective's means). */
  readonly pick: string | undefined;
}

export function raceState(input: RaceInput): RaceState {
  const { race, universe } = input;
  const maxSeeds = Math.min(race.maxSeeds ?? input.pool.length, input.pool.length);
  const configIds = [...new Set(universe.map((t) => t.configId))];
  const cell = new Map(universe.map((t) => [`${t.configId}/${t.seed}`, t]));
  const objective = resolveObjective(race.objective);
  const trials: Trial[] = [];
  const eliminations: Elimination[] = [];
  const roundsOf = new Map<string, number>();
  const groups: Trial[][] = [];
  let survivors = configIds;
  let used = 0;
  const add = (count: number): void => {
    const group: Trial[] = [];
    for (const seed of input.pool.slice(used, used + count)) {
      for (const c of survivors) {
        const t = cell.get(`${c}/${seed}`);
        if (t !== undefined) group.push(t);
      }
    }
    trials.push(...group);
    groups.push(group);
    used += count;
    for (const c of survivors) roundsOf.set(c, (roundsOf.get(c) ?? 0) + 1);
  };
  let values: (configId: string, metric: string) => SeedValues = () => new Map();
  const state = (rounds: number, end: RaceEnd | undefined): RaceState => ({
    trials, rounds, groups, end, survivors, eliminations, roundsOf, pick: end === undefined ? undefined : bestOf(survivors, values, objective),
  });

  // 1. round 0
  add(Math.min(race.minSeeds, maxSeeds));
  for (let round = 0; ; round++) {
    // 2. complete?
    const known = trials.map((t) => input.outcome(t.trialId));
    if (!known.every((k) => k?.settled === true)) return state(round + 1, undefined);
    const table = new Map<string, Map<number, number>>();
    trials.forEach((t, i) => {
      for (const [metric, v] of Object.entries(known[i]?.metrics ?? {})) {
        if (!Number.isFinite(v)) continue;
        const key = `${t.configId}/${metric}`;
        let byseed = table.get(key);
        if (byseed === undefined) table.set(key, (byseed = new Map<number, number>()));
        byseed.set(t.seed, v);
      }
    });
    const none: SeedValues = new Map();
    values = (configId: string, metric: string): SeedValues => table.get(`${configId}/${metric}`) ?? none;
    const gone = eliminateRound({ round, survivors, values, objective, alpha: race.alpha });
    eliminations.push(...gone);
    const out = new Set(gone.map((e) => e.configId));
    survivors = survivors.filter((c) => !out.has(c));
    // 3. another round?
    if (survivors.length <= 1) return state(round + 1, 'one-survivor');
    if (used >= maxSeeds) return state(round + 1, 'max-seeds');
    const fit = Math.floor((input.maxTrials - trials.length) / survivors.length);
    const next = Math.min(race.seedsPerRound, maxSeeds - used, fit);
    if (next <= 0) return state(round + 1, 'budget');
    add(next);
  }
}

/** The metrics the race reads (for callers that prefetch). */
export function raceMetrics(race: RaceSpec): readonly string[] {
  return objectiveMetrics(resolveObjective(race.objective));
}
