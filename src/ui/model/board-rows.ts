/**
 * Pure: the leaderboard's rows. Every configuration of the sweep gets a row: ranked ones (from
 * src/analysis) first, then those without a result yet. Each row carries retained accuracy and
 * new-task gain as mean with 95% CI, seeds done, and the difference of means to the same
 * configuration without zapping (zapEvery 0) when the sweep has one.
 */
import { formatValue, parameterPaths, shortNames } from '../../analysis/format.js';
import { GAIN, RETAINED } from '../../analysis/rank.js';
import type { MetricSummary, RankedConfig, ResultsJson } from '../../analysis/types.js';
import type { AxisValue } from '../../spec/schema.js';
import type { Trial } from '../../spec/trial.js';

export interface MetricCell {
  mean: number;
  lo: number;
  hi: number;
  /** CI half-width; null with one seed. */
  half: number | null;
}

export interface BoardRow {
  configId: string;
  /** 1-based rank; null while the configuration has no succeeded trial. */
  rank: number | null;
  pareto: boolean;
  paretoRank: number | null;
  /** Swept values as text, keyed by full path. */
  values: Record<string, string>;
  raw: Record<string, AxisValue>;
  retained: MetricCell | null;
  gain: MetricCell | null;
  seedsDone: number;
  seedsTotal: number;
  /** Mean differences to the zapEvery-0 configuration (null: no such configuration or no result). */
  vsNoZap: { retained: number | null; gain: number | null } | null;
}

export interface Board {
  /** Parameter paths in column order, and their short column names. */
  paths: string[];
  names: string[];
  rows: BoardRow[];
  /** Whether any configuration has a zapEvery-0 twin (show the Δ column). */
  hasBaseline: boolean;
}

export function cell(m: MetricSummary | undefined): MetricCell | null {
  if (!m || !Number.isFinite(m.mean)) return null;
  return m.ci95 ? { mean: m.mean, lo: m.ci95[0], hi: m.ci95[1], half: (m.ci95[1] - m.ci95[0]) / 2 } : { mean: m.mean, lo: m.mean, hi: m.mean, half: null };
}

/** The parameter path of the zap frequency, when swept. */
export function zapPath(paths: readonly string[]): string | undefined {
  return paths.find((p) => p === 'pretrain.zapEvery') ?? paths.find((p) => p.endsWith('zapEvery'));
}

/** A configuration's parameters without the zap frequency, as a key. */
function twinKey(params: Readonly<Record<string, AxisValue>>, zap: string): string {
  return JSON.stringify(Object.keys(params).sort().filter((k) => k !== zap).map((k) => [k, params[k]]));
}

export function buildBoard(results: ResultsJson, trials: readonly Trial[]): Board {
  // 1. Every configuration, in expansion order, with its seed count.
  const configs = new Map<string, { params: Readonly<Record<string, AxisValue>>; seeds: number }>();
  for (const t of trials) {
    const c = configs.get(t.configId);
    if (c) c.seeds++;
    else configs.set(t.configId, { params: t.parameters, seeds: 1 });
  }
  const ranked = new Map<string, RankedConfig>(results.configs.map((c) => [c.configId, c]));
  const paths = [...new Set([...parameterPaths(results.configs), ...[...configs.values()].flatMap((c) => Object.keys(c.params))])];
  const names = shortNames(paths);

  // 2. Baselines: the zapEvery-0 twin of each configuration.
  const zap = zapPath(paths);
  const baselines = new Map<string, string>();
  if (zap) for (const [id, c] of configs) if (c.params[zap] === 0) baselines.set(twinKey(c.params, zap), id);

  // 3. Rows: ranked first (best first), then the rest in expansion order.
  const order = [...results.configs.map((c) => c.configId), ...[...configs.keys()].filter((id) => !ranked.has(id))];
  let hasBaseline = false;
  const rows = order.map((configId): BoardRow => {
    const r = ranked.get(configId);
    const params = r?.parameters ?? configs.get(configId)?.params ?? {};
    const retained = cell(r?.metrics[RETAINED]);
    const gain = cell(r?.metrics[GAIN]);
    let vsNoZap: BoardRow['vsNoZap'] = null;
    const twin = zap && params[zap] !== 0 ? baselines.get(twinKey(params, zap)) : undefined;
    if (twin !== undefined) {
      hasBaseline = true;
      const b = ranked.get(twin);
      const bRetained = cell(b?.metrics[RETAINED]);
      const bGain = cell(b?.metrics[GAIN]);
      vsNoZap = {
        retained: retained && bRetained ? retained.mean - bRetained.mean : null,
        gain: gain && bGain ? gain.mean - bGain.mean : null,
      };
    }
    const values: Record<string, string> = {};
    for (const p of paths) values[p] = formatValue(params[p]);
    return {
      configId,
      rank: r?.rank ?? null,
      pareto: r?.pareto ?? false,
      paretoRank: r?.paretoRank ?? null,
      values,
      raw: { ...params },
      retained,
      gain,
      seedsDone: r?.seeds ?? 0,
      seedsTotal: configs.get(configId)?.seeds ?? r?.seeds ?? 0,
      vsNoZap,
    };
  });
  return { paths, names, rows, hasBaseline };
}
