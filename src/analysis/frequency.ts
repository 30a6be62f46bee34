/**
 * "Which value of an axis is best?" (DESIGN.md, "Who uses it", 1): for each combination of the other
 * swept parameters (a group), the metric at each axis value (mean, 95% CI, n), the best value and
 * the values tied with it, and paired comparisons against a control value. Pure: randomness comes
 * from the generator passed in (bootstrap), so the same input gives the same output.
 * Contracts:
 * - pairing is by seed (same seed => same data, data order and initial weights); only seeds both
 *   sides succeeded on count; differences are `value − control`;
 * - `ci95` of a comparison is the paired t interval, `bootstrapCi95` the seeded percentile bootstrap;
 * - `pHolm` is Holm-adjusted over the comparisons of one group; `verdict` is `better`/`worse` when
 *   pHolm ≤ alpha (direction from the metric), `tie` otherwise (also when every difference is 0),
 *   `untestable` with < 2 pairs;
 * - a value is tied with the best when the paired t CI of (value − best) contains 0 or is undefined;
 * - the best value is the one with the best mean (ties: the earlier value).
 */
import type { RandomGenerator } from 'pure-rand';
import type { AxisValue } from '../spec/schema.js';
import { summarize } from './aggregate.js';
import { axisValues, resolveAxis, resolveControl, sweptPaths, valueKey } from './axes.js';
import { pairedBootstrapCi } from './bootstrap.js';
import { pairBySeed, pairedT } from './compare.js';
import { holmAdjust } from './holm.js';
import { isImprovement, metricDirection, resolveMetric, type Direction } from './metrics.js';
import type { Interval, MetricSummary, TrialOutcome } from './types.js';

export interface FrequencyOptions {
  /** Axis name: shorthand or path (default "zapEvery"). */
  axis?: string;
  /** Metric name (default "retainedAccuracy"). */
  metric?: string;
  /** The control value as text (default: 0 for zapEvery, else the axis's first value). */
  control?: string;
  /** Family-wise error rate for the Holm-adjusted verdicts (default 0.05). */
  alpha?: number;
  /** Generator for the bootstrap; each comparison uses a clone of it. */
  rng: RandomGenerator;
  /** Bootstrap resamples (default 10 000). */
  resamples?: number;
}

export interface Level {
  value: AxisValue;
  configId: string;
  summary: MetricSummary;
  /** Seeds with a finite value of the metric, ascending. */
  seeds: number[];
}

export type Verdict = 'better' | 'worse' | 'tie' | 'untestable';

export interface ControlComparison {
  value: AxisValue;
  /** Seed pairs used. */
  n: number;
  diff: number;
  ci95: Interval | null;
  bootstrapCi95: Interval | null;
  t: number;
  df: number;
  p: number;
  pHolm: number;
  verdict: Verdict;
}

export interface FrequencyGroup {
  /** The other swept parameters' values (full paths). */
  parameters: Record<string, AxisValue>;
  levels: Level[];
  /** Undefined when no level has a value. */
  best?: { value: AxisValue; mean: number; tiedWith: AxisValue[] };
  /** Against the control, one per other level; empty when the group has no control level. */
  comparisons: ControlComparison[];
  hasControl: boolean;
}

export interface FrequencyAnalysis {
  axis: { name: string; path: string; values: AxisValue[] };
  metric: { name: string; direction: Direction };
  control: AxisValue;
  alpha: number;
  groupBy: string[];
  groups: FrequencyGroup[];
}

const seedMap = (trials: readonly TrialOutcome[], metric: string): Map<number, number> => {
  const m = new Map<number, number>();
  for (const t of trials) {
    const v = t.metrics?.[metric];
    if (t.status === 'succeeded' && v !== undefined && Number.isFinite(v)) m.set(t.seed, v);
  }
  return m;
};

/** Succeeded trials grouped by (other parameters), then by axis value, in first-appearance order. */
function partition(outcomes: readonly TrialOutcome[], axisPath: string, others: readonly string[]): Map<string, { parameters: Record<string, AxisValue>; byValue: Map<string, TrialOutcome[]> }> {
  const groups = new Map<string, { parameters: Record<string, AxisValue>; byValue: Map<string, TrialOutcome[]> }>();
  for (const o of [...outcomes].sort((a, b) => a.index - b.index)) {
    if (o.status !== 'succeeded') continue;
    const axisValue = o.parameters[axisPath];
    if (axisValue === undefined) continue;
    const parameters: Record<string, AxisValue> = {};
    for (const p of others) {
      const v = o.parameters[p];
      if (v !== undefined) parameters[p] = v;
    }
    const key = JSON.stringify(others.map((p) => parameters[p] ?? null));
    const group = groups.get(key) ?? { parameters, byValue: new Map<string, TrialOutcome[]>() };
    groups.set(key, group);
    const list = group.byValue.get(valueKey(axisValue)) ?? [];
    list.push(o);
    group.byValue.set(valueKey(axisValue), list);
  }
  return groups;
}

function better(direction: Direction, a: number, b: number): boolean {
  return direction === 'higher' ? a > b : a < b;
}

function analyzeGroup(
  parameters: Record<string, AxisValue>,
  byValue: Map<string, TrialOutcome[]>,
  values: readonly AxisValue[],
  control: AxisValue,
  metric: string,
  options: FrequencyOptions,
): FrequencyGroup {
  const direction = metricDirection(metric);
  const alpha = options.alpha ?? 0.05;
  // 1. Levels: one per axis value the group ran, in axis order.
  const maps = new Map<string, Map<number, number>>();
  const levels: Level[] = [];
  for (const value of values) {
    const trials = byValue.get(valueKey(value));
    const first = trials?.[0];
    if (!trials || !first) continue;
    const bySeed = seedMap(trials, metric);
    if (bySeed.size === 0) continue;
    maps.set(valueKey(value), bySeed);
    const seeds = [...bySeed.keys()].sort((a, b) => a - b);
    levels.push({ value, configId: first.configId, summary: summarize(seeds.map((s) => bySeed.get(s) ?? Number.NaN)), seeds });
  }
  // 2. The best level and the levels whose paired difference to it is within noise.
  let bestLevel: Level | undefined;
  for (const l of levels) if (!bestLevel || better(direction, l.summary.mean, bestLevel.summary.mean)) bestLevel = l;
  let best: FrequencyGroup['best'];
  if (bestLevel) {
    const bestMap = maps.get(valueKey(bestLevel.value)) ?? new Map<number, number>();
    const tiedWith = levels
      .filter((l) => l !== bestLevel)
      .filter((l) => {
        const pair = pairBySeed(bestMap, maps.get(valueKey(l.value)) ?? new Map<number, number>());
        const ci = pair.seeds.length >= 2 ? pairedT(pair.control, pair.treatment).ci : null;
        return ci === null || (ci[0] <= 0 && ci[1] >= 0);
      })
      .map((l) => l.value);
    best = { value: bestLevel.value, mean: bestLevel.summary.mean, tiedWith };
  }
  // 3. Paired comparisons against the control, Holm-adjusted within the group.
  const controlMap = maps.get(valueKey(control));
  const raw = controlMap
    ? levels
        .filter((l) => valueKey(l.value) !== valueKey(control))
        .map((l) => {
          const pair = pairBySeed(controlMap, maps.get(valueKey(l.value)) ?? new Map<number, number>());
          const r = pairedT(pair.control, pair.treatment);
          const boot = pairedBootstrapCi(pair.control, pair.treatment, options.rng, { resamples: options.resamples ?? 10_000 });
          return { value: l.value, n: pair.seeds.length, diff: r.diff, ci95: r.ci, bootstrapCi95: boot, t: r.t, df: r.df, p: r.n >= 2 ? r.p : Number.NaN };
        })
    : [];
  const adjusted = holmAdjust(raw.map((c) => c.p));
  const comparisons = raw.map((c, i): ControlComparison => {
    const pHolm = adjusted[i] ?? Number.NaN;
    // Identical values on both sides (no variance, no difference) give no p: a tie, not untestable.
    const verdict: Verdict = c.n < 2 ? 'untestable' : Number.isNaN(pHolm) || pHolm > alpha ? 'tie' : isImprovement(metric, c.diff) ? 'better' : 'worse';
    return { ...c, pHolm, verdict };
  });
  return { parameters, levels, ...(best ? { best } : {}), comparisons, hasControl: controlMap !== undefined };
}

/** The analysis of one metric against one axis, per group of the other swept parameters. */
export function analyzeAxis(outcomes: readonly TrialOutcome[], options: FrequencyOptions): FrequencyAnalysis {
  const metric = resolveMetric(options.metric ?? 'retainedAccuracy', outcomes);
  const axisName = options.axis ?? 'zapEvery';
  const path = resolveAxis(axisName, outcomes);
  const values = axisValues(path, outcomes);
  const control = resolveControl(path, values, options.control);
  const others = sweptPaths(outcomes).filter((p) => p !== path);
  const groups = [...partition(outcomes, path, others).values()].map((g) => analyzeGroup(g.parameters, g.byValue, values, control, metric, options));
  return {
    axis: { name: axisName, path, values },
    metric: { name: metric, direction: metricDirection(metric) },
    control,
    alpha: options.alpha ?? 0.05,
    groupBy: others,
    groups,
  };
}
