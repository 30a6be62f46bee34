/**
 * "Best rate" analysis, honestly: the papers judge each configuration at its best transfer
 * learning rate. For each group (every swept parameter but the best-of axis), the value of the
 * axis with the best mean metric is chosen on one set of seeds and reported on another. Pure.
 * Contracts:
 * - selectOn 'half' (default): the group's seeds, ascending, are split: the first floor(n/2)
 *   choose, the other ceil(n/2) report (held out; needs at least 2 seeds);
 *   'all': every seed chooses and reports, the papers' optimistic variant (a maximum over noisy
 *   values is biased upward);
 * - a seed counts for a group only when it succeeded at every value of the axis the group ran, so
 *   each value is chosen on the same seeds; ties go to the earlier value in axis order;
 * - `outcomes` are the report seeds' trials at the chosen value, the best-of axis removed from
 *   their parameters: other analyses (paired comparisons by seed) run on them unchanged.
 */
import type { AxisValue } from '../spec/schema.js';
import { summarize } from './aggregate.js';
import { axisValues, resolveAxis, sweptPaths, valueKey } from './axes.js';
import { AnalysisInputError } from './errors.js';
import { metricDirection, resolveMetric } from './metrics.js';
import type { MetricSummary, TrialOutcome } from './types.js';

export type SelectOn = 'half' | 'all';

export interface BestOfOptions {
  /** Axis name: shorthand or path (e.g. transfer.learningRate). */
  readonly axis: string;
  readonly metric: string;
  readonly selectOn: SelectOn;
}

export interface BestOfChoice {
  /** The group: every other swept parameter. */
  readonly parameters: Record<string, AxisValue>;
  readonly chosen: AxisValue;
  readonly selectSeeds: number[];
  readonly reportSeeds: number[];
  /** Mean metric of each value on the select seeds, in axis order. */
  readonly selection: Array<{ value: AxisValue; mean: number }>;
  /** The metric at the chosen value on the report seeds. */
  readonly reported: MetricSummary;
}

export interface BestOf {
  readonly axis: string;
  readonly metric: string;
  readonly selectOn: SelectOn;
  readonly choices: BestOfChoice[];
  readonly outcomes: TrialOutcome[];
}

export function bestOf(all: readonly TrialOutcome[], options: BestOfOptions): BestOf {
  const outcomes = all.filter((o) => o.status === 'succeeded');
  const axis = resolveAxis(options.axis, outcomes);
  const metric = resolveMetric(options.metric, outcomes);
  const higher = metricDirection(metric) === 'higher';
  const values = axisValues(axis, outcomes);
  const others = sweptPaths(outcomes).filter((p) => p !== axis);
  // 1. Groups, then trials by value and seed.
  const groups = new Map<string, { parameters: Record<string, AxisValue>; cells: Map<string, Map<number, TrialOutcome>> }>();
  for (const o of [...outcomes].sort((a, b) => a.index - b.index)) {
    const v = o.parameters[axis];
    if (v === undefined || o.metrics?.[metric] === undefined) continue;
    const parameters = Object.fromEntries(others.flatMap((p) => (o.parameters[p] === undefined ? [] : [[p, o.parameters[p]]]))) as Record<string, AxisValue>;
    const key = JSON.stringify(others.map((p) => parameters[p] ?? null));
    const g = groups.get(key) ?? { parameters, cells: new Map<string, Map<number, TrialOutcome>>() };
    groups.set(key, g);
    const cell = g.cells.get(valueKey(v)) ?? new Map<number, TrialOutcome>();
    cell.set(o.seed, o);
    g.cells.set(valueKey(v), cell);
  }
  const choices: BestOfChoice[] = [];
  const reduced: TrialOutcome[] = [];
  for (const g of groups.values()) {
    // 2. Seeds complete at every value the group ran, and their split.
    const ran = values.filter((v) => g.cells.has(valueKey(v)));
    const cells = ran.map((v) => g.cells.get(valueKey(v)) as Map<number, TrialOutcome>);
    const seeds = [...(cells[0]?.keys() ?? [])].filter((s) => cells.every((c) => c.has(s))).sort((a, b) => a - b);
    if (seeds.length === 0) continue;
    if (options.selectOn === 'half' && seeds.length < 2) {
      throw new AnalysisInputError(`--best-of: choosing on half the seeds and reporting on the other half needs at least 2 seeds complete at every ${axis} value; a group has ${seeds.length}. Use --select-on all for the papers' (optimistic) variant`);
    }
    const cut = options.selectOn === 'half' ? Math.floor(seeds.length / 2) : seeds.length;
    const selectSeeds = seeds.slice(0, cut);
    const reportSeeds = options.selectOn === 'half' ? seeds.slice(cut) : seeds;
    // 3. Choose on the select seeds, report on the others.
    const valueOf = (cell: Map<number, TrialOutcome>, s: number): number => cell.get(s)?.metrics?.[metric] as number;
    const selection = ran.map((value, i) => ({ value, mean: selectSeeds.reduce((sum, s) => sum + valueOf(cells[i] as Map<number, TrialOutcome>, s), 0) / selectSeeds.length }));
    let best = 0;
    selection.forEach((x, i) => {
      const b = selection[best]?.mean as number;
      if (higher ? x.mean > b : x.mean < b) best = i;
    });
    const chosenCell = cells[best] as Map<number, TrialOutcome>;
    const reportedTrials = reportSeeds.map((s) => chosenCell.get(s) as TrialOutcome);
    choices.push({ parameters: g.parameters, chosen: ran[best] as AxisValue, selectSeeds, reportSeeds, selection, reported: summarize(reportedTrials.map((o) => o.metrics?.[metric] as number)) });
    for (const o of reportedTrials) {
      const { [axis]: _dropped, ...rest } = o.parameters;
      reduced.push({ ...o, parameters: rest });
    }
  }
  if (choices.length === 0) throw new AnalysisInputError(`--best-of: no succeeded trials report ${metric} at a value of ${axis}`);
  return { axis, metric, selectOn: options.selectOn, choices, outcomes: reduced };
}
