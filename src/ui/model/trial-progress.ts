/** Pure: how far a running trial is, from its latest `progress` event and its experiment. */
import type { Trial } from '../../spec/trial.js';
import type { EventOf } from '../../transport/events.js';

/**
 * Fraction (0..1) of the whole trial: pre-training and transfer weighted by the images they train
 * on (epochs x classes x trainPerClass), each advanced by its phase's step / total.
 */
export function trialFraction(trial: Trial, p: EventOf<'progress'> | undefined): number {
  if (!p) return 0;
  const x = trial.experiment;
  const pre = x.pretrain.epochs * x.dataset.oldClasses.length;
  const tr = x.transfer.epochs * x.dataset.newClasses.length;
  const within = p.total > 0 ? Math.min(1, p.step / p.total) : 0;
  const whole = pre + tr;
  if (whole <= 0) return within;
  return p.phase === 'pretrain' ? (within * pre) / whole : (pre + within * tr) / whole;
}
