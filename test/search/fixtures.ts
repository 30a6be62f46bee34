/** Fluent fixtures for the search core: a universe of configurations × seeds and their results. */
import { uniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import type { KnownOutcome } from '../../src/search/race-rounds.js';
import type { Trial } from '../../src/spec/trial.js';
import { experimentSchema } from '../../src/spec/schema.js';

const experiment = experimentSchema.parse({});

/** c0..c{n-1} × seeds, seed-major (as expansion orders them); ids `c<k>/s<seed>`. */
export function universe(configs: number, seeds: readonly number[]): Trial[] {
  const out: Trial[] = [];
  for (const seed of seeds) {
    for (let c = 0; c < configs; c++) {
      out.push({ index: out.length, trialId: `c${c}/s${seed}`, configId: `c${c}`, seed, parameters: { 'pretrain.zapEvery': c }, experiment });
    }
  }
  return out;
}

/** The metric value of config `c` at seed `s`; undefined = that trial failed. */
export type Table = (c: number, s: number) => number | undefined;

/** Outcomes of a table: trials in `ran` (all, by default) settled with `metric`; the rest unknown. */
export function outcomes(table: Table, metric = 'newAccAfter', ran?: ReadonlySet<string>): (trialId: string) => KnownOutcome | undefined {
  return (trialId) => {
    if (ran !== undefined && !ran.has(trialId)) return undefined;
    const [c, s] = trialId.slice(1).split('/s').map(Number);
    const v = table(c ?? 0, s ?? 0);
    return v === undefined ? { settled: true } : { settled: true, metrics: { [metric]: v, retainedAccuracy: v, newTaskGain: v } };
  };
}

/** A deterministic "noise" in [-1, 1] per (config, seed): a seeded generator's first draws. */
export function jitter(c: number, s: number): number {
  let rng = xoroshiro128plus(c * 100_003 + s);
  let v = 0;
  for (let k = 0; k < 3; k++) [v, rng] = uniformIntDistribution(0, 1_000_000, rng);
  return v / 500_000 - 1;
}
