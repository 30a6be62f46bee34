import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createModel, type Model } from '../model.js';
import { makeOptimizer } from '../optimizers.js';
import { probeBatch, type ProbeBatch } from './batch.js';
import { adamAgreement, cosine, fisherDiagonal, tracePerLayer, zappedShare, type FisherDiagonal } from './fisher.js';
import { modelFisherDiagonal, tappedLogits } from './fisher-batched.js';
import { modelObjective } from './objective.js';
import { randomImages } from './test-objectives.js';

const spec = { convBlocks: 2, width: 3, norm: 'instance' as const, classes: 4 };
const set = randomImages(6, 4);

/** The reference: one example at a time, -log softmax(logits)[y] written out, on the cpu backend. */
async function referenceOnCpu(): Promise<Map<string, Float64Array>> {
  await tf.setBackend('cpu');
  const model = createModel(spec, 3);
  const batch = probeBatch(set, 3, 'pretrain', 6);
  const labels = await batch.y.data();
  const sums = new Map<string, Float64Array>();
  const vars = model.variables('all');
  for (let i = 0; i < batch.count; i++) {
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.logits(tf.slice(batch.x, [i, 0, 0, 0], [1, -1, -1, -1]));
      return tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot([labels[i] as number], 4)))) as tf.Scalar;
    }, vars);
    value.dispose();
    // Sums of squares in float64, by the model's variable order (names differ between the two models).
    vars.forEach((v, k) => {
      const g = (grads[v.name] as tf.Tensor).dataSync();
      const acc = sums.get(String(k)) ?? new Float64Array(g.length);
      g.forEach((x, j) => (acc[j] = (acc[j] as number) + (x * x) / batch.count));
      sums.set(String(k), acc);
    });
    tf.dispose(Object.values(grads));
  }
  batch.dispose();
  model.dispose();
  return sums;
}

let model: Model | undefined;

describe('fisher diagonal', () => {
  let reference: Map<string, Float64Array>;
  beforeAll(async () => {
    reference = await referenceOnCpu();
    expect(await initBackend('wasm')).toBe('wasm');
  });
  afterAll(() => model?.dispose());

  it.each([
    { name: 'one example at a time', diagonalOf: (m: Model, b: ProbeBatch) => fisherDiagonal(modelObjective(m, b)) },
    { name: 'batched (taps and im2col)', diagonalOf: (m: Model, b: ProbeBatch) => modelFisherDiagonal(m, b) },
  ])('$name: equals the mean of squared per-example gradients (cpu, one at a time) to 1e-5, leaving no tensors', async ({ diagonalOf }) => {
    model?.dispose();
    model = createModel(spec, 3);
    const batch = probeBatch(set, 3, 'pretrain', 6);
    const n0 = tf.memory().numTensors;
    const diag = await diagonalOf(model, batch);
    expect(tf.memory().numTensors).toBe(n0);
    batch.dispose();
    const vars = model.variables('all');
    let checked = 0;
    vars.forEach((v, k) => {
      const ours = diag.get(v.name) as Float32Array;
      const ref = reference.get(String(k)) as Float64Array;
      expect(ours.length).toBe(ref.length);
      ours.forEach((x, j) => expect(Math.abs(x - (ref[j] as number))).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(ref[j] as number))));
      checked += ours.length;
    });
    expect(checked).toBeGreaterThan(100);
    // Not a vacuous comparison: the head's diagonal is far from zero.
    expect(tracePerLayer(diag, model.layers).find((t) => t.layer === 'head')?.trace).toBeGreaterThan(1e-3);
  });

  it.each([
    { name: 'valid padding, pool [T, T, F], constant growth, instance norm', spec: { convBlocks: 3, width: 3, norm: 'instance' as const, classes: 3, padding: 'valid' as const, pool: [true, true, false], growth: 'constant' as const } },
    { name: 'same padding, no norm, spare head outputs', spec: { convBlocks: 2, width: 2, norm: 'none' as const, classes: 3, headSize: 5 } },
  ])('batched and one-at-a-time agree, and the tapped forward is the model\'s ($name)', async ({ spec: s }) => {
    const m = createModel(s, 5);
    const batch = probeBatch(randomImages(5, 3, 'other'), 5, 'pretrain', 5);
    try {
      const [a, b] = [await fisherDiagonal(modelObjective(m, batch)), await modelFisherDiagonal(m, batch)];
      for (const v of m.variables('all')) {
        const x = a.get(v.name) as Float32Array;
        const y = b.get(v.name) as Float32Array;
        expect(y.length).toBe(x.length);
        x.forEach((xi, j) => expect(Math.abs(xi - (y[j] as number))).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(xi))));
      }
      const taps = m.layers.map(() => tf.scalar(0));
      const pool = (i: number): boolean => (typeof s.pool === 'object' ? s.pool[i] ?? false : true);
      const ours = tf.tidy(() => tappedLogits(m, { padding: s.padding ?? 'same', pools: Array.from({ length: s.convBlocks }, (_, i) => pool(i)) }, batch.x, { inputs: [] }, taps, new Map(m.layers.flatMap((l, i) => (l.gamma && l.beta ? [[i, { gamma: l.gamma, beta: l.beta }]] : [])))));
      const theirs = m.logits(batch.x);
      expect(await ours.data()).toEqual(await theirs.data());
      tf.dispose([ours, theirs, ...taps]);
    } finally {
      batch.dispose();
      m.dispose();
    }
  });

  it('the zapped share counts whole layers and head rows (kernel columns and biases)', () => {
    const m = createModel({ convBlocks: 1, width: 2, norm: 'none', classes: 3 }, 1);
    try {
      const diag: FisherDiagonal = new Map();
      for (const v of m.variables('all')) diag.set(v.name, new Float32Array(v.size).fill(1));
      const total = m.variables('all').reduce((s, v) => s + v.size, 0);
      const head = m.layer('head');
      const features = head.kernel.shape[0];
      expect(zappedShare(diag, m.layers, [], [0, 2])).toBeCloseTo((2 * features + 2) / total, 12);
      expect(zappedShare(diag, m.layers, ['conv1'], [])).toBeCloseTo((m.layer('conv1').kernel.size + 2) / total, 12);
      expect(zappedShare(diag, m.layers, [], [0, 1, 2])).toBeCloseTo((head.kernel.size + 3) / total, 12);
    } finally {
      m.dispose();
    }
  });

  it("Adam's agreement: cosine of v and the diagonal per layer; none for SGD", async () => {
    const m = createModel({ convBlocks: 1, width: 2, norm: 'none', classes: 3 }, 2);
    const batch = probeBatch(randomImages(5, 3), 1, 'pretrain', 5);
    const objective = modelObjective(m, batch);
    const adam = makeOptimizer('adam', 0.01);
    const sgd = makeOptimizer('sgd', 0.01);
    try {
      // After one Adam step v = (1 - beta2) g0^2, g0 the batch gradient before the step.
      const g0 = tf.variableGrads(() => objective.loss(), m.variables('all'));
      for (const o of [adam, sgd]) tf.dispose(o.minimize(() => objective.loss(), true, m.variables('all')) ?? []);
      const diag = await fisherDiagonal(objective);
      const agree = await adamAgreement(adam, diag, m.layers);
      expect(agree.map((a) => a.layer)).toEqual(['conv1', 'head']);
      for (const [i, l] of m.layers.entries()) {
        const vs = [l.kernel, l.bias].flatMap((v) => [...(g0.grads[v.name] as tf.Tensor).dataSync()].map((x) => x * x));
        const fs = [l.kernel, l.bias].flatMap((v) => [...(diag.get(v.name) as Float32Array)]);
        expect(agree[i]?.cosine).toBeCloseTo(cosine(vs, fs), 5);
      }
      tf.dispose([g0.value, ...Object.values(g0.grads)]);
      expect(await adamAgreement(sgd, diag, m.layers)).toEqual([]);
      expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
      expect(cosine([1, 0], [0, 1])).toBe(0);
    } finally {
      adam.dispose();
      sgd.dispose();
      batch.dispose();
      m.dispose();
    }
  });
});
