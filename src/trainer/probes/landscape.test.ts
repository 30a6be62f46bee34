import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createModel } from '../model.js';
import { probeBatch } from './batch.js';
import { barrierOf, interpolate } from './interpolate.js';
import { modelObjective, type Objective } from './objective.js';
import { topHessianEigen, topHessianEigenvalue } from './sharpness.js';
import { lossSlice } from './slice.js';
import { leastSquares, randomImages } from './test-objectives.js';

const values = async (v: tf.Variable): Promise<Float32Array> => (await v.data()).slice() as Float32Array;

/** loss = 0.5 * ||w - c||^2 on one variable: the path a -> b has loss 0.5 * ||(1 - t) a + t b - c||^2. */
function quadratic(c: number[]): { objective: Objective; w: tf.Variable; dispose(): void } {
  const w = tf.variable(tf.zeros([c.length]));
  const ct = tf.tensor1d(c);
  const loss = (): tf.Scalar => tf.tidy(() => tf.mul(0.5, tf.sum(tf.square(tf.sub(w, ct)))));
  return {
    w,
    objective: {
      variables: [w],
      count: 1,
      loss,
      exampleLoss: loss,
      evaluate: async () => {
        const l = loss();
        const v = (await l.data())[0] as number;
        l.dispose();
        return { loss: v, accuracy: Number.NaN };
      },
    },
    dispose: () => tf.dispose([w, ct]),
  };
}

describe('landscape probes', () => {
  beforeAll(async () => {
    expect(await initBackend('wasm')).toBe('wasm');
  });

  it.each([
    { name: 'well separated', s: [3, 2, 1.5, 1, 0.5, 0.2] },
    { name: 'close top pair', s: [1.2, 1.1, 0.9, 0.6, 0.3, 0.1, 0.05, 0.01] },
  ])('power iteration finds the top Hessian eigenvalue of least squares within 1% ($name)', async ({ s }) => {
    const ls = leastSquares(s);
    try {
      const before = await values(ls.w);
      const n0 = tf.memory().numTensors;
      const top = await topHessianEigenvalue(ls.objective, { iterations: 30, seed: 1, stream: 'probes:test' });
      expect(tf.memory().numTensors).toBe(n0);
      const want = Math.max(...ls.eigenvalues);
      expect(Math.abs(top - want) / want).toBeLessThan(0.01);
      expect(await values(ls.w)).toEqual(before);
    } finally {
      ls.dispose();
    }
  });

  it('a warm start from the top eigenvector needs one iteration, and the start is not consumed', async () => {
    const ls = leastSquares([2, 1.9, 1, 0.5]);
    try {
      const cold = await topHessianEigen(ls.objective, { iterations: 60, seed: 2, stream: 'probes:test' });
      const warm = await topHessianEigen(ls.objective, { iterations: 1, seed: 2, stream: 'probes:test', start: cold.vector });
      const want = Math.max(...ls.eigenvalues);
      expect(Math.abs(warm.value - want) / want).toBeLessThan(1e-3);
      expect(cold.vector[0]?.isDisposed).toBe(false);
      tf.dispose([...cold.vector, ...warm.vector]);
    } finally {
      ls.dispose();
    }
  });

  it('interpolation: the ends are the losses of the two snapshots; a quadratic gives its known curve and barrier', async () => {
    const q = quadratic([1, -2, 0.5]);
    try {
      const a = [tf.tensor1d([3, 0, 0])];
      const b = [tf.tensor1d([-1, -2, 2])];
      const at = async (w: tf.Tensor): Promise<number> => {
        q.w.assign(w);
        return (await q.objective.evaluate()).loss;
      };
      const [la, lb] = [await at(a[0] as tf.Tensor), await at(b[0] as tf.Tensor)];
      q.w.assign(tf.zeros([3]));
      const curve = await interpolate(q.objective, a, b, 5);
      expect(curve.t).toEqual([0, 0.25, 0.5, 0.75, 1]);
      expect(curve.loss[0]).toBeCloseTo(la, 6);
      expect(curve.loss[4]).toBeCloseTo(lb, 6);
      const known = curve.t.map((t) => 0.5 * ((3 - 4 * t - 1) ** 2 + (-2 * t + 2) ** 2 + (2 * t - 0.5) ** 2));
      curve.loss.forEach((l, i) => expect(l).toBeCloseTo(known[i] as number, 5));
      // On a convex path the maximum is an end: the barrier is half the ends' difference.
      expect(curve.barrier).toBeCloseTo(Math.abs(la - lb) / 2, 5);
      expect(barrierOf([1, 3, 1])).toBe(2);
      expect([...(await q.w.data())]).toEqual([0, 0, 0]);
      tf.dispose([...a, ...b]);
    } finally {
      q.dispose();
    }
  });

  it('slice: the centre is the loss at the weights, the grid is square, weights are restored, nothing leaks', async () => {
    const model = createModel({ convBlocks: 1, width: 3, norm: 'none', classes: 3 }, 4);
    const batch = probeBatch(randomImages(8, 3), 4, 'pretrain', 8);
    try {
      const objective = modelObjective(model, batch);
      const centre = (await objective.evaluate()).loss;
      const before = await Promise.all(model.variables('all').map(values));
      const n0 = tf.memory().numTensors;
      const s = await lossSlice(objective, model.layers, { grid: 5, span: 0.5, seed: 4 });
      expect(tf.memory().numTensors).toBe(n0);
      expect(s.coords).toEqual([-0.5, -0.25, 0, 0.25, 0.5]);
      expect(s.loss).toHaveLength(25);
      expect(s.loss[12]).toBeCloseTo(centre, 5);
      expect(new Set(s.loss.map((l) => l.toFixed(6))).size).toBeGreaterThan(20);
      expect(await Promise.all(model.variables('all').map(values))).toEqual(before);
    } finally {
      batch.dispose();
      model.dispose();
    }
  });
});
