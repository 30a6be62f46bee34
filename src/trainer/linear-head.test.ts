import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { LinearHead } from './linear-head.js';
import { makeOptimizer } from './optimizers.js';
import { createRng } from './random.js';

const F = 12;
const O = 5;

function randoms(n: number, stream: string, zeroEvery = 0): Float32Array {
  const rng = createRng(1, stream);
  return Float32Array.from({ length: n }, (_, i) => (zeroEvery > 0 && i % zeroEvery === 0 ? 0 : rng.normal()));
}

describe('LinearHead (plain arrays) agrees with the tfjs head step', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(['sgd', 'adam'] as const)('%s, 6 steps at batch 1', (name) => {
    const kernel = randoms(F * O, 'k');
    const bias = randoms(O, 'b');
    const x = randoms(6 * F, 'x', 3); // some exact zeros, as after a ReLU
    const labels = [0, 3, 1, 4, 4, 2];
    const head = new LinearHead(F, O, kernel.slice(), bias.slice(), name, 0.05);
    const k = tf.variable(tf.tensor2d(kernel, [F, O]));
    const b = tf.variable(tf.tensor1d(bias));
    const opt = makeOptimizer(name, 0.05);
    labels.forEach((label, i) => {
      const ours = head.step(x, i, label);
      const loss = opt.minimize(() => {
        const logits = tf.add(tf.matMul(tf.tensor2d(x.subarray(i * F, (i + 1) * F), [1, F]), k), b);
        return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(tf.tensor1d([label], 'int32'), O), logits);
      }, true, [k, b]);
      expect(ours.loss).toBeCloseTo(loss?.dataSync()[0] as number, 4);
      loss?.dispose();
    });
    const kk = k.dataSync();
    head.kernel.forEach((v, i) => expect(v).toBeCloseTo(kk[i] as number, 4));
    const bb = b.dataSync();
    head.bias.forEach((v, i) => expect(v).toBeCloseTo(bb[i] as number, 4));
    tf.dispose([k, b]);
    opt.dispose();
  });

  it('predicts the argmax of the logits', () => {
    const kernel = new Float32Array(F * O);
    kernel[2 * O + 3] = 1; // feature 2 votes for output 3
    const head = new LinearHead(F, O, kernel, new Float32Array(O), 'sgd', 0.1);
    const x = new Float32Array(2 * F);
    x[2] = 1;
    expect(Array.from(head.predict(x, [0, 1]))).toEqual([3, 0]);
  });
});
