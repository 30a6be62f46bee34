/**
 * The `search` block of a sweep spec (docs/racing.md): grid, random, race (adaptive seeds) and
 * halving (successive halving over a fidelity path), each with optional early stopping inside a
 * trial. Self-contained (no import of schema.ts, which imports this file).
 * Cross-field checks (minSeeds against maxSeeds and the seed pool, metric names, the fidelity
 * path) live in search-checks.ts.
 */
import { z } from 'zod';

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();
const fraction = z.number().gt(0).lt(1);

/**
 * What a race or halving ranks on: one metric (maximised unless it is a loss or `forgetting`, or
 * `direction` says otherwise), or `pareto`: the two ranking metrics (retainedAccuracy, newTaskGain).
 */
export const objectiveSchema = z.union([
  z.literal('pareto'),
  z.string().min(1),
  z.strictObject({ metric: z.string().min(1), direction: z.enum(['maximize', 'minimize']).optional() }),
]);
export type ObjectiveSpec = z.output<typeof objectiveSchema>;

/** The median stopping rule inside a trial (docs/racing.md "Median stopping"). */
export const stoppingSchema = z.strictObject({
  rule: z.literal('median'),
  /** A curve (`metric` events), e.g. pretrain.oldTestAccuracy; a loss is minimised. */
  metric: z.string().min(1),
  /** The rule applies from this fraction of the curve's steps (as completed trials report them). */
  afterFraction: fraction.default(0.5),
  /** Completed trials needed before anything is stopped. */
  minTrials: positiveInt.default(3),
});
export type StoppingSpec = z.output<typeof stoppingSchema>;

const stopping = { stopping: stoppingSchema.optional() };

export const raceSchema = z.strictObject({
  kind: z.literal('race'),
  /** Seeds every configuration gets in the first round (at least 2: a paired test needs them). */
  minSeeds: z.number().int().min(2).default(3),
  /** The most seeds a configuration gets; default: every seed of `spec.seeds` (the pool). */
  maxSeeds: z.number().int().min(2).optional(),
  seedsPerRound: positiveInt.default(2),
  /** Family-wise error rate of each round's comparisons (Holm). */
  alpha: fraction.default(0.05),
  objective: objectiveSchema.default('pareto'),
  ...stopping,
});
export type RaceSpec = z.output<typeof raceSchema>;

export const fidelitySchema = z.strictObject({
  /** An experiment field that sets a trial's cost, e.g. pretrain.epochs. */
  path: z.string().min(1),
  /** Its values, one per rung, cheapest first. */
  values: z.array(z.number()).min(2),
});

export const halvingSchema = z.strictObject({
  kind: z.literal('halving'),
  fidelity: fidelitySchema,
  /** The top 1/eta of each rung (at least one) is promoted to the next. */
  eta: z.number().int().min(2).default(3),
  objective: objectiveSchema.default('pareto'),
  ...stopping,
});
export type HalvingSpec = z.output<typeof halvingSchema>;

export const searchSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('grid'), ...stopping }),
  z.strictObject({ kind: z.literal('random'), trials: positiveInt, seed: nonNegativeInt.default(0), ...stopping }),
  raceSchema,
  halvingSchema,
]);
export type SearchSpec = z.output<typeof searchSchema>;
