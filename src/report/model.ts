/**
 * What a report shows, computed from a sweep's outcomes: the figures (as Vega-Lite specs), the
 * analyses behind them and notes on figures that were skipped. Pure (no I/O): the bootstrap's
 * generator is passed in.
 * Data contracts for the optional figures (our i.i.d. trainer emits neither yet):
 * - sequential transfer: `metric` events named SEQUENTIAL_CURVE with `step` = classes learned so far
 *   and `value` = test accuracy on the classes learned so far;
 * - per-class forgetting: `finished` metrics named `forgetting.class<N>` (class label N).
 */
import type { RandomGenerator } from 'pure-rand';
import type { TopLevelSpec } from 'vega-lite';
import { summarize } from '../analysis/aggregate.js';
import { AnalysisInputError } from '../analysis/errors.js';
import { formatValue, parameterPaths, shortNames } from '../analysis/format.js';
import { analyzeAxis, type FrequencyAnalysis } from '../analysis/frequency.js';
import { describeGroup } from '../analysis/frequency-text.js';
import type { ResultsJson, TrialOutcome } from '../analysis/types.js';
import { axisShorthands, type AxisValue } from '../spec/schema.js';
import { classesSpec, type ClassesPoint } from './specs/classes.js';
import { frequencySpec, type FrequencyPoint } from './specs/frequency.js';
import { heatmapSpec, type HeatCell } from './specs/heatmap.js';
import { paretoSpec, type ParetoPoint } from './specs/pareto.js';
import { probeFigures } from './probes-model.js';

export const SEQUENTIAL_CURVE = 'seq.accAfterClasses'; // docs/metrics.md (the trainer's name)
export const PER_CLASS_FORGETTING = /^forgetting\.class(\d+)$/;
/** The trainer's per-class accuracy columns (docs/metrics.md): A[i][t] at the checkpoints t >= i. */
export const CLASS_ACCURACY_CURVE = /^seq\.classAccuracy\.(\d+)$/;

/** trialId -> curve name -> [step, value] points (the succeeded attempt's `metric` events). */
export type Curves = ReadonlyMap<string, Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>>;

export interface ReportInput {
  results: ResultsJson;
  outcomes: readonly TrialOutcome[];
  curves: Curves;
  /** Axis of the frequency figures (default zapEvery). */
  axis?: string;
  rng: RandomGenerator;
  resamples?: number;
}

export interface Figure {
  /** File stem: `<name>.svg`, `<name>.png`. */
  name: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

export interface ReportModel {
  results: ResultsJson;
  figures: Figure[];
  analyses: FrequencyAnalysis[];
  /** Why a figure is missing, one sentence each. */
  notes: string[];
}

const FREQUENCY_METRICS = ['retainedAccuracy', 'newTaskGain'] as const;

function configLabel(parameters: Record<string, AxisValue>, paths: readonly string[], names: readonly string[]): string {
  const parts = paths.flatMap((p, i) => (parameters[p] === undefined ? [] : [`${names[i] ?? p}=${formatValue(parameters[p])}`]));
  return parts.length > 0 ? parts.join(' ') : 'all';
}

function frequencyPoints(a: FrequencyAnalysis): FrequencyPoint[] {
  const order = new Map(a.axis.values.map((v, i) => [JSON.stringify(v), i]));
  return a.groups.flatMap((g) =>
    g.levels.map((l) => ({
      x: formatValue(l.value),
      order: order.get(JSON.stringify(l.value)) ?? 0,
      group: describeGroup(g.parameters) || 'all',
      mean: l.summary.mean,
      lo: l.summary.ci95?.[0] ?? l.summary.mean,
      hi: l.summary.ci95?.[1] ?? l.summary.mean,
      n: l.summary.n,
    })),
  );
}

function paretoPoints(results: ResultsJson): ParetoPoint[] {
  const paths = parameterPaths(results.configs);
  const names = shortNames(paths);
  return results.configs.flatMap((c) => {
    const r = c.metrics['retainedAccuracy'];
    const g = c.metrics['newTaskGain'];
    if (!r || !g) return [];
    return [{
      label: configLabel(c.parameters, paths, names), rank: c.rank, front: c.pareto ? 'Pareto front' as const : 'dominated' as const,
      retained: r.mean, retainedLo: r.ci95?.[0] ?? r.mean, retainedHi: r.ci95?.[1] ?? r.mean,
      gain: g.mean, gainLo: g.ci95?.[0] ?? g.mean, gainHi: g.ci95?.[1] ?? g.mean,
    }];
  });
}

/** Mean and CI over seeds of the sequential curve, per configuration and number of classes. */
function classesPoints(outcomes: readonly TrialOutcome[], curves: Curves, label: (o: TrialOutcome) => string): ClassesPoint[] {
  const samples = new Map<string, { config: string; classes: number; values: number[] }>();
  for (const o of outcomes) {
    if (o.status !== 'succeeded') continue;
    for (const [step, value] of curves.get(o.trialId)?.[SEQUENTIAL_CURVE] ?? []) {
      const key = `${o.configId}/${step}`;
      const s = samples.get(key) ?? { config: label(o), classes: step, values: [] };
      s.values.push(value);
      samples.set(key, s);
    }
  }
  return [...samples.values()].map((s) => {
    const m = summarize(s.values);
    return { config: s.config, classes: s.classes, mean: m.mean, lo: m.ci95?.[0] ?? m.mean, hi: m.ci95?.[1] ?? m.mean };
  });
}

/**
 * Per-class forgetting from the sequential curves: for the i-th class learned, its accuracy at the
 * first checkpoint after it was learned minus its accuracy at the end, averaged over seeds.
 */
function curveHeatCells(outcomes: readonly TrialOutcome[], curves: Curves, label: (o: TrialOutcome) => string): HeatCell[] {
  const samples = new Map<string, { config: string; order: number; values: number[] }>();
  for (const o of outcomes) {
    if (o.status !== 'succeeded') continue;
    for (const [name, points] of Object.entries(curves.get(o.trialId) ?? {})) {
      const i = CLASS_ACCURACY_CURVE.exec(name)?.[1];
      if (i === undefined || points.length === 0) continue;
      const sorted = [...points].sort((a, b) => a[0] - b[0]);
      const drop = (sorted[0]?.[1] ?? 0) - (sorted[sorted.length - 1]?.[1] ?? 0);
      const key = `${o.configId}/${i}`;
      const s = samples.get(key) ?? { config: label(o), order: Number(i), values: [] };
      s.values.push(drop);
      samples.set(key, s);
    }
  }
  return [...samples.values()].map((s) => ({ config: s.config, cls: String(s.order), order: s.order, forgetting: summarize(s.values).mean }));
}

function heatCells(results: ResultsJson, label: (parameters: Record<string, AxisValue>) => string): HeatCell[] {
  return results.configs.flatMap((c) =>
    Object.entries(c.metrics).flatMap(([name, m]) => {
      const match = PER_CLASS_FORGETTING.exec(name);
      return match?.[1] === undefined ? [] : [{ config: label(c.parameters), cls: match[1], order: Number(match[1]), forgetting: m.mean }];
    }),
  );
}

/** The experiment path of an axis name (a shorthand such as zapEvery, or a path). */
function axisPathOf(axis: string): string {
  return axisShorthands[axis] ?? axis;
}

export function buildReportModel(input: ReportInput): ReportModel {
  const { results, outcomes, curves } = input;
  const figures: Figure[] = [];
  const analyses: FrequencyAnalysis[] = [];
  const notes: string[] = [];
  const paths = parameterPaths(results.configs);
  const names = shortNames(paths);
  const label = (p: Record<string, AxisValue>): string => configLabel(p, paths, names);

  // 1. Metric against the axis, per group of the other parameters.
  for (const metric of FREQUENCY_METRICS) {
    let a: FrequencyAnalysis;
    try {
      a = analyzeAxis(outcomes, { axis: input.axis ?? 'zapEvery', metric, rng: input.rng, resamples: input.resamples ?? 10_000 });
    } catch (err) {
      if (!(err instanceof AnalysisInputError)) throw err;
      notes.push(`No figure of ${metric} against ${input.axis ?? 'zapEvery'}: ${err.message}.`);
      continue;
    }
    analyses.push(a);
    const groupTitle = a.groupBy.length > 0 ? shortNames(a.groupBy).join(', ') : 'configuration';
    figures.push({
      name: `${metric}-by-${a.axis.name.replaceAll(/[^A-Za-z0-9]+/g, '-')}`,
      title: `${metric} against ${a.axis.name}`,
      caption: `Mean over seeds of ${metric} at each value of ${a.axis.path}, one line per ${groupTitle}; error bars are 95% Student-t CIs over seeds.`,
      spec: frequencySpec(frequencyPoints(a), { title: `${metric} against ${a.axis.name}`, axisTitle: a.axis.name, metricTitle: metric, groupTitle }),
    });
  }

  // 2. The Pareto scatter of the two ranking objectives.
  const pareto = paretoPoints(results);
  if (pareto.length > 0) {
    figures.push({
      name: 'pareto',
      title: 'Retained accuracy against new-task gain',
      caption: 'One point per configuration (labelled with its rank), 95% CIs on both axes; red points are the Pareto front.',
      spec: paretoSpec(pareto, 'Retained accuracy against new-task gain'),
    });
  } else notes.push('No Pareto scatter: no configuration has both retainedAccuracy and newTaskGain.');

  // 3. Sequential transfer: accuracy against classes learned, only when trials report it.
  const seq = classesPoints(outcomes, curves, (o) => label(o.parameters));
  if (seq.length > 0) {
    figures.push({ name: 'accuracy-by-classes-learned', title: 'Accuracy against classes learned', caption: `Mean over seeds of ${SEQUENTIAL_CURVE}, with 95% CI bands.`, spec: classesSpec(seq, 'Accuracy against classes learned') });
  } else {
    notes.push(`No accuracy-against-classes-learned figure: no trial reported the sequential-transfer curve "${SEQUENTIAL_CURVE}" (only sequential transfer produces it).`);
  }

  // 4. Per-class forgetting heatmap, only when trials report per-class metrics.
  const reported = heatCells(results, label);
  const cells = reported.length > 0 ? reported : curveHeatCells(outcomes, curves, (o) => label(o.parameters));
  if (cells.length > 0) {
    const caption = reported.length > 0
      ? 'Mean over seeds of forgetting.class<N> per configuration and class.'
      : 'Mean over seeds, per configuration, of each new class\'s accuracy at the first checkpoint after it was learned minus its accuracy at the end (seq.classAccuracy.<i>; i = order learned).';
    figures.push({ name: 'per-class-forgetting', title: 'Per-class forgetting', caption, spec: heatmapSpec(cells, 'Per-class forgetting') });
  } else {
    notes.push('No per-class forgetting heatmap: no trial reported per-class metrics ("forgetting.class<N>") or sequential per-class curves ("seq.classAccuracy.<i>").');
  }

  // 5. Probes (experiment.probes), only when trials report them.
  const probes = probeFigures(results, outcomes, curves, label, axisPathOf(input.axis ?? 'zapEvery'));
  figures.push(...probes.figures);
  notes.push(...probes.notes);
  return { results, figures, analyses, notes };
}
