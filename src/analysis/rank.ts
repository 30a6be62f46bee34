/**
 * The ranking of configurations. Pure and deterministic: the same summaries, in any input order,
 * give the same ranking.
 * Order (best first):
 *   1. Pareto rank on the means of (retainedAccuracy, newTaskGain), both maximised; configurations
 *      missing either metric have no Pareto rank (`null`) and come after all ranked ones;
 *   2. higher retainedAccuracy.mean + newTaskGain.mean, rounded to 12 significant digits so that
 *      floating-point noise (0.8 + 0.3 vs 0.6 + 0.5) is a tie rather than an arbitrary order;
 *   3. higher retainedAccuracy.mean;
 *   4. configId ascending.
 * In steps 2–3 a missing mean counts as −∞. Confidence intervals do not enter the order; they are
 * reported beside it.
 */
import { paretoRanks } from './pareto.js';
import type { ConfigSummary, RankedConfig } from './types.js';

/** The two objectives the ranking maximises, in this order. */
export const RETAINED = 'retainedAccuracy';
export const GAIN = 'newTaskGain';

function objectives(c: ConfigSummary): [number, number] | null {
  const retained = c.metrics[RETAINED]?.mean;
  const gain = c.metrics[GAIN]?.mean;
  if (retained === undefined || gain === undefined || !Number.isFinite(retained) || !Number.isFinite(gain)) return null;
  return [retained, gain];
}

function meanOr(c: ConfigSummary, name: string): number {
  const m = c.metrics[name]?.mean;
  return m !== undefined && Number.isFinite(m) ? m : Number.NEGATIVE_INFINITY;
}

function objectiveSum(c: ConfigSummary): number {
  return Number((meanOr(c, RETAINED) + meanOr(c, GAIN)).toPrecision(12));
}

/** Compares two ranked configurations: negative when `a` is better. */
export function compareRanked(a: RankedConfig, b: RankedConfig): number {
  const pa = a.paretoRank ?? Number.POSITIVE_INFINITY;
  const pb = b.paretoRank ?? Number.POSITIVE_INFINITY;
  if (pa !== pb) return pa - pb;
  const sumA = objectiveSum(a);
  const sumB = objectiveSum(b);
  if (sumA !== sumB) return sumB > sumA ? 1 : -1;
  const ra = meanOr(a, RETAINED);
  const rb = meanOr(b, RETAINED);
  if (ra !== rb) return rb > ra ? 1 : -1;
  return a.configId < b.configId ? -1 : a.configId > b.configId ? 1 : 0;
}

/** Assigns Pareto ranks and 1-based ranks; returns new objects, best first. */
export function rankConfigs(configs: readonly ConfigSummary[]): RankedConfig[] {
  // 1. Pareto ranks of the configurations that have both objectives.
  const points = configs.map(objectives);
  const scored = points.flatMap((p, i) => (p ? [i] : []));
  const layer = paretoRanks(scored.map((i) => points[i] ?? []));
  const paretoRank = new Array<number | null>(configs.length).fill(null);
  scored.forEach((configIndex, k) => (paretoRank[configIndex] = layer[k] ?? null));

  // 2. Order and number.
  const ranked: RankedConfig[] = configs.map((c, i) => {
    const pr = paretoRank[i] ?? null;
    // Key order is the results JSON's: configId, rank, pareto, paretoRank, parameters, seeds, metrics.
    return { configId: c.configId, rank: 0, pareto: pr === 1, paretoRank: pr, parameters: c.parameters, seeds: c.seeds, metrics: c.metrics };
  });
  ranked.sort(compareRanked);
  ranked.forEach((c, i) => (c.rank = i + 1));
  return ranked;
}
