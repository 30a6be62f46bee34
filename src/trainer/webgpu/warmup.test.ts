import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { tinyExperiment } from '../test-support.js';
import { trialBatchSizes, warmUpTrial } from './warmup.js';

describe('trialBatchSizes', () => {
  it.each([
    ['iid pretrain, iid transfer', tinyExperiment({ pretrain: { batchSize: 8 }, transfer: { batchSize: 4 } }), [4, 8]],
    ['same batch twice', tinyExperiment({ pretrain: { batchSize: 8 }, transfer: { batchSize: 8 } }), [8]],
    ['asb, sequential', tinyExperiment({ pretrain: { method: 'asb', asb: { innerSteps: 3, rememberImages: 2 } }, transfer: { mode: 'sequential' } }), [1, 5]],
  ])('%s', (_name, e, sizes) => {
    expect(trialBatchSizes(e)).toEqual(sizes);
  });
});

describe('warmUpTrial (wasm)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  it('leaves no tensors and no variables behind', async () => {
    const before = tf.memory().numTensors;
    const ms = await warmUpTrial(tinyExperiment({ model: { norm: 'instance', padding: 'valid' } }));
    expect(ms).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
