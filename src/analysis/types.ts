/**
 * Input and output types of the analysis layer.
 * Contract: `ResultsJson` is the shape of `zapsweep results <sweepId> -o json` (DESIGN.md, "Results JSON");
 * fields may be added, never renamed or removed.
 */
import type { AxisValue } from '../spec/schema.js';

export type TrialStatus = 'pending' | 'running' | 'succeeded' | 'failed';

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
}

export interface TrialCounts {
  total: number;
  succeeded: number;
  failed: number;
  running: number;
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
  sweep: SweepInfo & { trials: TrialCounts; pretrainings?: PretrainingCounts };
  /** Ordered best first. */
  configs: RankedConfig[];
}
