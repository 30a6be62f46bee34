import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { createModel, type Model } from './model.js';
import { makeOptimizer } from './optimizers.js';
import { zapHeadRows, zapLayers } from './zap.js';

let model: Model | undefined;
let opt: tf.Optimizer | undefined;

/** A model with 5 head outputs after two Adam steps (so every Adam moment is non-zero). */
function trained(): { m: Model; opt: tf.Optimizer } {
  model = createModel({ convBlocks: 1, width: 3, norm: 'none', classes: 5 }, 7);
  opt = makeOptimizer('adam', 0.01);
  const m = model;
  const x = tf.randomUniform<tf.Rank.R4>([5, 28, 28, 1], 0, 1, 'float32', 2);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4], 'int32'), 5);
  for (let i = 0; i < 2; i++) opt.minimize(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, m.logits(x)), false, m.variables('all'));
  tf.dispose([x, y]);
  return { m, opt };
}

async function moments(o: tf.Optimizer): Promise<Map<string, Float32Array>> {
  return new Map((await o.getWeights()).map((w) => [w.name, w.tensor.dataSync().slice() as Float32Array]));
}

/** Head outputs (kernel columns) whose values differ between two [features, classes] kernels. */
function changedColumns(a: ArrayLike<number>, b: ArrayLike<number>, classes: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.add(i % classes);
  return [...out].sort();
}

describe('zap options', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterEach(() => {
    model?.dispose();
    opt?.dispose();
  });

  it('a per-class zap changes exactly that class head row (kernel column), nothing else', async () => {
    const { m, opt: o } = trained();
    const head = m.layer('head');
    const k0 = head.kernel.dataSync().slice();
    const others = m.variables('all').filter((v) => v !== head.kernel).map((v) => v.dataSync().slice());
    const mom0 = await moments(o);
    zapHeadRows(m, [3], 1, 'zap:row');
    expect(changedColumns(k0, head.kernel.dataSync(), 5)).toEqual([3]);
    m.variables('all').filter((v) => v !== head.kernel).forEach((v, i) => expect(v.dataSync()).toEqual(others[i]));
    expect(await moments(o)).toEqual(mom0);
  });

  it('bias: true zeroes the zapped rows biases only; optimizer state is reset only for those rows', async () => {
    const { m, opt: o } = trained();
    const head = m.layer('head');
    const b0 = head.bias.dataSync().slice();
    const mom0 = await moments(o);
    zapHeadRows(m, [1, 4], 1, 'zap:row', { bias: true, optimizer: o });
    const b1 = head.bias.dataSync();
    expect(Array.from(b1)).toEqual(Array.from(b0).map((v, j) => (j === 1 || j === 4 ? 0 : v)));
    const mom1 = await moments(o);
    for (const [name, before] of mom0) {
      const after = mom1.get(name) as Float32Array;
      if (name.startsWith(`${head.kernel.name}/`)) {
        for (let i = 0; i < before.length; i++) expect(after[i]).toBe(i % 5 === 1 || i % 5 === 4 ? 0 : before[i]);
      } else if (name.startsWith(`${head.bias.name}/`)) {
        expect(Array.from(after)).toEqual(Array.from(before).map((v, j) => (j === 1 || j === 4 ? 0 : v)));
      } else expect(after).toEqual(before);
    }
  });

  it('a whole-layer zap with optimizer reset zeroes that layer kernel moments only', async () => {
    const { m, opt: o } = trained();
    const mom0 = await moments(o);
    zapLayers(m, ['conv1'], 1, 'zap:l', { optimizer: o });
    const mom1 = await moments(o);
    const k = m.layer('conv1').kernel.name;
    for (const [name, before] of mom0) {
      if (name.startsWith(`${k}/`)) expect((mom1.get(name) as Float32Array).every((v) => v === 0)).toBe(true);
      else expect(mom1.get(name)).toEqual(before);
    }
  });

  it('glorot-uniform draws within +-sqrt(6 / (fan_in + fan_out)); kaiming-normal is wider and Gaussian', () => {
    const { m } = trained();
    const head = m.layer('head');
    zapLayers(m, ['head'], 1, 'zap:g', { init: 'glorot-uniform' });
    const limit = Math.sqrt(6 / (head.fanIn + 5));
    const g = head.kernel.dataSync();
    expect(Math.max(...g.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(limit * 0.9);
    zapLayers(m, ['head'], 1, 'zap:g', { init: 'kaiming-normal' });
    expect(Math.max(...head.kernel.dataSync().map(Math.abs))).toBeGreaterThan(limit);
  });

  it('leaves no tensors behind', () => {
    const { m, opt: o } = trained();
    const n = tf.memory().numTensors;
    zapHeadRows(m, [0], 1, 'a', { bias: true, optimizer: o, init: 'glorot-uniform' });
    zapLayers(m, ['conv1', 'head'], 1, 'b', { bias: true, optimizer: o });
    expect(tf.memory().numTensors).toBe(n);
  });
});
