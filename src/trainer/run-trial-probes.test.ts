/** Probes in a real (tiny) trial: where the numbers go, and that training is untouched (issue #16). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { runTrial } from './run-trial.js';
import { recordingSink, tinyExperiment, type RecordingSink } from './test-support.js';
import type { Experiment } from '../spec/schema.js';
import { PROBE_METRIC, probesSchema } from '../spec/probes-schema.js';

const live = (): AbortSignal => new AbortController().signal;
const all = probesSchema.parse({ probeImages: 6, fisher: { at: ['epoch', 'zap', 'transferCheckpoint'] }, sharpness: { at: ['epoch', 'zap'], iterations: 3 }, interpolate: { points: 5 }, slice: { grid: 3 } });

const withProbes = (e: Experiment): Experiment => ({ ...e, probes: all });
const training = (s: RecordingSink): unknown => ({ metrics: s.metrics.filter((m) => !PROBE_METRIC.test(m.name)), progress: s.progress.calls, zaps: s.zaps });
const names = (s: RecordingSink): string[] => [...new Set(s.metrics.filter((m) => PROBE_METRIC.test(m.name)).map((m) => m.name))].sort();
const steps = (s: RecordingSink, name: string): Array<number | undefined> => s.metrics.filter((m) => m.name === name).map((m) => m.step);

describe('runTrial with probes (tiny mnist, wasm)', () => {
  beforeAll(async () => {
    expect(await initBackend('wasm')).toBe('wasm');
  });

  it.each([
    { name: 'iid, adam, whole-head zaps, all-layer transfer', exp: tinyExperiment({ pretrain: { epochs: 3, zapEvery: 1 }, transfer: { epochs: 2, trainLayers: 'all' } }) },
    { name: 'iid, sgd, partial zaps of conv2 and head', exp: tinyExperiment({ pretrain: { epochs: 3, zapEvery: 1, optimizer: 'sgd', learningRate: 0.05, resetLayers: ['conv2', 'head'], zapFraction: 0.5 } }) },
    { name: 'sequential transfer of every layer', exp: tinyExperiment({ transfer: { mode: 'sequential', trainLayers: 'all', shots: 3, checkpoints: 2 } }) },
    { name: 'asb pre-training, sequential head-only transfer', exp: tinyExperiment({ pretrain: { method: 'asb', zapEvery: 2, zapScope: 'classes', asb: { episodes: 4, innerSteps: 2, rememberImages: 4 } }, transfer: { mode: 'sequential', shots: 2 } }) },
  ])('training is bit-identical with and without probes ($name)', async ({ exp }) => {
    const [plain, probed] = [recordingSink(), recordingSink()];
    const a = await runTrial(exp, 3, plain, live());
    const b = await runTrial(withProbes(exp), 3, probed, live());
    expect(training(probed)).toEqual(training(plain));
    for (const [k, v] of Object.entries(a)) expect(b[k]).toBe(v);
    expect(b['probes.seconds']).toBeGreaterThan(0);
    expect(names(probed).length).toBeGreaterThan(3);
  });

  it('emits the documented metrics at the documented steps, and a summary in the finished metrics', async () => {
    const sink = recordingSink();
    const exp = withProbes(tinyExperiment({ pretrain: { epochs: 3, zapEvery: 1 }, transfer: { epochs: 2, trainLayers: 'all' } }));
    const m = await runTrial(exp, 2, sink, live());
    // (transfer trains with sgd here: no transfer.adam.* agreement)
    expect(names(sink)).toEqual([
      'adam.fisherAgreement.conv1', 'adam.fisherAgreement.conv1.afterZap', 'adam.fisherAgreement.conv2', 'adam.fisherAgreement.conv2.afterZap',
      'adam.fisherAgreement.head', 'adam.fisherAgreement.head.afterZap',
      'fisher.trace.conv1', 'fisher.trace.conv1.afterZap', 'fisher.trace.conv2', 'fisher.trace.conv2.afterZap', 'fisher.trace.head', 'fisher.trace.head.afterZap',
      'fisher.trace.total', 'fisher.trace.total.afterZap', 'fisher.zappedShare',
      'landscape.barrier.transfer', 'landscape.barrier.zap',
      'landscape.interp.transfer.accuracy', 'landscape.interp.transfer.loss', 'landscape.interp.zap.accuracy', 'landscape.interp.zap.loss',
      'landscape.slice.loss', 'landscape.slice.span',
      'sharpness.top', 'sharpness.top.afterZap',
      'transfer.fisher.trace.conv1', 'transfer.fisher.trace.conv2', 'transfer.fisher.trace.head', 'transfer.fisher.trace.total', 'transfer.sharpness.top',
    ]);
    expect(steps(sink, 'fisher.trace.head')).toEqual([1, 2, 3]);
    expect(steps(sink, 'fisher.trace.head.afterZap')).toEqual([1, 2]);
    expect(steps(sink, 'fisher.zappedShare')).toEqual([1, 2]);
    expect(steps(sink, 'transfer.fisher.trace.head')).toEqual([1, 2]);
    expect(steps(sink, 'landscape.interp.zap.loss')).toEqual([0, 1, 2, 3, 4]);
    expect(steps(sink, 'landscape.slice.loss')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // A whole-head zap re-samples all of the head: its share is the head's trace over the total.
    const at1 = (name: string): number => sink.metrics.find((x) => x.name === name && x.step === 1)?.value as number;
    expect(at1('fisher.zappedShare')).toBeCloseTo(at1('fisher.trace.head') / at1('fisher.trace.total'), 6);
    // The summary: end of pre-training values and the barriers.
    const last = (name: string): number => sink.metrics.filter((x) => x.name === name).at(-1)?.value as number;
    for (const k of ['fisher.trace.head', 'sharpness.top', 'adam.fisherAgreement.head']) expect(m[k]).toBe(last(k));
    for (const k of ['landscape.barrier.zap', 'landscape.barrier.transfer']) expect(m[k]).toBe(last(k));
    for (const k of Object.keys(m)) expect(Number.isFinite(m[k])).toBe(true);
  });

  it('leaks no tensors, also when the trial is aborted mid-way', async () => {
    const exp = withProbes(tinyExperiment({ pretrain: { zapEvery: 1 }, transfer: { mode: 'sequential', trainLayers: 'all', shots: 2 } }));
    await runTrial(exp, 1, recordingSink(), live());
    const n0 = tf.memory().numTensors;
    await runTrial(exp, 2, recordingSink(), live());
    expect(tf.memory().numTensors).toBe(n0);
    const mid = new AbortController();
    const sink = recordingSink();
    const aborting = { ...sink, metric: (x: Parameters<RecordingSink['metric']>[0]) => (sink.metric(x), x.name === 'fisher.zappedShare' ? mid.abort() : undefined) };
    await expect(runTrial(exp, 1, aborting, mid.signal)).rejects.toMatchObject({ name: 'TrialAbortedError' });
    expect(tf.memory().numTensors).toBe(n0);
  });
});
