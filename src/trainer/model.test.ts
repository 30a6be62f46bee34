import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { createModel, featureSize, instanceNorm, type Model } from './model.js';

const models: Model[] = [];
const make = (...args: Parameters<typeof createModel>): Model => {
  const m = createModel(...args);
  models.push(m);
  return m;
};

describe('model', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterEach(() => models.splice(0).forEach((m) => m.dispose()));

  it.each([
    { convBlocks: 1, width: 4, features: 14 * 14 * 4 },
    { convBlocks: 2, width: 4, features: 7 * 7 * 8 },
    { convBlocks: 3, width: 4, features: 3 * 3 * 8 },
    { convBlocks: 4, width: 4, features: 1 * 1 * 8 },
  ])('$convBlocks blocks: layer names, feature size $features, logits shape', ({ convBlocks, width, features }) => {
    expect(featureSize({ convBlocks, width })).toBe(features);
    const m = make({ convBlocks, width, norm: 'instance', classes: 7 }, 1);
    expect(m.layers.map((l) => l.name)).toEqual([...Array.from({ length: convBlocks }, (_, i) => `conv${i + 1}`), 'head']);
    const logits = tf.tidy(() => m.logits(tf.zeros([3, 28, 28, 1])));
    expect(logits.shape).toEqual([3, 7]);
    logits.dispose();
  });

  it('same seed gives the same initialisation, another seed another', () => {
    const spec = { convBlocks: 2, width: 4, norm: 'none', classes: 5 } as const;
    const [a, b, c] = [make(spec, 5), make(spec, 5), make(spec, 6)];
    const values = (m: Model): number[][] => m.variables('all').map((v) => Array.from(v.dataSync()));
    expect(values(b)).toEqual(values(a));
    expect(values(c)).not.toEqual(values(a));
  });

  it('Kaiming init has std about sqrt(2 / fan_in)', () => {
    const m = make({ convBlocks: 2, width: 16, norm: 'none', classes: 10 }, 2);
    const k = Array.from(m.layer('conv2').kernel.dataSync());
    const sd = Math.sqrt(k.reduce((s, v) => s + v * v, 0) / k.length);
    expect(sd).toBeGreaterThan(0.9 * Math.sqrt(2 / (9 * 16)));
    expect(sd).toBeLessThan(1.1 * Math.sqrt(2 / (9 * 16)));
  });

  it('instance norm gives each sample and channel mean 0 and variance 1, then applies gamma and beta', () => {
    const [mean, variance, shifted] = tf.tidy(() => {
      const x = tf.randomNormal<tf.Rank.R4>([2, 5, 5, 3], 4, 3, 'float32', 1);
      const y = instanceNorm(x, tf.ones([3]), tf.zeros([3]));
      const m = tf.moments(y, [1, 2]);
      const z = instanceNorm(x, tf.fill([3], 2), tf.fill([3], 0.5));
      return [m.mean, m.variance, tf.moments(z, [1, 2]).mean];
    });
    mean.dataSync().forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-5));
    variance.dataSync().forEach((v) => expect(v).toBeCloseTo(1, 3));
    shifted.dataSync().forEach((v) => expect(v).toBeCloseTo(0.5, 4));
    tf.dispose([mean, variance, shifted]);
  });

  it('names an unknown layer in its error', () => {
    const m = make({ convBlocks: 1, width: 2, norm: 'none', classes: 3 }, 1);
    expect(() => m.layer('conv2')).toThrow(/no layer "conv2" \(this model has conv1, head\)/);
  });
});
