/** Pure: the fold of a sweep's events plus its trials, as the analysis layer's TrialOutcomes. */
import type { TrialOutcome } from '../analysis/types.js';
import { stageKeyOf } from '../spec/stages.js';
import type { Trial } from '../spec/trial.js';
import { trialPhase, type SweepFold } from './fold.js';

const stageKeys = new WeakMap<Trial, string>();

/** Computed once per trial object (the live view builds outcomes after every start and finish). */
function stageKey(t: Trial): string {
  let key = stageKeys.get(t);
  if (key === undefined) stageKeys.set(t, (key = stageKeyOf(t.experiment, t.seed)));
  return key;
}

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
    let trained = 0;
    for (const a of record?.attempts.values() ?? []) if (a.stage?.origin === 'trained') trained++;
    const origin = record?.succeededAttempt === undefined ? undefined : record.attempts.get(record.succeededAttempt)?.stage?.origin;
    outcome.stage = { key: stageKey(t), trained, ...(origin ? { origin } : {}) };
    const lastFailure = record && [...record.attempts.values()].reverse().find((a) => a.failure)?.failure;
    if (lastFailure && outcome.status !== 'succeeded') outcome.error = lastFailure.message;
    const stop = outcome.status === 'stopped' ? [...(record?.attempts.values() ?? [])].find((a) => a.stop)?.stop : undefined;
    if (stop) outcome.error = stop.message;
    return outcome;
  });
}
