/**
 * Expansion: Sweep -> Trial[], pure and deterministic (no I/O, no clock, no Math.random), so a
 * worker finds its trial from the spec and an index alone (DESIGN.md, "Contracts: Identity").
 *
 * Order (the contract every process relies on):
 * 1. Configurations. Grid: the cartesian product of the axes in the order the spec lists them,
 *    the first axis varying slowest (nested loops, first axis outermost); `choice` axes count as
 *    lists. Random: `search.trials` draws (see sample.ts). No axes: one configuration.
 * 2. De-duplication: configurations with equal experiments (same configId) are kept once, at
 *    their first position. Random search may therefore yield fewer than `search.trials`.
 * 3. Seeds: a count n means seeds 0..n-1; a list means those seeds in that order.
 * 4. Trials are seed-major: every configuration with the first seed, then every configuration
 *    with the second seed, ... so a partial sweep covers every configuration early.
 * Budget: `budget.maxTrials` bounds the trials the spec asks for (configurations before
 * de-duplication × seeds); more is a SpecError, raised before anything is built.
 */
import { axisChoices, resolveAxes, setValue, type ResolvedAxis } from './axes.js';
import { bundleEntries, bundleParameter, isBundle, type Bundle } from './bundles.js';
import { valueText } from './labels.js';
import { SpecError, type SpecIssue } from './errors.js';
import { shortHash } from './ids.js';
import { configIdOf, experimentIdentity, trialIdOfIdentity } from './identity.js';
import { sampleConfigurations, type Draw } from './sample.js';
import { universeSweep } from './search-universe.js';
import { experimentSchema, type AxisValue, type Experiment, type Sweep, type SweptValue } from './schema.js';
import type { Trial } from './trial.js';

export interface Configuration {
  /** Short hash of the experiment's identity (its non-default fields; see identity.ts). */
  readonly configId: string;
  /** Swept values keyed by experiment path, in axis order. */
  readonly parameters: Readonly<Record<string, AxisValue>>;
  readonly experiment: Experiment;
}

export interface ExpandOptions {
  /** File named in errors (the loader passes the spec's file). */
  file?: string;
}

/** The seeds a sweep runs, in order. */
export function seedList(seeds: Sweep['spec']['seeds']): number[] {
  return typeof seeds === 'number' ? Array.from({ length: seeds }, (_, i) => i) : [...seeds];
}

/** Trials the spec asks for before de-duplication: configurations × seeds (a race: its first round's seeds). */
export function requestedTrialCount(sweep: Sweep): { configurations: number; seeds: number; trials: number } {
  const { search, parameters, seeds } = sweep.spec;
  const configurations =
    search.kind === 'random'
      ? search.trials
      : Object.values(parameters).reduce((n, axis) => n * (axisChoices(axis)?.length ?? 1), 1);
  // A race asks for its first round up front (minSeeds each); later rounds stop at maxTrials.
  const pool = seedList(seeds).length;
  const seedCount = search.kind === 'race' ? Math.min(search.minSeeds, pool) : pool;
  return { configurations, seeds: seedCount, trials: configurations * seedCount };
}

/** The budget issue of a sweep, if it asks for more trials than `budget.maxTrials`. */
export function budgetIssue(sweep: Sweep, file: string): SpecIssue | undefined {
  const { configurations, seeds, trials } = requestedTrialCount(sweep);
  const max = sweep.spec.budget.maxTrials;
  if (trials <= max) return undefined;
  return {
    file,
    path: 'spec.budget.maxTrials',
    expected: `at most ${max} trials`,
    found: `${trials} trials`,
    message: `the sweep ${sweep.spec.search.kind === 'race' ? "starts its race with" : 'expands to'} ${trials} trials (${configurations} configurations × ${seeds} seeds), more than maxTrials ${max}`,
    suggestion: `raise spec.budget.maxTrials to at least ${trials}, or sweep fewer values or seeds`,
  };
}

/** The distinct configurations of a sweep, in expansion order (steps 1 and 2 above). */
export function expandConfigurations(sweep: Sweep, options: ExpandOptions = {}): Configuration[] {
  const file = options.file ?? '<spec>';
  const over = budgetIssue(sweep, file);
  if (over) throw new SpecError([over]);
  const axes = resolveAxes(universeSweep(sweep));
  const { search } = sweep.spec;
  const draws = search.kind === 'random' ? sampleConfigurations(axes, search.trials, search.seed) : grid(axes);
  const seen = new Set<string>();
  const configurations: Configuration[] = [];
  for (const draw of draws) {
    const configuration = build(sweep, axes, draw, file);
    if (seen.has(configuration.configId)) continue;
    seen.add(configuration.configId);
    configurations.push(configuration);
  }
  return configurations;
}

/** Every trial of a sweep, in the order documented above; `index` is the position. */
export function expand(sweep: Sweep, options: ExpandOptions = {}): Trial[] {
  const configurations = expandConfigurations(sweep, options);
  const trials: Trial[] = [];
  const identities = configurations.map((c) => experimentIdentity(c.experiment));
  for (const seed of seedList(sweep.spec.seeds)) {
    for (const [k, { configId, parameters, experiment }] of configurations.entries()) {
      trials.push({
        index: trials.length,
        trialId: trialIdOfIdentity(identities[k] ?? {}, seed),
        configId,
        seed,
        parameters,
        experiment,
      });
    }
  }
  return trials;
}

/** Short hash of the trial ids in order; a worker compares it with the controller's. */
export function expectedTrialDigest(trials: readonly Pick<Trial, 'trialId'>[]): string {
  return shortHash(trials.map((t) => t.trialId));
}

function grid(axes: readonly ResolvedAxis[]): Draw[] {
  let draws: Draw[] = [[]];
  for (const { key, axis } of axes) {
    const values = axisChoices(axis);
    if (values === undefined) {
      throw new SpecError([{ file: '<spec>', path: `spec.parameters.${key}`, message: 'grid search needs a list of values, found a distribution' }]);
    }
    draws = draws.flatMap((draw) => values.map((value) => [...draw, value]));
  }
  return draws;
}

function build(sweep: Sweep, axes: readonly ResolvedAxis[], draw: Draw, file: string): Configuration {
  // One copy per configuration, set in place (a copy per axis was most of the cost of expansion).
  const raw: unknown = structuredClone(sweep.spec.experiment);
  const parameters: Record<string, AxisValue> = {};
  axes.forEach(({ key, path, segments, bundle }, i) => {
    const value = draw[i] as SweptValue;
    if (bundle === undefined) {
      setValue(raw, segments, value);
      parameters[path] = isBundle(value) ? valueText(value) : value;
      return;
    }
    for (const entry of bundleEntries(value as Bundle, bundle.prefix)) {
      if (!entry.target.ok) throw new SpecError([{ file, path: `spec.parameters.${key}`, message: entry.target.message }]);
      setValue(raw, entry.target.segments, entry.value);
    }
    parameters[key] = bundleParameter(value as Bundle);
  });
  const parsed = experimentSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new SpecError([{ file, path: 'spec.parameters', message: `a configuration is not a valid experiment (${detail})` }]);
  }
  return { configId: configIdOf(parsed.data), parameters, experiment: parsed.data };
}
