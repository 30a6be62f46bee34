/**
 * The report's probe figures (issue #16), from the trials' `metric` events (docs/metrics.md
 * "Probes"): Fisher trace per layer and sharpness over pre-training, the interpolation paths, and
 * the 2-D loss slice of the best and the never-zap configuration side by side. Mean and 95% CI over
 * a configuration's seeds at each step. Zap markers come from the probes' own after-zap points
 * (`fisher.zappedShare`, `*.afterZap`), which exist exactly at the zap epochs. Pure.
 */
import { summarize } from '../analysis/aggregate.js';
import type { ResultsJson, TrialOutcome } from '../analysis/types.js';
import type { AxisValue } from '../spec/schema.js';
import type { Curves, Figure } from './model.js';
import { interpolationSpec, overTrainingSpec, sliceSpec, type PathPoint, type SeriesPoint, type SliceCell, type ZapMark } from './specs/probes.js';

const FISHER = /^fisher\.trace\.(conv\d+|head|total)(\.afterZap)?$/;
const SHARPNESS = /^sharpness\.top(\.afterZap)?$/;
const INTERP = /^landscape\.interp\.([A-Za-z0-9]+)\.loss$/;
const SLICE = 'landscape.slice.loss';
const SLICE_SPAN = 'landscape.slice.span';
const ZAP_MARKERS = /^(fisher\.zappedShare|.*\.afterZap)$/;

type Label = (parameters: Record<string, AxisValue>) => string;

/** step samples per (config, series, when), summarised. */
function seriesPoints(outcomes: readonly TrialOutcome[], curves: Curves, label: Label, match: (name: string) => { series: string; when: SeriesPoint['when'] } | undefined): SeriesPoint[] {
  const samples = new Map<string, { config: string; series: string; when: SeriesPoint['when']; step: number; values: number[] }>();
  for (const o of succeeded(outcomes)) {
    for (const [name, points] of Object.entries(curves.get(o.trialId) ?? {})) {
      const m = match(name);
      if (m === undefined) continue;
      for (const [step, value] of points) {
        const key = `${o.configId}/${m.series}/${m.when}/${step}`;
        const s = samples.get(key) ?? { config: label(o.parameters), series: m.series, when: m.when, step, values: [] };
        s.values.push(value);
        samples.set(key, s);
      }
    }
  }
  return [...samples.values()].map(({ values, ...s }) => {
    const m = summarize(values);
    return { ...s, mean: m.mean, lo: m.ci95?.[0] ?? m.mean, hi: m.ci95?.[1] ?? m.mean };
  });
}

function succeeded(outcomes: readonly TrialOutcome[]): TrialOutcome[] {
  return outcomes.filter((o) => o.status === 'succeeded');
}

/** The zap epochs of each configuration (from its first trial that has after-zap points), per series. */
function zapMarks(outcomes: readonly TrialOutcome[], curves: Curves, label: Label, series: readonly string[]): ZapMark[] {
  const byConfig = new Map<string, Set<number>>();
  for (const o of succeeded(outcomes)) {
    const config = label(o.parameters);
    for (const [name, points] of Object.entries(curves.get(o.trialId) ?? {})) {
      if (!ZAP_MARKERS.test(name)) continue;
      const steps = byConfig.get(config) ?? new Set<number>();
      for (const [step] of points) steps.add(step);
      byConfig.set(config, steps);
    }
  }
  return [...byConfig].flatMap(([config, steps]) => [...steps].flatMap((step) => series.map((s) => ({ config, series: s, step }))));
}

/** The configurations whose slice is drawn: the best ranked, and the never-zap one (or the next best). */
function sliceConfigs(results: ResultsJson, axisPath: string, withSlice: ReadonlySet<string>): string[] {
  const ranked = results.configs.filter((c) => withSlice.has(c.configId));
  const best = ranked[0];
  if (best === undefined) return [];
  const never = ranked.find((c) => c !== best && c.parameters[axisPath] === 0) ?? ranked.find((c) => c !== best);
  return never === undefined ? [best.configId] : [best.configId, never.configId];
}

function sliceCells(outcomes: readonly TrialOutcome[], curves: Curves, configIds: readonly string[], label: Label, tag: (configId: string) => string): SliceCell[] {
  const cells: SliceCell[] = [];
  for (const configId of configIds) {
    const trials = succeeded(outcomes).filter((o) => o.configId === configId && (curves.get(o.trialId)?.[SLICE]?.length ?? 0) > 0);
    const first = trials[0];
    if (first === undefined) continue;
    const n = curves.get(first.trialId)?.[SLICE]?.length ?? 0;
    const grid = Math.round(Math.sqrt(n));
    const span = curves.get(first.trialId)?.[SLICE_SPAN]?.[0]?.[1] ?? 1;
    const coord = (i: number): number => -span + (2 * span * i) / (grid - 1);
    for (let idx = 0; idx < grid * grid; idx++) {
      const values = trials.flatMap((o) => (curves.get(o.trialId)?.[SLICE] ?? []).filter(([s]) => s === idx).map(([, v]) => v));
      if (values.length === 0) continue;
      cells.push({ config: `${tag(configId)}: ${label(first.parameters)}`, a: coord(idx % grid), b: coord(Math.floor(idx / grid)), loss: summarize(values).mean });
    }
  }
  return cells;
}

/** The probe figures, and a note for each that had no data while probes were present. */
export function probeFigures(results: ResultsJson, outcomes: readonly TrialOutcome[], curves: Curves, label: Label, axisPath: string): { figures: Figure[]; notes: string[] } {
  const figures: Figure[] = [];
  const notes: string[] = [];
  // 1. Fisher trace per layer over pre-training.
  const fisher = seriesPoints(outcomes, curves, label, (name) => {
    const m = FISHER.exec(name);
    return m?.[1] === undefined ? undefined : { series: m[1], when: m[2] === undefined ? 'trained' : 'after zap' };
  });
  const layers = [...new Set(fisher.map((p) => p.series))];
  if (fisher.length > 0) {
    figures.push({
      name: 'fisher-trace',
      title: 'Fisher information (trace of the diagonal) per layer over pre-training',
      caption: 'fisher.trace.<layer>: mean over seeds of the empirical Fisher diagonal\'s trace on the probe batch at each epoch end (line, 95% CI band; log scale), hollow diamonds just after each zap, dashed rules at the zap epochs.',
      spec: overTrainingSpec(fisher, zapMarks(outcomes, curves, label, layers), { title: 'Fisher trace per layer (log scale)', yTitle: 'trace of the Fisher diagonal', log: true }),
    });
  }
  // 2. Sharpness over pre-training.
  const sharp = seriesPoints(outcomes, curves, label, (name) => {
    const m = SHARPNESS.exec(name);
    return m === null ? undefined : { series: 'top Hessian eigenvalue', when: m[1] === undefined ? 'trained' : 'after zap' };
  });
  if (sharp.length > 0) {
    figures.push({
      name: 'sharpness',
      title: 'Sharpness over pre-training',
      caption: 'sharpness.top: mean over seeds of the top Hessian eigenvalue of the probe-batch loss (power iteration) at each epoch end, 95% CI band; hollow diamonds just after each zap, dashed rules at the zap epochs.',
      spec: overTrainingSpec(sharp, zapMarks(outcomes, curves, label, ['top Hessian eigenvalue']), { title: 'Sharpness: top Hessian eigenvalue of the probe-batch loss', yTitle: 'top Hessian eigenvalue', log: false }),
    });
  }
  // 3. Interpolation paths.
  const paths: PathPoint[] = seriesPoints(outcomes, curves, label, (name) => {
    const pair = INTERP.exec(name)?.[1];
    return pair === undefined ? undefined : { series: pair, when: 'trained' };
  }).map((p) => ({ config: p.config, pair: pair(p.series), t: p.step, mean: p.mean, lo: p.lo, hi: p.hi }));
  if (paths.length > 0) {
    const last = new Map<string, number>();
    for (const p of paths) last.set(p.pair, Math.max(last.get(p.pair) ?? 0, p.t));
    const scaled = paths.map((p) => ({ ...p, t: p.t / Math.max(last.get(p.pair) ?? 1, 1) }));
    figures.push({
      name: 'interpolation',
      title: 'Loss along the straight line between weight snapshots',
      caption: 'landscape.interp.<pair>.loss: mean over seeds (95% CI band) of the probe-batch loss at w(t) = (1 - t) a + t b. zap: a just before the first zap, b one epoch later (old classes); transfer: a at the start of transfer, b at its end (new classes).',
      spec: interpolationSpec(scaled, 'Interpolation between snapshots'),
    });
  }
  // 4. The slice: best and never-zap configuration side by side.
  const withSlice = new Set(succeeded(outcomes).filter((o) => (curves.get(o.trialId)?.[SLICE]?.length ?? 0) > 0).map((o) => o.configId));
  const chosen = sliceConfigs(results, axisPath, withSlice);
  if (chosen.length > 0) {
    const tag = (id: string): string => (id === chosen[0] ? 'best' : results.configs.find((c) => c.configId === id)?.parameters[axisPath] === 0 ? 'never zap' : 'next best');
    figures.push({
      name: 'landscape-slice',
      title: 'Loss landscape around the pre-trained weights',
      caption: 'landscape.slice.loss: probe-batch loss (old classes, mean over seeds) on a grid along two seeded filter-normalised random directions (Li et al. 2018) around the weights at the end of pre-training, the best-ranked configuration beside the never-zap one (log colour scale).',
      spec: sliceSpec(sliceCells(outcomes, curves, chosen, label, tag), 'Loss slice at the end of pre-training'),
    });
  }
  if (figures.length === 0 && succeeded(outcomes).some((o) => Object.keys(o.metrics ?? {}).includes('probes.seconds'))) {
    notes.push('No probe figures: the trials ran probes but reported no fisher, sharpness, interpolation or slice curves.');
  }
  return { figures, notes };
}

function pair(name: string): string {
  return name === 'zap' ? 'zap: before the first zap -> one epoch later' : name === 'transfer' ? 'transfer: start -> end' : name;
}
