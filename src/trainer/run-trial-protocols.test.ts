import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { FASHION_MNIST_DIR } from './data/fashion-mnist.js';
import { writeOmniglotFixture } from './data/omniglot-fixture.js';
import { createModel, featureSize } from './model.js';
import { runTrial } from './run-trial.js';
import { recordingSink, tinyExperiment } from './test-support.js';

const live = (): AbortSignal => new AbortController().signal;
let root = '';

function inRange(m: Record<string, number>): void {
  for (const k of ['oldAccBefore', 'oldAccAfter', 'newAccBefore', 'newAccAfter']) {
    expect(m[k]).toBeGreaterThanOrEqual(0);
    expect(m[k]).toBeLessThanOrEqual(1);
  }
}

describe('runTrial across datasets and protocols (tiny, wasm, real training)', () => {
  beforeAll(async () => {
    expect(await initBackend('wasm')).toBe('wasm');
    root = await mkdtemp(path.join(tmpdir(), 'zs-omni-trial-'));
    await writeOmniglotFixture(root, { background: [3], evaluation: [2], imagesPerCharacter: 5 });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('glyphs, ASB with per-class zaps, sequential head-only transfer: sequential metrics', async () => {
    const sink = recordingSink();
    const m = await runTrial(
      tinyExperiment({
        // Ranges resolve to lists at parse time (the builder's type only knows lists).
        dataset: { name: 'glyphs', oldClasses: { count: 4 } as unknown as number[], newClasses: { count: 3 } as unknown as number[], trainPerClass: 5, testPerClass: 2 },
        pretrain: { method: 'asb', zapEvery: 1, zapScope: 'classes', asb: { episodes: 4, innerSteps: 3, rememberImages: 4 } },
        transfer: { mode: 'sequential', shots: 5, learningRate: 0.01 },
      }),
      1,
      sink,
      live(),
    );
    inRange(m);
    expect(m['seq.bwt']).toBeGreaterThanOrEqual(-1);
    expect(m['seq.learnAccuracy']).toBeGreaterThanOrEqual(0);
    expect(sink.zaps).toHaveLength(4);
    expect(sink.metrics.some((x) => x.name === 'seq.accAfterClasses' && x.step === 3)).toBe(true);
  });

  it('omniglot fixture, i.i.d. pre-training with glorot zaps of bias and optimizer state, i.i.d. transfer of all layers', async () => {
    const sink = recordingSink();
    const m = await runTrial(
      tinyExperiment({
        dataset: { name: 'omniglot', path: root, oldClasses: [0, 1, 2], newClasses: [3, 4], trainPerClass: 4, testPerClass: 1 },
        pretrain: { epochs: 2, zapEvery: 1, zapInit: 'glorot-uniform', zapBias: true, zapOptimizerState: true, resetLayers: ['conv1', 'head'] },
        transfer: { trainLayers: 'all' },
      }),
      2,
      sink,
      live(),
    );
    inRange(m);
    expect(sink.zaps).toEqual([{ phase: 'pretrain', step: 1, layers: ['conv1', 'head'] }]);
  });

  it.skipIf(!existsSync(`${FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`))('fashion-mnist, sequential transfer of all layers', async () => {
    const m = await runTrial(
      tinyExperiment({ dataset: { name: 'fashion-mnist', oldClasses: [0, 1], newClasses: [7, 8], trainPerClass: 8, testPerClass: 4 }, transfer: { mode: 'sequential', shots: 3, trainLayers: 'all' } }),
      3,
      recordingSink(),
      live(),
    );
    inRange(m);
  });

  it("the papers' Omniglot model is expressible: 3 x 256, instance norm, valid, pool [T, T, F], 2304 -> 1000", () => {
    const papers = { convBlocks: 3, width: 256, growth: 'constant', norm: 'instance', padding: 'valid', pool: [true, true, false] } as const;
    expect(featureSize(papers)).toBe(2304);
    const small = createModel({ ...papers, width: 4, classes: 7, headSize: 10 }, 1);
    expect(small.layer('head').kernel.shape).toEqual([36, 10]);
    const out = small.logits(tf.zeros([2, 28, 28, 1]));
    expect(out.shape).toEqual([2, 10]);
    out.dispose();
    small.dispose();
  });

  it('trains that model shape with a spare head (headSize > classes), leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const m = await runTrial(
      tinyExperiment({
        dataset: { name: 'glyphs', oldClasses: [0, 1, 2], newClasses: [3], trainPerClass: 4, testPerClass: 2 },
        model: { convBlocks: 3, width: 4, growth: 'constant', norm: 'instance', padding: 'valid', pool: [true, true, false], headSize: 6 },
        pretrain: { epochs: 1, zapEvery: 1, zapScope: 'classes' },
      }),
      1,
      recordingSink(),
      live(),
    );
    inRange(m);
    expect(tf.memory().numTensors).toBe(before);
  });
});
