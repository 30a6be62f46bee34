/**
 * The optimizer knobs reach every protocol (their maths is checked against PyTorch in
 * optimizers.test.ts), and default phases keep tfjs's own optimizers (results unchanged).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { experimentSchema } from '../spec/schema.js';
import { initBackend } from './backend.js';
import { ConfiguredOptimizer } from './configured-optimizer.js';
import { optimizerFor } from './optimizers.js';
import { runTrial } from './run-trial.js';
import { recordingSink, tinyExperiment } from './test-support.js';

const live = (): AbortSignal => new AbortController().signal;

describe('optimizer knobs in trials (tiny mnist, wasm)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('default phases use tfjs Adam / SGD; any knob switches to the configured optimizer', () => {
    const d = experimentSchema.parse({});
    const pre = optimizerFor(d.pretrain);
    const tr = optimizerFor(d.transfer);
    expect(pre).toBeInstanceOf(tf.AdamOptimizer);
    expect(tr).toBeInstanceOf(tf.SGDOptimizer);
    const knob = optimizerFor(experimentSchema.parse({ transfer: { clipGradNorm: 1 } }).transfer);
    expect(knob).toBeInstanceOf(ConfiguredOptimizer);
    [pre, tr, knob].forEach((o) => o.dispose());
  });

  it.each([
    ['iid pretrain, sgd momentum + cosine', { pretrain: { optimizer: 'sgd', learningRate: 0.05, momentum: 0.9, schedule: { kind: 'cosine' } } }],
    ['iid transfer of all layers, adamw + warmup', { transfer: { trainLayers: 'all', optimizer: 'adamw', weightDecay: 0.1, warmup: { steps: 3 } } }],
    ['sequential head-only transfer, sgd nesterov + decay', { transfer: { mode: 'sequential', shots: 5, optimizer: 'sgd', momentum: 0.5, nesterov: true, weightDecay: 0.01 } }],
    ['sequential all-layer transfer, clip + warmup', { transfer: { mode: 'sequential', shots: 5, trainLayers: 'all', clipGradNorm: 0.1, warmup: { steps: 4 } } }],
    ['asb pretrain, outer adamw', { pretrain: { method: 'asb', optimizer: 'adamw', weightDecay: 0.01, asb: { episodes: 3, innerSteps: 2, rememberImages: 4 } } }],
  ] as const)('%s: runs, differs from the plain optimizer, leaks no tensors', async (_name, over) => {
    const plainOver = JSON.parse(JSON.stringify(over)) as Record<string, Record<string, unknown>>;
    for (const phase of Object.values(plainOver)) {
      for (const k of ['momentum', 'nesterov', 'weightDecay', 'schedule', 'warmup', 'clipGradNorm']) delete phase[k];
      if (phase.optimizer === 'adamw') phase.optimizer = 'adam';
    }
    const [a, b] = [recordingSink(), recordingSink()];
    const plain = await runTrial(tinyExperiment(plainOver), 1, a, live());
    const before = tf.memory().numTensors;
    const tuned = await runTrial(tinyExperiment(over), 1, b, live());
    expect(tf.memory().numTensors).toBe(before);
    // Losses (curves and progress) are finer than the accuracies of a tiny test set.
    expect([tuned, b.metrics, b.progress.calls]).not.toEqual([plain, a.metrics, a.progress.calls]);
  });
});
