/**
 * The protocols' port to the probes (ProtocolContext.probes, absent when the experiment has no
 * `probes`): one awaited call at each probe point. A point is only a notice of where training is;
 * what is measured there is the probes' business (runner.ts). Probes never change the weights,
 * the optimizer or any training random stream.
 */
import type * as tf from '@tensorflow/tfjs';

export type ProbePoint =
  /** End of epoch `step` of the phase (pre-training: before that epoch's zap). */
  | { readonly kind: 'epoch'; readonly phase: 'pretrain' | 'transfer'; readonly step: number; readonly optimizer?: tf.Optimizer }
  /** Just before the zap at `step`. */
  | { readonly kind: 'beforeZap'; readonly step: number }
  /** Just after the zap at `step`: the layers of resetLayers, and the head rows zapped (all of them for a whole-head zap). */
  | { readonly kind: 'afterZap'; readonly step: number; readonly layers: readonly string[]; readonly rows: readonly number[]; readonly optimizer?: tf.Optimizer }
  /** End of pre-training (`step`: its last epoch or episode). */
  | { readonly kind: 'pretrainEnd'; readonly step: number; readonly optimizer?: tf.Optimizer }
  /** Transfer is about to train (its head outputs re-initialised). */
  | { readonly kind: 'transferStart' }
  /** A sequential transfer checkpoint after `step` classes. */
  | { readonly kind: 'checkpoint'; readonly step: number };

export interface ProbeHooks {
  at(point: ProbePoint): Promise<void>;
}
