/**
 * Input and output types of the analysis layer.
 * Contract: `ResultsJson` is the shape of `zapsweep results <sweepId> -o json` (DESIGN.md, "Results JSON");
 * fields may be added, never renamed or removed.
 */
import type { AxisValue } from '../spec/schema.js';

/** `stopped`: ended early by a stopping rule (search.stopping); no final metrics, so in no interval. */
export type TrialStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'stopped';

/** One trial as the ResultsStore knows it. `metrics` is the `finished` metric set of the successful attempt. */
export interface TrialOutcome {
  trialId: string;
  configId: string;
  index: number;
  seed: number;
  /** Swept values, keyed by full experiment path (e.g. "pretrain.zapEvery"). */
  parameters: Record<string, AxisValue>;
  status: TrialStatus;
  attempts: number;
  metrics?: Record<string, number>;
  error?: string;
  /**
   * The trial's pre-training stage (src/spec/stages.ts): its key, how many of the trial's attempts
   * trained it, and where the successful attempt's stage came from.
   */
  stage?: { key: string; trained: number; origin?: 'trained' | 'memory' | 'checkpoint' };
}

/** A two-sided 95% confidence interval `[lo, hi]`. */
export type Interval = [lo: number, hi: number];

/** One metric of one configuration, aggregated over its succeeded seeds. */
export interface MetricSummary {
  mean: number;
  /** mean ± t(0.975, n−1)·s/√n; `null` when n < 2 (no variance estimate from one seed). */
  ci95: Interval | null;
  /** Number of succeeded trials that reported this metric. */
  n: number;
}

/** A configuration (a trial's parameters without the seed) aggregated over seeds, before ranking. */
export interface ConfigSummary {
  configId: string;
  parameters: Record<string, AxisValue>;
  /** Number of succeeded seeds. */
  seeds: number;
  /** Every metric name any of its succeeded trials produced. */
  metrics: Record<string, MetricSummary>;
}

/** A ranked configuration in the results JSON. */
export interface RankedConfig extends ConfigSummary {
  /** 1-based position in `configs` (best first). */
  rank: number;
  /** On the Pareto front of (retainedAccuracy, newTaskGain): `paretoRank === 1`. */
  pareto: boolean;
  /** Non-dominated sorting layer, 1 = front; `null` when either objective is missing. */
  paretoRank: number | null;
  /** A raced sweep (search.kind race): the rounds it ran and, if it was eliminated, why. */
  race?: ConfigRace;
  /** A halving sweep: the rung this configuration ran at and whether it was promoted. */
  halving?: ConfigRung;
}

/** Why a raced configuration was eliminated (docs/racing.md). */
export interface RaceElimination {
  /** 0-based round after which it was eliminated. */
  round: number;
  /** significance: a rival beat it (paired t, Holm-adjusted); no-result: no finite objective value. */
  reason: 'significance' | 'no-result';
  rival: string | null;
  metric: string;
  /** rival − this configuration on `metric`, over the seeds both ran. */
  difference: number | null;
  /** (1 − alpha) paired interval of `difference`, not adjusted. */
  ci: Interval | null;
  pAdjusted: number | null;
  seeds: number;
}

export interface ConfigRace {
  /** Rounds this configuration took part in. */
  rounds: number;
  /** Empty for a survivor; else the one elimination. */
  eliminated: RaceElimination[];
}

export interface ConfigRung {
  rung: number;
  /** The fidelity value of that rung (e.g. pretrain.epochs). */
  fidelity: number;
  promoted: boolean;
}

/** An adaptive search's state (race or halving), beside the trial counts. */
export interface SearchInfo {
  kind: 'race' | 'halving';
  /** Rounds (race) or rungs (halving) planned so far. */
  rounds: number;
  /** Why it ended; null while it runs. */
  end: string | null;
  /** The objective as the spec names it (`pareto` or a metric). */
  objective: string;
  /** Race: the configIds still in the race. */
  survivors?: string[];
  /** Race, once ended: the survivor it picks (best mean of the objective; pareto: front, then sum). */
  pick?: string | null;
  /** Always true: which configurations got more seeds depended on the results (docs/racing.md). */
  adaptive: true;
}

/** What an adaptive search adds to the results (built by src/search/report.ts). */
export interface SearchSummary {
  info: SearchInfo;
  race?: ReadonlyMap<string, ConfigRace>;
  halving?: ReadonlyMap<string, ConfigRung>;
}

export interface TrialCounts {
  total: number;
  succeeded: number;
  failed: number;
  running: number;
  /** Trials a stopping rule ended early (search.stopping); present when there are any. */
  stopped?: number;
}

export interface SweepInfo {
  id: string;
  name: string;
  status: string;
}

/**
 * Pre-training stages (docs/proposals/pretrain-sharing.md): how many distinct ones the trials have,
 * how many times one was trained (by any attempt), how many succeeded trials reused one.
 */
export interface PretrainingCounts {
  distinct: number;
  trained: number;
  reused: number;
}

export interface ResultsJson {
  sweep: SweepInfo & { trials: TrialCounts; pretrainings?: PretrainingCounts; search?: SearchInfo };
  /** Ordered best first. */
  configs: RankedConfig[];
}
