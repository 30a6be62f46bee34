/**
 * The two models of the GPU bench, as the trainer builds them:
 *   reference  conv32-pool-conv64-pool-conv64-dense64-dense10 (3x3 valid, ReLU, 2x2 max-pool), the
 *              model of BENCHMARKS.md's trainer figures and of STACK.md's measurements;
 *   omniglot   the papers' Omniglot model through the trainer's own createModel: 3 x 256 filters,
 *              instance norm, valid padding, pools [T, T, F], 2304 features, a 1000-way head.
 * gpu_reference.py builds the same two in PyTorch.
 */
import * as tf from '@tensorflow/tfjs';
import { createModel } from '../trainer/model.js';

export type BenchModelName = 'reference' | 'omniglot';

export interface BenchModel {
  readonly classes: number;
  readonly variables: tf.Variable[];
  logits(x: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

/** The reference convnet as plain variables (the trainer bench's model too). */
export function referenceModel(): BenchModel {
  const he = (shape: number[], fanIn: number, seed: number): tf.Variable => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed));
  const zeros = (n: number): tf.Variable => tf.variable(tf.zeros([n]));
  const [k1, b1, k2, b2, k3, b3] = [he([3, 3, 1, 32], 9, 1), zeros(32), he([3, 3, 32, 64], 288, 2), zeros(64), he([3, 3, 64, 64], 576, 3), zeros(64)];
  const [w1, c1, w2, c2] = [he([576, 64], 576, 4), zeros(64), he([64, 10], 64, 5), zeros(10)];
  const conv = (x: tf.Tensor4D, k: tf.Variable, b: tf.Variable): tf.Tensor4D => tf.relu(tf.add<tf.Tensor4D>(tf.conv2d(x, k as tf.Tensor4D, 1, 'valid'), b));
  const variables = [k1, b1, k2, b2, k3, b3, w1, c1, w2, c2];
  return {
    classes: 10,
    variables,
    logits: (x) =>
      tf.tidy(() => {
        let h = tf.maxPool(conv(x, k1, b1), 2, 2, 'valid');
        h = tf.maxPool(conv(h, k2, b2), 2, 2, 'valid');
        h = conv(h, k3, b3);
        const d = tf.relu(tf.add(tf.matMul(tf.reshape(h, [x.shape[0], 576]), w1 as tf.Tensor2D), c1));
        return tf.add(tf.matMul(d, w2 as tf.Tensor2D), c2);
      }),
    dispose: () => tf.dispose(variables),
  };
}

function omniglotModel(): BenchModel {
  const m = createModel({ convBlocks: 3, width: 256, growth: 'constant', norm: 'instance', padding: 'valid', pool: [true, true, false], classes: 1000 }, 1);
  return { classes: 1000, variables: m.variables('all'), logits: (x) => m.logits(x), dispose: () => m.dispose() };
}

export function buildBenchModel(name: BenchModelName): BenchModel {
  return name === 'reference' ? referenceModel() : omniglotModel();
}
