import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { createModel, type Model } from './model.js';
import { makeOptimizer } from './optimizers.js';
import { reinitHeadOutputs, zapLayers } from './zap.js';

type Snapshot = Map<string, Float32Array>;

/** Every model variable and every optimizer slot (Adam's m and v), by name. */
async function snapshot(model: Model, opt: tf.Optimizer): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const v of model.variables('all')) out.set(v.name, v.dataSync().slice() as Float32Array);
  for (const w of await opt.getWeights()) out.set(`opt:${w.name}`, w.tensor.dataSync().slice() as Float32Array);
  return out;
}

function changed(a: Snapshot, b: Snapshot): string[] {
  expect([...b.keys()]).toEqual([...a.keys()]);
  return [...a.keys()].filter((k) => a.get(k)!.some((v, i) => v !== b.get(k)![i]));
}

let model: Model | undefined;
let opt: tf.Optimizer | undefined;

describe('zapping', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterEach(() => {
    model?.dispose();
    opt?.dispose();
  });

  function trained(): Model {
    model = createModel({ convBlocks: 2, width: 4, norm: 'instance', classes: 4 }, 3);
    opt = makeOptimizer('adam', 0.01);
    const m = model;
    const x = tf.randomUniform<tf.Rank.R4>([6, 28, 28, 1], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1], 'int32'), 4);
    for (let i = 0; i < 2; i++) {
      opt.minimize(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, m.logits(x)), false, m.variables('all'));
    }
    tf.dispose([x, y]);
    return m;
  }

  it.each([[['head']], [['conv1']], [['conv2', 'head']], [['conv1', 'conv2', 'head']]])(
    'zapping %j changes exactly those kernels (not biases, norms or Adam moments)',
    async (layers) => {
      const m = trained();
      const before = await snapshot(m, opt!);
      expect([...before.keys()].some((k) => k.endsWith('/m'))).toBe(true);
      zapLayers(m, layers, 3, 'zap:test');
      const after = await snapshot(m, opt!);
      expect(changed(before, after).sort()).toEqual(layers.map((l) => m.layer(l).kernel.name).sort());
    },
  );

  it('zaps are seeded: same stream same values, another stream other values', () => {
    const m = trained();
    zapLayers(m, ['head'], 3, 'zap:a');
    const a = m.layer('head').kernel.dataSync().slice();
    zapLayers(m, ['head'], 3, 'zap:b');
    const b = m.layer('head').kernel.dataSync().slice();
    zapLayers(m, ['head'], 3, 'zap:a');
    expect(m.layer('head').kernel.dataSync()).toEqual(a);
    expect(b).not.toEqual(a);
  });

  it('reinitHeadOutputs re-samples only the chosen kernel columns and zeroes only their biases', () => {
    const m = trained();
    const head = m.layer('head');
    const [features, classes] = head.kernel.shape as [number, number];
    const k0 = head.kernel.dataSync().slice();
    const b0 = head.bias.dataSync().slice();
    reinitHeadOutputs(m, [2, 3], 3, 'transfer:reinit');
    const k1 = head.kernel.dataSync();
    const b1 = head.bias.dataSync();
    for (let f = 0; f < features; f++) {
      for (let j = 0; j < classes; j++) {
        const i = f * classes + j;
        if (j < 2) expect(k1[i]).toBe(k0[i]);
      }
    }
    expect(Array.from({ length: features }, (_, f) => k1[f * classes + 2] !== k0[f * classes + 2]).every(Boolean)).toBe(true);
    expect([b1[0], b1[1], b1[2], b1[3]]).toEqual([b0[0], b0[1], 0, 0]);
  });

  it('leaves no tensors behind', () => {
    const m = trained();
    const n = tf.memory().numTensors;
    zapLayers(m, ['conv1', 'head'], 1, 'zap:x');
    reinitHeadOutputs(m, [1], 1, 'r');
    expect(tf.memory().numTensors).toBe(n);
  });
});
