/**
 * Whole trials on the webgpu backend against wasm, same experiment and seed: each protocol
 * (i.i.d. pre-training with zaps, ASB episodes with per-class zaps, i.i.d. transfer, sequential
 * transfer on the plain-array head and on all layers) gives the same progress losses, the same
 * metric events and the same final metrics.
 * Tolerance: 1e-4 absolute on every number (losses differ by float32 rounding, seen 3e-7;
 * accuracies are counts over a few test images, so they must agree exactly in practice).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Experiment } from '../../src/spec/schema.js';
import { initBackend } from '../../src/trainer/backend.js';
import { runTrial } from '../../src/trainer/run-trial.js';
import { recordingSink, tinyExperiment } from '../../src/trainer/test-support.js';
import type { TrialMetrics } from '../../src/trainer/types.js';
import { maxAbsDiff, requireWebgpu } from './support/webgpu.js';

const TOLERANCE = 1e-4;
const omniglotShape = { convBlocks: 2, width: 4, growth: 'constant' as const, norm: 'instance' as const, padding: 'valid' as const, pool: [true, false] };

interface Outcome {
  metrics: TrialMetrics;
  losses: number[];
  events: Array<[string, number | undefined, number]>;
}

async function trial(backend: 'wasm' | 'webgpu', experiment: Experiment): Promise<Outcome> {
  await initBackend(backend);
  const sink = recordingSink();
  const metrics = await runTrial(experiment, 3, sink, new AbortController().signal);
  return {
    metrics,
    losses: sink.progress.calls.flatMap((c) => (c.loss === undefined ? [] : [c.loss])),
    events: sink.metrics.map((m) => [m.name, m.step, m.value]),
  };
}

const protocols: Array<[string, Experiment]> = [
  [
    'iid pre-training with a zap every epoch, iid head transfer (Omniglot shape)',
    tinyExperiment({ dataset: { name: 'glyphs' }, model: omniglotShape, pretrain: { epochs: 2, zapEvery: 1 }, transfer: { epochs: 1, trainLayers: 'head' } }),
  ],
  [
    'ASB episodes with per-class zaps, sequential transfer on the plain-array head',
    tinyExperiment({
      dataset: { name: 'glyphs', oldClasses: [0, 1, 2], newClasses: [3, 4], trainPerClass: 4, testPerClass: 2 },
      model: omniglotShape,
      pretrain: { method: 'asb', zapEvery: 1, zapScope: 'classes', asb: { episodes: 3, innerSteps: 3, innerLearningRate: 0.05, rememberImages: 2 } },
      transfer: { mode: 'sequential', shots: 3, trainLayers: 'head', checkpoints: 2, learningRate: 0.05 },
    }),
  ],
  [
    'iid pre-training, sequential transfer on all layers (batch 1)',
    tinyExperiment({
      dataset: { name: 'glyphs', oldClasses: [0, 1], newClasses: [2, 3], trainPerClass: 4, testPerClass: 2 },
      pretrain: { epochs: 1 },
      transfer: { mode: 'sequential', shots: 2, trainLayers: 'all', checkpoints: 1, learningRate: 0.05 },
    }),
  ],
];

describe('webgpu trials against wasm (same seed)', () => {
  beforeAll(async () => {
    await requireWebgpu();
  });

  it.each(protocols)('%s', async (_name, experiment) => {
    const wasm = await trial('wasm', experiment);
    const gpu = await trial('webgpu', experiment);
    // 1. Progress losses, in order.
    expect(gpu.losses.length).toBeGreaterThan(0);
    expect(maxAbsDiff(gpu.losses, wasm.losses)).toBeLessThan(TOLERANCE);
    // 2. Metric events: same names and steps, same values.
    expect(gpu.events.map(([n, s]) => [n, s])).toEqual(wasm.events.map(([n, s]) => [n, s]));
    expect(maxAbsDiff(gpu.events.map((e) => e[2]), wasm.events.map((e) => e[2]))).toBeLessThan(TOLERANCE);
    // 3. Final metrics.
    expect(Object.keys(gpu.metrics).sort()).toEqual(Object.keys(wasm.metrics).sort());
    for (const [name, value] of Object.entries(wasm.metrics)) {
      expect(Math.abs((gpu.metrics[name] as number) - value), name).toBeLessThan(TOLERANCE);
    }
  });
});
