/**
 * An optional executor capability (STYLE.md habit 3): a BatchExecutor takes the whole sweep at once
 * and its own scheduler (a Kubernetes Job controller) runs the trials, retries them and reports
 * how each index ended. The controller still folds events from the transport; these reports only
 * tell it about attempts that ended without reporting, and when the sweep is over.
 */
import type { Trial } from '../spec/trial.js';

export interface BatchSubmission {
  readonly sweepId: string;
  /** The spec text as written (shipped to the workers). */
  readonly specText: string;
  readonly trials: readonly Trial[];
  /** expectedTrialDigest of the spec's whole expansion (what each worker checks itself against). */
  readonly digest: string;
  readonly signal: AbortSignal;
  /**
   * An adaptive search (race, halving): `trials` round by round; each round is its own Job shard.
   * Later rounds come through `BatchRun.add`.
   */
  readonly groups?: readonly (readonly Trial[])[];
  /** The spec's whole expansion, when `trials` is only part of it (an adaptive search). */
  readonly universeSize?: number;
}

export type BatchReport =
  /** The scheduler will run this index no more: it succeeded, or failed for good. */
  | { readonly kind: 'index'; readonly index: number; readonly outcome: 'succeeded' | 'failed'; readonly reason?: string }
  /** A pod of this index exists: its attempt (number, and the pod's name as id) may report. */
  | { readonly kind: 'attempt-started'; readonly index: number; readonly attempt: number; readonly attemptId: string }
  /** One attempt ended in failure (its worker may not have said so itself). */
  | { readonly kind: 'attempt-failed'; readonly index: number; readonly attempt: number; readonly exitCode: number | null; readonly disrupted: boolean; readonly message: string }
  /** Something the user should see (adopted a Job, re-listed after 410, ...). */
  | { readonly kind: 'note'; readonly message: string };

export interface BatchRun extends AsyncIterable<BatchReport> {
  /** Stop following the batch (it keeps running in the cluster). */
  close(): Promise<void>;
  /** An adaptive search's next round: submitted as new Job shard(s) (idempotent: adopts them). */
  add?(trials: readonly Trial[]): Promise<void>;
}

export interface BatchExecutor {
  readonly name: string;
  readonly batch: true;
  /** Idempotent: submitting a sweep that is already there adopts it. */
  submit(s: BatchSubmission): Promise<BatchRun>;
}

export function isBatchExecutor(executor: unknown): executor is BatchExecutor {
  return typeof executor === 'object' && executor !== null && (executor as { batch?: unknown }).batch === true && typeof (executor as { submit?: unknown }).submit === 'function';
}
