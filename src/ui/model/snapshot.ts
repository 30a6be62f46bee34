/** What the live view shows at one instant: plain data, built by LiveModel.snapshot(now). */
import type { ResultsJson, PretrainingCounts, TrialCounts } from '../../analysis/types.js';
import type { Trial } from '../../spec/trial.js';

export interface SweepHeader {
  id: string;
  name: string;
  executor: string;
  /** The stored status (running, interrupted, completed, failed). */
  status: string;
}

export interface RunningTrial {
  trialId: string;
  index: number;
  configId: string;
  seed: number;
  attempt: number;
  phase: 'pretrain' | 'transfer' | 'starting';
  step: number;
  total: number;
  /** Of the whole trial, 0..1. */
  fraction: number;
  loss?: number;
}

export interface FailureEntry {
  trialId: string;
  index: number;
  configId: string;
  seed: number;
  attempt: number;
  cause: string;
  message: string;
  retryable: boolean;
}

export interface LiveSnapshot {
  sweep: SweepHeader;
  counts: TrialCounts;
  /** Pre-training stages: distinct, trained, reused (results' sweep.pretrainings). */
  pretrainings?: PretrainingCounts;
  elapsedMs: number;
  /** Remaining time at the rate trials ended so far; null before the first one ends. */
  etaMs: number | null;
  paused: boolean;
  stopping: boolean;
  results: ResultsJson;
  /** Every trial of the sweep, in expansion order (for pending configurations and seeds). */
  trials: readonly Trial[];
  running: RunningTrial[];
  /** The latest failures, newest last (bounded); `failureCount` counts all of them. */
  failures: readonly FailureEntry[];
  failureCount: number;
  malformed: number;
  /** The latest log lines of the session (bounded). */
  notes: readonly string[];
  /** Increases with every change; equal versions mean equal snapshots. */
  version: number;
}
