/**
 * Pre-training stages (DESIGN.md "Identity"; docs/proposals/pretrain-sharing.md): a trial's
 * pre-training is determined by everything but `transfer`, and its seed. Trials with the same stage
 * key get the same pre-trained network, so a stage is trained once and shared. The key follows the
 * trial id's canonicalisation (fields equal to their defaults left out), so it survives new fields.
 */
import { shortHash } from './ids.js';
import { experimentIdentity } from './identity.js';
import type { Experiment } from './schema.js';
import type { Trial } from './trial.js';

/** The stage key of an experiment and seed: a short hash of { stage: identity without transfer, seed }. */
export function stageKeyOf(experiment: Experiment, seed: number): string {
  const { transfer: _transfer, ...stage } = experimentIdentity(experiment);
  return shortHash({ stage, seed });
}

export interface Stage {
  readonly key: string;
  /** The trials that share it, in expansion order. */
  readonly trials: readonly Trial[];
}

/** The distinct stages of a sweep's trials, in order of their first trial. */
export function stagesOf(trials: readonly Trial[]): Stage[] {
  const byKey = new Map<string, Trial[]>();
  for (const t of trials) {
    const key = stageKeyOf(t.experiment, t.seed);
    const list = byKey.get(key);
    if (list) list.push(t);
    else byKey.set(key, [t]);
  }
  return [...byKey].map(([key, list]) => ({ key, trials: list }));
}
