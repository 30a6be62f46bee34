/** The Executor port: starts one attempt of one trial somewhere, and reports how it ended. */
import type { Trial } from '../spec/trial.js';

export interface LaunchRequest {
  readonly sweepId: string;
  /** A spec file the worker can read (the store's copy). */
  readonly specFile: string;
  readonly trial: Trial;
  readonly attempt: number;
  /** Unique across processes and restarts; the worker stamps it on every event. */
  readonly attemptId: string;
}

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: string | null;
  /** The last lines the worker wrote to stderr, for a failure message. */
  readonly stderrTail: string;
}

export interface RunningAttempt {
  readonly exited: Promise<ExitInfo>;
  /** Ask the worker to stop at its next step (it reports `failed`, cause interrupted or timeout). */
  terminate(): void;
  /** Stop it now. */
  kill(): void;
}

export interface Executor {
  readonly name: string;
  /** How many attempts may run at once. */
  readonly parallelism: number;
  launch(request: LaunchRequest): RunningAttempt;
  /**
   * Pre-training stages idle workers hold in memory. An executor that has it keeps workers between
   * attempts and shares stages (the local worker pool); the controller then orders trials by stage.
   */
  warmStages?(): string[];
  /** Ends what the executor keeps running between attempts (called once, after the last attempt). */
  close?(): Promise<void>;
}
