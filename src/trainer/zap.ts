/**
 * Zapping: re-sample the kernels of chosen layers (seeded), assigning into the existing variables.
 * Options (pretrain.zap* in the spec):
 *   init        kaiming-normal (std sqrt(2 / fan_in), the papers') | glorot-uniform
 *               (limit sqrt(6 / (fan_in + fan_out)))
 *   bias        also set the zapped biases to 0 (default: no, the papers' choice)
 *   optimizer   when given, its state for the zapped weights is zeroed too (Adam's first and
 *               second moments, SGD momentum buffers). Default: no (the papers' choice).
 *   shrinkPerturb  instead of replacing, w <- shrink * w + perturb * fresh (zapped biases, with
 *               `bias`, become shrink * b); absent = re-sample (the papers' zap).
 * Scope: a whole layer (`zapLayers`) or some head outputs (`zapHeadRows`: "rows" in the papers'
 * [classes, features] convention, kernel columns here). Instance-norm parameters are never zapped.
 */
import * as tf from '@tensorflow/tfjs';
import { headOutputs, kaimingNormal, type Layer, type Model } from './model.js';
import { createRng } from './random.js';

export type ZapInit = 'kaiming-normal' | 'glorot-uniform';

export interface ZapOptions {
  readonly init?: ZapInit;
  readonly bias?: boolean;
  readonly optimizer?: tf.Optimizer;
  readonly shrinkPerturb?: { readonly shrink: number; readonly perturb: number };
}

/** The zapped value of weights `w` given a fresh sample (kept by the caller's tidy). */
function zapped(w: tf.Tensor, fresh: tf.Tensor, o: ZapOptions): tf.Tensor {
  const sp = o.shrinkPerturb;
  return sp === undefined ? fresh : tf.add(tf.mul(w, sp.shrink), tf.mul(fresh, sp.perturb));
}

function zappedBias(b: tf.Tensor, o: ZapOptions): tf.Tensor {
  return o.shrinkPerturb === undefined ? tf.zerosLike(b) : tf.mul(b, o.shrinkPerturb.shrink);
}

function fanOut(layer: Layer): number {
  const shape = layer.kernel.shape;
  return layer.name === 'head' ? (shape[1] as number) : 9 * (shape[3] as number);
}

/** Fresh values for `layer`'s whole kernel. */
export function freshKernel(layer: Layer, init: ZapInit, seed: number, stream: string): tf.Tensor {
  const shape = layer.kernel.shape;
  if (init === 'kaiming-normal') return kaimingNormal(seed, stream, shape, layer.fanIn);
  const limit = Math.sqrt(6 / (layer.fanIn + fanOut(layer)));
  const rng = createRng(seed, stream);
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = (rng.next() * 2 - 1) * limit;
  return tf.tensor(values, [...shape]);
}

interface AdamState {
  accumulatedFirstMoment?: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment?: Array<{ originalName: string; variable: tf.Variable } | undefined>;
}

/** Zeroes the optimizer's state for `variable` where `mask` (broadcastable, bool) is true. */
export function resetOptimizerState(optimizer: tf.Optimizer, variable: tf.Variable, mask?: tf.Tensor): void {
  const state = optimizer as unknown as AdamState;
  for (const slots of [state.accumulatedFirstMoment, state.accumulatedSecondMoment]) {
    for (const slot of slots ?? []) {
      if (slot === undefined || !slot.originalName.startsWith(`${variable.name}/`)) continue;
      const v = slot.variable;
      tf.tidy(() => v.assign(mask === undefined ? tf.zerosLike(v) : tf.where(tf.broadcastTo(mask, v.shape), tf.zerosLike(v), v)));
    }
  }
}

/**
 * Re-samples the kernel of every layer in `layers`. `stream` names the random stream (e.g.
 * `zap:pretrain:3`), so each zap draws fresh, reproducible values.
 */
export function zapLayers(model: Model, layers: readonly string[], seed: number, stream: string, o: ZapOptions = {}): void {
  const targets = layers.map((name) => model.layer(name));
  for (const layer of targets) {
    tf.tidy(() => {
      const fresh = freshKernel(layer, o.init ?? 'kaiming-normal', seed, `${stream}:${layer.name}`);
      layer.kernel.assign(zapped(layer.kernel, fresh, o));
      if (o.bias === true) layer.bias.assign(zappedBias(layer.bias, o));
    });
    if (o.optimizer !== undefined) {
      resetOptimizerState(o.optimizer, layer.kernel);
      if (o.bias === true) resetOptimizerState(o.optimizer, layer.bias);
    }
  }
}

/**
 * Re-samples the head outputs `outputs` only (their kernel columns; with `bias`, their biases back
 * to 0), leaving every other output untouched.
 */
export function zapHeadRows(model: Model, outputs: readonly number[], seed: number, stream: string, o: ZapOptions = {}): void {
  const head = model.layer('head');
  const [features, classes] = head.kernel.shape as [number, number];
  tf.tidy(() => {
    const mask = new Float32Array(classes);
    for (const j of outputs) mask[j] = 1;
    const chosen = tf.cast(tf.tensor1d(mask), 'bool');
    const fresh = freshKernel(head, o.init ?? 'kaiming-normal', seed, stream);
    head.kernel.assign(tf.where(tf.broadcastTo(chosen, [features, classes]), zapped(head.kernel, fresh, o), head.kernel));
    if (o.bias === true) head.bias.assign(tf.where(chosen, zappedBias(head.bias, o), head.bias));
    if (o.optimizer !== undefined) {
      resetOptimizerState(o.optimizer, head.kernel, chosen);
      if (o.bias === true) resetOptimizerState(o.optimizer, head.bias, chosen);
    }
  });
}

/**
 * Re-initialises the head outputs `outputs` (kernel columns Kaiming normal like a zap; their
 * biases back to the initial 0). Used before transfer for the new classes.
 */
export function reinitHeadOutputs(model: Model, outputs: readonly number[], seed: number, stream: string): void {
  zapHeadRows(model, outputs, seed, stream, { bias: true });
}

/** Head outputs of `model` (for scope checks). */
export function headSizeOf(model: Model): number {
  return headOutputs(model.spec);
}
