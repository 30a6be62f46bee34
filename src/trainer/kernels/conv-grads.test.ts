import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';

type Shape4 = [number, number, number, number];
interface Case {
  name: string;
  x: Shape4;
  filter: Shape4;
  stride: number | [number, number];
  pad: 'valid' | 'same';
}

const cases: Case[] = [
  { name: '3x3 valid s1', x: [2, 9, 9, 3], filter: [3, 3, 3, 4], stride: 1, pad: 'valid' },
  { name: '3x3 same s1', x: [2, 8, 8, 2], filter: [3, 3, 2, 5], stride: 1, pad: 'same' },
  { name: '3x3 valid s2 (cropped row)', x: [3, 10, 10, 1], filter: [3, 3, 1, 3], stride: 2, pad: 'valid' },
  { name: '3x3 same s2', x: [2, 9, 9, 3], filter: [3, 3, 3, 2], stride: 2, pad: 'same' },
  { name: '5x5 same s1', x: [1, 12, 12, 2], filter: [5, 5, 2, 3], stride: 1, pad: 'same' },
  { name: '2x3 valid s[2,1]', x: [2, 11, 7, 2], filter: [2, 3, 2, 3], stride: [2, 1], pad: 'valid' },
  { name: '1x1 valid s1', x: [4, 6, 6, 3], filter: [1, 1, 3, 2], stride: 1, pad: 'valid' },
  { name: '4x4 same s3', x: [2, 13, 13, 2], filter: [4, 4, 2, 2], stride: 3, pad: 'same' },
  { name: 'mnist conv1 shape', x: [8, 28, 28, 1], filter: [3, 3, 1, 16], stride: 1, pad: 'same' },
];

function random(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

async function onBackend(name: string, c: Case): Promise<{ dw: Float32Array; dx: Float32Array }> {
  await tf.setBackend(name);
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.stride, 1, c.pad);
  const x = tf.tensor4d(random(size(c.x), 1), c.x);
  const f = tf.tensor4d(random(size(c.filter), 2), c.filter);
  const dy = tf.tensor4d(random(size(info.outShape), 3), info.outShape);
  const common = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC' };
  const dw = tf.engine().runKernel<tf.Tensor>('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: c.filter });
  const dx = tf.engine().runKernel<tf.Tensor>('Conv2DBackpropInput', { dy, filter: f }, { ...common, inputShape: c.x });
  const out = { dw: dw.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array };
  tf.dispose([x, f, dy, dw, dx]);
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

describe('wasm training kernels agree with the cpu backend', () => {
  beforeAll(async () => {
    expect(await initBackend('wasm')).toBe('wasm');
  });

  it.each(cases)('$name', async (c) => {
    const ref = await onBackend('cpu', c);
    const got = await onBackend('wasm', c);
    expect(maxAbsDiff(got.dw, ref.dw)).toBeLessThan(1e-4);
    expect(maxAbsDiff(got.dx, ref.dx)).toBeLessThan(1e-4);
  });

  it('leaves no tensors or wasm buffers behind', async () => {
    const c = cases[2] as Case;
    await onBackend('wasm', c);
    const before = tf.memory().numTensors;
    const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
    const ids = backend.dataIdMap.numDataIds();
    await onBackend('wasm', c);
    expect(tf.memory().numTensors).toBe(before);
    expect(backend.dataIdMap.numDataIds()).toBe(ids);
  });

  it('trains through tf.grad of conv2d on wasm', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(random(2 * 7 * 7 * 2, 5), [2, 7, 7, 2]);
    const f = tf.tensor4d(random(3 * 3 * 2 * 3, 6), [3, 3, 2, 3]);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same').square().sum());
    const [gx, gf] = g([x, f]);
    expect(gx?.shape).toEqual([2, 7, 7, 2]);
    expect(gf?.shape).toEqual([3, 3, 2, 3]);
    tf.dispose([x, f, gx, gf]);
  });
});
