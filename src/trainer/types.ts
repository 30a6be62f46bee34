/**
 * The trainer's port to the outside world. The trainer knows nothing of events, transports or
 * processes: it calls the sink and checks the abort signal between steps.
 */
import { ZapsweepError } from '../errors.js';
export type Phase = 'pretrain' | 'transfer';

export interface TrainerSink {
  /** Called at least once per epoch (end of epoch, with the epoch's mean loss and train accuracy). */
  progress(p: { phase: Phase; step: number; total: number; loss?: number; accuracy?: number }): void;
  /**
   * Called once per zap, after the weights were re-sampled. `step` is the epoch (pretrain).
   * `rows`: the head rows (outputs) zapped, when the head was zapped in part.
   */
  zap(z: { phase: Phase; step: number; layers: string[]; rows?: number[] }): void;
  /** Per-epoch curves and anything else worth plotting, e.g. `pretrain.loss` at step = epoch. */
  metric(m: { name: string; value: number; step?: number }): void;
}

/** The metric set of DESIGN.md; every key is always present in a finished trial. */
export interface TrialMetrics {
  oldAccBefore: number;
  oldAccAfter: number;
  retainedAccuracy: number;
  retention: number;
  forgetting: number;
  newAccBefore: number;
  newAccAfter: number;
  newTaskGain: number;
  [name: string]: number;
}

/** Thrown (or rethrown) when the abort signal fired; the worker reports it as a retryable failure. */
export class TrialAbortedError extends ZapsweepError {
  override readonly name = 'TrialAbortedError';
  constructor(reason?: unknown) {
    super('trial aborted', { cause: reason, retryable: true });
  }
}
