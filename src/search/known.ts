/** What the planner knows of each trial, read from a sweep's event fold. Pure. */
import { trialPhase, type SweepFold } from '../ledger/fold.js';
import type { KnownOutcome } from './race-rounds.js';

/** Settled = succeeded, failed with no retry left, or stopped; metrics of the succeeded attempt. */
export function outcomeOfFold(fold: SweepFold, retries: number): (trialId: string) => KnownOutcome | undefined {
  return (trialId: string): KnownOutcome | undefined => {
    const record = fold.trials.get(trialId);
    if (record === undefined) return undefined;
    const phase = trialPhase(record, retries);
    const settled = phase !== 'pending' && phase !== 'running';
    const metrics = record.succeededAttempt === undefined ? undefined : record.attempts.get(record.succeededAttempt)?.metrics;
    return metrics === undefined ? { settled } : { settled, metrics };
  };
}
