/**
 * Zapping: re-sample the kernels of chosen layers (Kaiming normal, seeded), assigning into the
 * existing variables. Biases, instance-norm parameters and optimizer state (Adam's moments) are
 * NOT reset: the papers' choice.
 */
import * as tf from '@tensorflow/tfjs';
import { kaimingNormal, type Model } from './model.js';

/**
 * Re-samples the kernel of every layer in `layers`. `stream` names the random stream (e.g.
 * `zap:pretrain:3`), so each zap draws fresh, reproducible values.
 */
export function zapLayers(model: Model, layers: readonly string[], seed: number, stream: string): void {
  const targets = layers.map((name) => model.layer(name));
  for (const layer of targets) {
    const fresh = kaimingNormal(seed, `${stream}:${layer.name}`, layer.kernel.shape, layer.fanIn);
    layer.kernel.assign(fresh);
    fresh.dispose();
  }
}

/**
 * Re-initialises the head outputs `outputs` (kernel columns, Kaiming normal like a zap; their
 * biases back to the initial 0), leaving the other outputs untouched. Used before transfer for the
 * new classes.
 */
export function reinitHeadOutputs(model: Model, outputs: readonly number[], seed: number, stream: string): void {
  const head = model.layer('head');
  const [features, classes] = head.kernel.shape as [number, number];
  tf.tidy(() => {
    const mask = new Float32Array(classes);
    for (const j of outputs) mask[j] = 1;
    const chosen = tf.cast(tf.tensor1d(mask), 'bool');
    const fresh = kaimingNormal(seed, stream, [features, classes], head.fanIn);
    head.kernel.assign(tf.where(tf.broadcastTo(chosen, [features, classes]), fresh, head.kernel));
    head.bias.assign(tf.where(chosen, tf.zerosLike(head.bias), head.bias));
  });
}
