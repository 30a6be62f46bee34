/** Pure: the fold of a sweep's events plus its trials, as the analysis layer's TrialOutcomes. */
import type { TrialOutcome } from '../analysis/types.js';
import type { Trial } from '../spec/trial.js';
import { trialPhase, type SweepFold } from './fold.js';

export function toOutcomes(trials: readonly Trial[], fold: SweepFold, retries: number): TrialOutcome[] {
  return trials.map((t) => {
    const record = fold.trials.get(t.trialId);
    const outcome: TrialOutcome = {
      trialId: t.trialId,
      configId: t.configId,
      index: t.index,
      seed: t.seed,
      parameters: { ...t.parameters },
      status: trialPhase(record, retries),
      attempts: record?.attempts.size ?? 0,
    };
    if (record?.succeededAttempt !== undefined) {
      const metrics = record.attempts.get(record.succeededAttempt)?.metrics;
      if (metrics) outcome.metrics = metrics;
    }
    const lastFailure = record && [...record.attempts.values()].reverse().find((a) => a.failure)?.failure;
    if (lastFailure && outcome.status !== 'succeeded') outcome.error = lastFailure.message;
    const stop = outcome.status === 'stopped' ? [...(record?.attempts.values() ?? [])].find((a) => a.stop)?.stop : undefined;
    if (stop) outcome.error = stop.message;
    return outcome;
  });
}
