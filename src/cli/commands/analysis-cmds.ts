/**
 * `analyze`, `compare`, `export`, `report`: read-only analyses of stored sweeps. Each command
 * loads sweeps with `loadSweepState`, calls the pure analysis layer and prints or writes.
 */
import { xoroshiro128plus } from 'pure-rand';
import { configsToCsv, configsToJson, trialsToCsv, trialsToJson } from '../../analysis/export.js';
import { bestOf, type SelectOn } from '../../analysis/best-of.js';
import { bestOfToCsv, bestOfToJson, formatBestOf } from '../../analysis/best-of-format.js';
import { analyzeAxis } from '../../analysis/frequency.js';
import { adaptiveNote } from '../../analysis/search-format.js';
import { formatFrequency, frequencyToCsv, frequencyToJson, type AnalysisHeader } from '../../analysis/frequency-format.js';
import { comparisonsToCsv, comparisonsToJson, formatComparisons } from '../../analysis/sweep-compare-format.js';
import { compareWithFirst, DEFAULT_COMPARE_METRICS, pairsWithNothingCompared } from '../../analysis/sweep-compare.js';
import { reportHtml, type DataFile } from '../../report/html.js';
import { buildReportModel, type Curves } from '../../report/model.js';
import { probeCurvesCsv } from '../../report/probe-curves.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { NOTHING_COMPARED_EXIT_CODE, REGRESSION_EXIT_CODE } from './analysis-exit-codes.js';
import type { OutputFormat } from '../output.js';
import { loadSweepState, type SweepState } from '../sweep-state.js';

/** Bootstrap resamples; with the fixed default seed the output is the same on every run. */
export const BOOTSTRAP_RESAMPLES = 10_000;

export interface AnalyzeFlags {
  axis?: string;
  metric?: string;
  control?: string;
  output: OutputFormat;
  bootstrapSeed: number;
  /** Judge each configuration at its best value of this axis (analysis/best-of.ts). */
  bestOf?: string;
  selectOn?: SelectOn;
}

export async function loadState(ctx: CliContext, sweepId: string): Promise<SweepState> {
  const state = await loadSweepState(ctx.store, sweepId);
  if (state.malformed > 0) ctx.stderr.write(`note: ${state.malformed} malformed record(s) in the event log of ${sweepId} were skipped\n`);
  const known = new Set(state.trials.map((t) => t.trialId));
  const unknown = [...state.fold.trials.keys()].filter((id) => !known.has(id)).length;
  if (unknown > 0) {
    // Trial ids hash the resolved experiment: a schema change (a new defaulted field) renames every trial.
    ctx.stderr.write(`warning: ${unknown} trial(s) in the event log of ${sweepId} are not in this version's expansion of its spec (the trial ids changed since it ran); they are left out\n`);
  }
  return state;
}

export async function analyzeCommand(ctx: CliContext, sweepId: string, flags: AnalyzeFlags): Promise<number> {
  const state = await loadState(ctx, sweepId);
  if (flags.bestOf !== undefined) return bestOfCommand(ctx, state, flags.bestOf, flags);
  const analysis = analyzeAxis(state.outcomes, {
    axis: flags.axis ?? 'zapEvery',
    metric: flags.metric ?? 'retainedAccuracy',
    ...(flags.control === undefined ? {} : { control: flags.control }),
    rng: xoroshiro128plus(flags.bootstrapSeed),
    resamples: BOOTSTRAP_RESAMPLES,
  });
  const header: AnalysisHeader = {
    sweep: { id: state.record.id, name: state.record.name, status: state.record.status },
    bootstrap: { resamples: BOOTSTRAP_RESAMPLES, seed: flags.bootstrapSeed },
  };
  if (flags.output === 'json') ctx.stdout.write(JSON.stringify(frequencyToJson(analysis, header), null, 2) + '\n');
  else if (flags.output === 'csv') ctx.stdout.write(frequencyToCsv(analysis));
  else ctx.stdout.write(formatFrequency(analysis, header));
  sayAdaptive(ctx, [state], flags.output);
  return 0;
}

/** A raced or halved sweep's results are adaptive: said on stdout under a table, else on stderr. */
function sayAdaptive(ctx: CliContext, states: readonly SweepState[], output: OutputFormat): void {
  for (const s of states) {
    const note = adaptiveNote(s.record.id, s.results);
    if (note !== undefined) (output === 'table' ? ctx.stdout : ctx.stderr).write(`${note}\n`);
  }
}

/**
 * `analyze --best-of <axis>`: each configuration at its best value of the axis (chosen on half the
 * seeds, reported on the others; `--select-on all` is the optimistic variant and says so). With
 * `--axis`, the frequency analysis then runs on the reported trials (paired by seed).
 */
function bestOfCommand(ctx: CliContext, state: SweepState, axis: string, flags: AnalyzeFlags): number {
  const best = bestOf(state.outcomes, { axis, metric: flags.metric ?? 'newAccAfter', selectOn: flags.selectOn ?? 'half' });
  const sweep = { id: state.record.id, name: state.record.name, status: state.record.status };
  const header: AnalysisHeader = { sweep, bootstrap: { resamples: BOOTSTRAP_RESAMPLES, seed: flags.bootstrapSeed } };
  const then = flags.axis === undefined
    ? undefined
    : analyzeAxis(best.outcomes, {
        axis: flags.axis,
        metric: best.metric,
        ...(flags.control === undefined ? {} : { control: flags.control }),
        rng: xoroshiro128plus(flags.bootstrapSeed),
        resamples: BOOTSTRAP_RESAMPLES,
      });
  if (flags.output === 'json') {
    ctx.stdout.write(JSON.stringify({ sweep, bestOf: bestOfToJson(best), ...(then === undefined ? {} : { analysis: frequencyToJson(then, header) }) }, null, 2) + '\n');
  } else if (flags.output === 'csv') {
    ctx.stdout.write(then === undefined ? bestOfToCsv(best) : frequencyToCsv(then));
  } else {
    ctx.stdout.write(formatBestOf(best, sweep));
    if (then !== undefined) ctx.stdout.write(`\non the reported trials (each configuration at its best ${best.axis}):\n${formatFrequency(then, header)}`);
  }
  sayAdaptive(ctx, [state], flags.output);
  return 0;
}

/** Exit code of `compare --fail-on-regression` when a regression was found. */
export { REGRESSION_EXIT_CODE, NOTHING_COMPARED_EXIT_CODE };

export interface CompareFlags {
  metric?: string;
  failOnRegression?: boolean;
  output: OutputFormat;
}

export async function compareCommand(ctx: CliContext, sweepIds: readonly string[], flags: CompareFlags): Promise<number> {
  if (sweepIds.length < 2) throw new UsageError('compare: give at least two sweeps (each is compared with the first)');
  const states = [];
  for (const id of sweepIds) states.push(await loadState(ctx, id));
  const metrics = flags.metric === undefined ? [...DEFAULT_COMPARE_METRICS] : flags.metric.split(',').map((m) => m.trim()).filter((m) => m !== '');
  const pairs = compareWithFirst(
    states.map((s) => ({ id: s.record.id, name: s.record.name, outcomes: s.outcomes })),
    { metrics },
  );
  if (flags.output === 'json') ctx.stdout.write(JSON.stringify(comparisonsToJson(pairs), null, 2) + '\n');
  else if (flags.output === 'csv') ctx.stdout.write(comparisonsToCsv(pairs));
  else ctx.stdout.write(formatComparisons(pairs));
  sayAdaptive(ctx, states, flags.output);
  const regressions = pairs.reduce((n, p) => n + p.counts.regression, 0);
  // A gate that compared nothing must not pass (issue #10): say so, exit non-zero.
  const empty = flags.failOnRegression ? pairsWithNothingCompared(pairs) : [];
  if (empty.length > 0) {
    for (const p of empty) ctx.stderr.write(`compare: nothing was compared between ${p.baseline.id} and ${p.other.id}: no configuration has results in both (exit ${NOTHING_COMPARED_EXIT_CODE})\n`);
    return NOTHING_COMPARED_EXIT_CODE;
  }
  if (flags.failOnRegression && regressions > 0) {
    ctx.stderr.write(`compare: ${regressions} regression${regressions === 1 ? '' : 's'} found (exit ${REGRESSION_EXIT_CODE})\n`);
    return REGRESSION_EXIT_CODE;
  }
  return 0;
}

export interface ExportFlags {
  trials?: boolean;
  configs?: boolean;
  /** Every probe curve (experiment.probes) of each trial's succeeded attempt, one row per point. */
  probeCurves?: boolean;
  output: OutputFormat;
}

export async function exportCommand(ctx: CliContext, sweepId: string, flags: ExportFlags): Promise<number> {
  if ([flags.trials, flags.configs, flags.probeCurves].filter((f) => f === true).length !== 1) throw new UsageError('export: give exactly one of --trials, --configs or --probe-curves');
  // Tables are for other tools: CSV unless JSON was asked for.
  const format = flags.output === 'json' ? 'json' : 'csv';
  if (flags.probeCurves === true && format === 'json') throw new UsageError('export --probe-curves: CSV only (trialId, configId, seed, name, step, value)');
  const state = await loadState(ctx, sweepId);
  if (flags.probeCurves === true) {
    ctx.stdout.write(probeCurvesCsv(state.outcomes, curvesOf(state)));
  } else if (flags.trials) {
    ctx.stdout.write(format === 'json' ? JSON.stringify(trialsToJson(state.results.sweep, state.outcomes), null, 2) + '\n' : trialsToCsv(state.outcomes));
  } else {
    ctx.stdout.write(format === 'json' ? JSON.stringify(configsToJson(state.results), null, 2) + '\n' : configsToCsv(state.results));
  }
  return 0;
}

export interface ReportFlags {
  out: string;
  axis: string;
  bootstrapSeed: number;
}

/** The curves of each trial's succeeded attempt, from the event fold. */
function curvesOf(state: SweepState): Curves {
  const curves = new Map<string, Record<string, Array<[number, number]>>>();
  for (const [trialId, record] of state.fold.trials) {
    const attempt = record.succeededAttempt === undefined ? undefined : record.attempts.get(record.succeededAttempt);
    if (attempt) curves.set(trialId, Object.fromEntries(attempt.curves));
  }
  return curves;
}

export async function reportCommand(ctx: CliContext, sweepId: string, flags: ReportFlags): Promise<number> {
  const state = await loadState(ctx, sweepId);
  if (state.results.configs.length === 0) throw new UsageError(`report: sweep ${sweepId} has no succeeded trials yet`);
  const model = buildReportModel({ results: state.results, outcomes: state.outcomes, curves: curvesOf(state), axis: flags.axis, rng: xoroshiro128plus(flags.bootstrapSeed), resamples: BOOTSTRAP_RESAMPLES });
  // Loaded here, not at the top: vega, vega-lite and resvg take a while to load and no other command needs them.
  const { findFont, writeFigures, writeText } = await import('../../report/render.js');
  const font = findFont();
  if (!font) model.notes.push('No DejaVu Sans font was found (Debian: apt-get install fonts-dejavu-core); PNG text uses whatever system font resvg finds, if any.');
  const files = await writeFigures(flags.out, model.figures, font);
  const data: DataFile[] = [
    { file: 'configs.csv', what: 'one row per configuration, best first, every metric (mean, CI, n)' },
    { file: 'trials.csv', what: 'one row per trial, every parameter and metric' },
    { file: 'results.json', what: 'the results JSON' },
  ];
  await writeText(flags.out, 'configs.csv', configsToCsv(state.results));
  await writeText(flags.out, 'trials.csv', trialsToCsv(state.outcomes));
  await writeText(flags.out, 'results.json', JSON.stringify(state.results, null, 2) + '\n');
  const probeRows = probeCurvesCsv(state.outcomes, curvesOf(state));
  if (probeRows.split('\n').filter((l) => l !== '').length > 1) {
    await writeText(flags.out, 'probe-curves.csv', probeRows);
    data.push({ file: 'probe-curves.csv', what: 'every probe curve (Fisher traces, sharpness, interpolation paths, slices) of each trial, one row per point' });
  }
  for (const a of model.analyses) {
    const file = `analysis-${a.metric.name}.csv`;
    await writeText(flags.out, file, frequencyToCsv(a));
    data.push({ file, what: `${a.metric.name} against ${a.axis.name}: per group and value, with the comparisons against the control` });
  }
  const index = await writeText(flags.out, 'index.html', reportHtml(model, files, data, `Generated by zapsweep report (bootstrap seed ${flags.bootstrapSeed}).`));
  ctx.stdout.write(`${index}: ${files.length} figures (SVG and PNG), ${data.length} data files\n`);
  for (const n of model.notes) ctx.stdout.write(`note: ${n}\n`);
  return 0;
}
