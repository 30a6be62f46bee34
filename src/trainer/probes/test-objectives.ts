/** Objectives with known answers, and tiny probe data, for the probes' tests (not used by production code). */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/dataset.js';
import { PIXELS } from '../data/dataset.js';
import { createRng } from '../random.js';
import type { Objective } from './objective.js';

/** `count` seeded random images with labels cycling through `classes`. */
export function randomImages(count: number, classes: number, stream = 'images'): ImageSet {
  const rng = createRng(7, stream);
  return {
    images: Float32Array.from({ length: count * PIXELS }, () => rng.next()),
    labels: Int32Array.from({ length: count }, (_, i) => i % classes),
    count,
  };
}

/**
 * Least squares on a linear map, loss = 0.5 * mean_i (x_i . w - y_i)^2, whose Hessian is X^T X / n.
 * X = D Q: rows are scaled unit vectors (scales `s`, each used twice) rotated by a Householder
 * reflection Q, so the Hessian's eigenvalues are exactly 2 s_j^2 / n.
 */
export function leastSquares(s: readonly number[]): { objective: Objective; w: tf.Variable; eigenvalues: number[]; dispose(): void } {
  const d = s.length;
  const n = 2 * d;
  const u = Array.from({ length: d }, (_, j) => 1 + j * 0.37);
  const uu = u.reduce((a, x) => a + x * x, 0);
  const q = (r: number, c: number): number => (r === c ? 1 : 0) - (2 * (u[r] as number) * (u[c] as number)) / uu;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) rows.push((s[i % d] as number) * q(i % d, c));
  const x = tf.tensor2d(rows, [n, d]);
  const y = tf.tensor2d(Array.from({ length: n }, (_, i) => Math.sin(i)), [n, 1]);
  const w = tf.variable(tf.tensor2d(Array.from({ length: d }, (_, j) => 0.1 * j), [d, 1]));
  const loss = (): tf.Scalar => tf.tidy(() => tf.mul(0.5, tf.mean(tf.square(tf.sub(tf.matMul(x, w), y)))));
  const objective: Objective = {
    variables: [w],
    count: n,
    loss,
    exampleLoss: (i) => tf.tidy(() => tf.mul(0.5, tf.sum(tf.square(tf.sub(tf.matMul(tf.slice(x, [i, 0], [1, d]), w), tf.slice(y, [i, 0], [1, 1])))))),
    evaluate: async () => {
      const l = loss();
      const v = (await l.data())[0] as number;
      l.dispose();
      return { loss: v, accuracy: Number.NaN };
    },
  };
  return { objective, w, eigenvalues: s.map((v) => (2 * v * v) / n), dispose: () => tf.dispose([x, y, w]) };
}
