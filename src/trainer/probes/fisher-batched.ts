/**
 * The model's empirical Fisher diagonal from per-example gradients computed for the whole probe
 * batch at once (instead of one backward pass per example, fisher.ts's fisherDiagonal). Exact,
 * because no layer mixes examples (instance norm and pooling are per image):
 *   1. a forward pass with an additive tap e_l (zeros) on each layer's pre-activation output z_l
 *      (conv + bias; the logits) and per-example copies of the instance-norm gamma and beta; one
 *      backward pass of the SUM of the per-example losses gives dl_i/dz_l for every example i;
 *   2. per-example kernel gradients: conv, sum over positions of patch_i(p) x dz_i(p), as a batched
 *      matrix product of im2col patches (a convolution with a one-hot kernel) and dz; dense,
 *      f_i x dz_i, so the mean of squares is (F^2)^T (dZ^2) / N without forming per-example grads;
 *      biases, the sum of dz_i over positions; gamma and beta, their per-example copies' gradients.
 * The forward mirrors model.ts (conv 3x3 stride 1, bias, instance norm, ReLU, max-pool 2x2); the
 * tests check its logits against model.logits and the diagonal against one example at a time.
 */
import * as tf from '@tensorflow/tfjs';
import { instanceNorm, type Model } from '../model.js';
import type { ProbeBatch } from './batch.js';
import type { FisherDiagonal } from './fisher.js';

interface Shape {
  readonly padding: 'same' | 'valid';
  readonly pools: boolean[];
}

function shapeOf(model: Model): Shape {
  const s = model.spec;
  const pools = Array.from({ length: s.convBlocks }, (_, i) => (typeof s.pool === 'object' ? s.pool[i] ?? false : s.pool ?? true));
  return { padding: s.padding ?? 'same', pools };
}

/** What the tapped forward records for the per-example products. */
interface Taps {
  /** Inputs of each conv block (for the patches). */
  inputs: tf.Tensor4D[];
  /** Flattened features (the head's input). */
  features?: tf.Tensor2D;
}

/** [N, side, side, filters] of each conv block's output before its activation (model.ts's sides). */
function tapShapes(model: Model, shape: Shape, n: number): Array<[number, number, number, number]> {
  let side = 28;
  return model.layers.slice(0, -1).map((l, i) => {
    side = shape.padding === 'same' ? side : side - 2;
    const out: [number, number, number, number] = [n, side, side, l.kernel.shape[3] as number];
    if (shape.pools[i]) side = Math.floor(side / 2);
    return out;
  });
}

/** The model's logits with taps; `t` collects the intermediate tensors (kept by the caller's tidy). */
export function tappedLogits(model: Model, shape: Shape, x: tf.Tensor4D, t: Taps, tapValues: readonly tf.Tensor[], normValues: Map<number, { gamma: tf.Tensor; beta: tf.Tensor }>): tf.Tensor2D {
  const convs = model.layers.slice(0, -1);
  const head = model.layer('head');
  let h: tf.Tensor4D = x;
  convs.forEach((l, i) => {
    t.inputs[i] = h;
    let z: tf.Tensor4D = tf.add(tf.add(tf.conv2d(h, l.kernel as tf.Tensor4D, 1, shape.padding), l.bias), tapValues[i] as tf.Tensor);
    const nv = normValues.get(i);
    if (nv !== undefined) z = instanceNorm(z, nv.gamma, nv.beta);
    h = tf.relu(z);
    if (shape.pools[i]) h = tf.maxPool(h, 2, 2, 'valid');
  });
  const f = tf.reshape<tf.Rank.R2>(h, [h.shape[0], model.featureSize]);
  t.features = f;
  return tf.add<tf.Tensor2D>(tf.add(tf.matMul(f, head.kernel as tf.Tensor2D), head.bias), tapValues[convs.length] as tf.Tensor);
}

/** One-hot kernel [3, 3, c, 9c]: a convolution with it gives each position's 3x3xc patch, laid out as a [3, 3, c] kernel is. */
function patchKernel(c: number): tf.Tensor4D {
  const k = new Float32Array(9 * c * 9 * c);
  for (let p = 0; p < 9; p++) for (let ci = 0; ci < c; ci++) k[(p * c + ci) * 9 * c + p * c + ci] = 1;
  return tf.tensor4d(k, [3, 3, c, 9 * c]);
}

export async function modelFisherDiagonal(model: Model, batch: ProbeBatch): Promise<FisherDiagonal> {
  const shape = shapeOf(model);
  const n = batch.count;
  const outputs = model.layer('head').bias.shape[0];
  const convs = model.layers.slice(0, -1);
  const squares = tf.tidy(() => {
    // 1. Taps (zeros shaped as each pre-activation output) and per-example norm parameters; one backward pass.
    const zShapes = tapShapes(model, shape, n);
    const taps = [...zShapes.map((z) => tf.zeros(z)), tf.zeros([n, outputs])];
    const normCopies = new Map(convs.flatMap((l, i) => (l.gamma && l.beta ? [[i, { gamma: tf.tile(tf.reshape(l.gamma, [1, 1, 1, -1]), [n, 1, 1, 1]), beta: tf.tile(tf.reshape(l.beta, [1, 1, 1, -1]), [n, 1, 1, 1]) }]] : [])));
    const normList = [...normCopies.values()].flatMap((v) => [v.gamma, v.beta]);
    // The block inputs and features, from a plain pass (what a gradient pass creates is freed with it).
    const tt: Taps = { inputs: [] };
    const zeros = taps.map(() => tf.scalar(0));
    tappedLogits(model, shape, batch.x, tt, zeros, new Map(convs.flatMap((l, i) => (l.gamma && l.beta ? [[i, { gamma: l.gamma, beta: l.beta }]] : []))));
    const sumLoss = (...args: tf.Tensor[]): tf.Scalar => {
      const tapArgs = args.slice(0, taps.length);
      const normArgs = new Map([...normCopies.keys()].map((k, j) => [k, { gamma: args[taps.length + 2 * j] as tf.Tensor, beta: args[taps.length + 2 * j + 1] as tf.Tensor }]));
      const logits = tappedLogits(model, shape, batch.x, { inputs: [] }, tapArgs, normArgs);
      return tf.mul<tf.Scalar>(tf.losses.softmaxCrossEntropy(tf.oneHot(batch.y, outputs), logits), n);
    };
    const grads = tf.grads(sumLoss)([...taps, ...normList]);
    const out = new Map<string, tf.Tensor>();
    // 2. Per layer: kernels, biases, norm parameters.
    convs.forEach((l, i) => {
      const dz = grads[i] as tf.Tensor4D;
      const [, h, w, cout] = dz.shape;
      const cin = l.kernel.shape[2] as number;
      const patches = tf.conv2d(tt.inputs[i] as tf.Tensor4D, patchKernel(cin), 1, shape.padding);
      const per = tf.matMul(tf.reshape(patches, [n, h * w, 9 * cin]), tf.reshape(dz, [n, h * w, cout]), true, false);
      out.set(l.kernel.name, tf.reshape(tf.mean(tf.square(per), 0), l.kernel.shape));
      out.set(l.bias.name, tf.mean(tf.square(tf.sum(dz, [1, 2])), 0));
      const nc = [...normCopies.keys()].indexOf(i);
      if (nc >= 0 && l.gamma && l.beta) {
        out.set(l.gamma.name, tf.reshape(tf.mean(tf.square(grads[taps.length + 2 * nc] as tf.Tensor), 0), l.gamma.shape));
        out.set(l.beta.name, tf.reshape(tf.mean(tf.square(grads[taps.length + 2 * nc + 1] as tf.Tensor), 0), l.beta.shape));
      }
    });
    const head = model.layer('head');
    const dLogits = grads[convs.length] as tf.Tensor2D;
    out.set(head.kernel.name, tf.div(tf.matMul(tf.square(tt.features as tf.Tensor2D), tf.square(dLogits), true, false), n));
    out.set(head.bias.name, tf.mean(tf.square(dLogits), 0));
    return [...out.entries()].map(([name, v]) => ({ name, v: tf.keep(v) }));
  });
  const diag: FisherDiagonal = new Map();
  try {
    for (const { name, v } of squares) diag.set(name, (await v.data()).slice() as Float32Array);
    return diag;
  } finally {
    tf.dispose(squares.map((s) => s.v));
  }
}
