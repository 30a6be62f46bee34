import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { runTrial } from './run-trial.js';
import { recordingSink, tinyExperiment } from './test-support.js';
import { TrialAbortedError } from './types.js';

const live = (): AbortSignal => new AbortController().signal;

describe('runTrial (tiny mnist, wasm)', () => {
  beforeAll(async () => {
    expect(await initBackend('wasm')).toBe('wasm');
  });

  it('returns every metric, in range and consistent', async () => {
    const m = await runTrial(tinyExperiment(), 1, recordingSink(), live());
    for (const k of ['oldAccBefore', 'oldAccAfter', 'newAccBefore', 'newAccAfter', 'retainedAccuracy']) {
      expect(m[k]).toBeGreaterThanOrEqual(0);
      expect(m[k]).toBeLessThanOrEqual(1);
    }
    expect(m.retainedAccuracy).toBe(m.oldAccAfter);
    expect(m.forgetting).toBeCloseTo(m.oldAccBefore - m.oldAccAfter, 12);
    expect(m.newTaskGain).toBeCloseTo(m.newAccAfter - m.newAccBefore, 12);
  });

  it('is deterministic: same seed, same metrics and curves; another seed differs', async () => {
    const exp = tinyExperiment({ transfer: { trainLayers: 'all' } });
    const [s1, s2, s3] = [recordingSink(), recordingSink(), recordingSink()];
    const a = await runTrial(exp, 4, s1, live());
    const b = await runTrial(exp, 4, s2, live());
    await runTrial(exp, 5, s3, live());
    expect(b).toEqual(a);
    expect(s2.metrics).toEqual(s1.metrics);
    expect(s3.metrics).not.toEqual(s1.metrics);
  });

  it('zaps the reset layers after every zapEvery-th epoch except the last, and emits the curves', async () => {
    const sink = recordingSink();
    const exp = tinyExperiment({ pretrain: { epochs: 4, zapEvery: 1, resetLayers: ['conv2', 'head'] }, transfer: { epochs: 2 } });
    await runTrial(exp, 2, sink, live());
    expect(sink.zaps).toEqual([1, 2, 3].map((step) => ({ phase: 'pretrain', step, layers: ['conv2', 'head'] })));
    const steps = (name: string): Array<number | undefined> => sink.metrics.filter((m) => m.name === name).map((m) => m.step);
    for (const n of ['pretrain.loss', 'pretrain.accuracy', 'pretrain.oldTestAccuracy']) expect(steps(n)).toEqual([1, 2, 3, 4]);
    for (const n of ['transfer.loss', 'transfer.newTestAccuracy', 'transfer.oldTestAccuracy']) expect(steps(n)).toEqual([1, 2]);
    expect(steps('transfer.shockNewTestAccuracy')).toEqual([1, 5]);
    // Progress counts batches: 36 old images / 8 = 5 per epoch; ends of epochs carry accuracy.
    const ends = sink.progress.calls.filter((p) => p.phase === 'pretrain' && p.accuracy !== undefined);
    expect(ends.map((p) => [p.step, p.total])).toEqual([[5, 20], [10, 20], [15, 20], [20, 20]]);
  });

  it.each([
    { name: 'zapEvery 2 of 4 epochs', pretrain: { epochs: 4, zapEvery: 2 }, zaps: [2] },
    { name: 'zapEvery 0', pretrain: { epochs: 3, zapEvery: 0 }, zaps: [] },
    { name: 'zapEvery larger than epochs', pretrain: { epochs: 2, zapEvery: 5 }, zaps: [] },
  ])('$name', async ({ pretrain, zaps }) => {
    const sink = recordingSink();
    await runTrial(tinyExperiment({ pretrain }), 1, sink, live());
    expect(sink.zaps.map((z) => z.step)).toEqual(zaps);
  });

  it('leaks no tensors across runs (head-only and all-layer transfer, instance norm, sgd)', async () => {
    const exps = [
      tinyExperiment({ model: { norm: 'instance' }, pretrain: { zapEvery: 1 } }),
      tinyExperiment({ pretrain: { optimizer: 'sgd', learningRate: 0.05 }, transfer: { trainLayers: 'all', optimizer: 'adam', learningRate: 0.001 } }),
    ];
    for (const exp of exps) await runTrial(exp, 1, recordingSink(), live());
    const before = tf.memory().numTensors;
    for (const exp of exps) await runTrial(exp, 2, recordingSink(), live());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('throws TrialAbortedError when aborted before or during training', async () => {
    const pre = new AbortController();
    pre.abort('stop');
    await expect(runTrial(tinyExperiment(), 1, recordingSink(), pre.signal)).rejects.toBeInstanceOf(TrialAbortedError);
    const mid = new AbortController();
    const sink = recordingSink();
    const base = sink.progress;
    const n0 = tf.memory().numTensors;
    const abortingSink = { ...sink, progress: (p: Parameters<typeof base>[0]) => (base(p), p.step >= 3 ? mid.abort() : undefined) };
    await expect(runTrial(tinyExperiment(), 1, abortingSink, mid.signal)).rejects.toMatchObject({ name: 'TrialAbortedError', retryable: true });
    expect(sink.metrics.some((m) => m.name.startsWith('transfer.'))).toBe(false);
    expect(tf.memory().numTensors).toBe(n0);
  });

  it('rejects a reset layer the model does not have', async () => {
    await expect(runTrial(tinyExperiment({ pretrain: { resetLayers: ['conv3'] } }), 1, recordingSink(), live())).rejects.toThrow(
      /resetLayers names conv3, but the model has 2 conv blocks/,
    );
  });
});
