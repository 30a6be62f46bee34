/**
 * Pure: the detail of one configuration: its metrics (mean ± 95% CI), learning curves averaged
 * over its seeds, its zaps, and per-seed values. Curves come from `metric` events of each trial's
 * deciding attempt (the successful one, else the latest).
 */
import type { RankedConfig, ResultsJson } from '../../analysis/types.js';
import { trialPhase, type AttemptState, type SweepFold } from '../../ledger/fold.js';
import type { Trial } from '../../spec/trial.js';
import type { EventOf } from '../../transport/events.js';
import { cell, type MetricCell } from './board-rows.js';
import { latestFisher, PROBE_CURVE, type FisherLatest } from './fisher-latest.js';

/** Curves shown first, in this order; any other reported curve follows, sorted. */
export const CURVE_ORDER = ['pretrain.loss', 'pretrain.oldTestAccuracy', 'transfer.loss', 'transfer.newTestAccuracy', 'transfer.oldTestAccuracy'];
/** Metrics shown first; others follow, sorted. */
export const METRIC_ORDER = ['retainedAccuracy', 'newTaskGain', 'oldAccBefore', 'oldAccAfter', 'newAccBefore', 'newAccAfter', 'forgetting', 'retention'];

export interface SeedRow {
  trialId: string;
  seed: number;
  status: string;
  attempts: number;
  retained?: number;
  gain?: number;
  error?: string;
}

export interface DetailView {
  configId: string;
  rank: number | null;
  pareto: boolean;
  parameters: Record<string, string>;
  metrics: Array<{ name: string; cell: MetricCell; n: number }>;
  /** Mean over seeds per step. */
  curves: Array<{ name: string; values: number[]; last: number }>;
  /** "pretrain 1, 2, 3 (head)" per distinct layer set, with the number of zaps over all seeds. */
  zaps: { count: number; summary: string[] };
  seeds: SeedRow[];
  /** Distinct backends of the seeds' deciding attempts, with the adapter on webgpu. */
  backends: string[];
  /** Probes: the latest Fisher trace per layer (fisher-latest.ts); absent without probes. */
  fisher?: FisherLatest;
}

type Adapter = NonNullable<EventOf<'started'>['adapter']>;

/** "webgpu on nvidia hopper (NVIDIA H200)"; a software adapter says so. */
export function backendText(backend: string, adapter?: Adapter): string {
  if (adapter === undefined) return backend;
  const head = [adapter.vendor, adapter.architecture].filter((s) => s !== '').join(' ') || 'unknown adapter';
  return `${backend} on ${head}${adapter.description === '' ? '' : ` (${adapter.description})`}${adapter.isSoftware ? ', software adapter' : ''}`;
}

function decidingAttempt(fold: SweepFold, trialId: string): AttemptState | undefined {
  const record = fold.trials.get(trialId);
  if (!record) return undefined;
  if (record.succeededAttempt !== undefined) return record.attempts.get(record.succeededAttempt);
  let latest: AttemptState | undefined;
  for (const a of record.attempts.values()) if (!latest || a.attempt > latest.attempt) latest = a;
  return latest;
}

function ordered(names: Iterable<string>, first: readonly string[]): string[] {
  const all = new Set(names);
  return [...first.filter((n) => all.has(n)), ...[...all].filter((n) => !first.includes(n)).sort()];
}

export function buildDetail(configId: string, results: ResultsJson, trials: readonly Trial[], fold: SweepFold, retries: number): DetailView | undefined {
  const mine = trials.filter((t) => t.configId === configId);
  const first = mine[0];
  if (!first) return undefined;
  const ranked: RankedConfig | undefined = results.configs.find((c) => c.configId === configId);
  const parameters: Record<string, string> = {};
  for (const [k, v] of Object.entries(first.parameters)) parameters[k] = Array.isArray(v) ? v.join('+') : String(v);

  // 1. Metrics.
  const metrics = ordered(Object.keys(ranked?.metrics ?? {}), METRIC_ORDER).flatMap((name) => {
    const m = ranked?.metrics[name];
    const c = cell(m);
    return c && m ? [{ name, cell: c, n: m.n }] : [];
  });

  // 2. Curves (mean over seeds at each step) and zaps.
  const sums = new Map<string, Map<number, { sum: number; n: number }>>();
  const zapSets = new Map<string, Set<string>>();
  let zapCount = 0;
  const seeds: SeedRow[] = [];
  const backends = new Set<string>();
  for (const t of mine) {
    const a = decidingAttempt(fold, t.trialId);
    const adapter = a?.adapter;
    if (a?.backend !== undefined) backends.add(backendText(a.backend, adapter));
    const record = fold.trials.get(t.trialId);
    for (const [name, points] of a?.curves ?? []) {
      const byStep = sums.get(name) ?? new Map<number, { sum: number; n: number }>();
      for (const [step, value] of points) {
        const s = byStep.get(step) ?? { sum: 0, n: 0 };
        s.sum += value;
        s.n++;
        byStep.set(step, s);
      }
      sums.set(name, byStep);
    }
    for (const z of a?.zaps ?? []) {
      zapCount++;
      const key = `${z.phase} (${z.layers.join('+')})`;
      const steps = zapSets.get(key) ?? new Set<string>();
      steps.add(String(z.step));
      zapSets.set(key, steps);
    }
    const status = trialPhase(record, retries);
    const row: SeedRow = { trialId: t.trialId, seed: t.seed, status, attempts: record?.attempts.size ?? 0 };
    const retained = a?.metrics?.['retainedAccuracy'];
    const gain = a?.metrics?.['newTaskGain'];
    if (status === 'succeeded' && retained !== undefined) row.retained = retained;
    if (status === 'succeeded' && gain !== undefined) row.gain = gain;
    if (status !== 'succeeded' && a?.failure) row.error = a.failure.message;
    seeds.push(row);
  }
  const curves = ordered([...sums.keys()].filter((n) => !PROBE_CURVE.test(n)), CURVE_ORDER).map((name) => {
    const byStep = [...(sums.get(name) ?? new Map<number, { sum: number; n: number }>()).entries()].sort((x, y) => x[0] - y[0]);
    const values = byStep.map(([, s]) => s.sum / s.n);
    return { name, values, last: values[values.length - 1] ?? Number.NaN };
  });
  const summary = [...zapSets.entries()].map(([key, steps]) => {
    const [phase, layers] = key.split(' ');
    return `${phase ?? ''} epochs ${[...steps].sort((x, y) => Number(x) - Number(y)).join(', ')} ${layers ?? ''}`;
  });
  const fisher = latestFisher(mine.map((t) => decidingAttempt(fold, t.trialId)));
  return { configId, rank: ranked?.rank ?? null, pareto: ranked?.pareto ?? false, parameters, metrics, curves, zaps: { count: zapCount, summary }, seeds, backends: [...backends], ...(fisher ? { fisher } : {}) };
}
