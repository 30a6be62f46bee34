import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryCheckpoints } from '../support/memory-checkpoints.js';
import { CorruptCheckpointError } from '../../src/checkpoints/types.js';
import { experimentSchema } from '../../src/spec/schema.js';
import { stageKeyOf } from '../../src/spec/stages.js';
import { backendName, runTrial } from '../../src/trainer/run-trial.js';
import { initBackend } from '../../src/trainer/backend.js';
import { StageCache, type StageOrigin } from '../../src/trainer/stage-cache.js';
import { checkpointKeyOf, decodeStage, encodeStage } from '../../src/trainer/stage-snapshot.js';
import { recordingSink, tinyExperiment, type RecordingSink } from '../../src/trainer/test-support.js';

const live = (): AbortSignal => new AbortController().signal;
const curves = (s: RecordingSink) => ({ progress: s.progress.calls, zaps: s.zaps, metrics: s.metrics });

// Three transfer variants of one pre-training stage (a zapping one, so zaps are replayed too).
const variants = [
  tinyExperiment({ pretrain: { zapEvery: 1 }, transfer: { learningRate: 0.01 } }),
  tinyExperiment({ pretrain: { zapEvery: 1 }, transfer: { learningRate: 0.05, trainLayers: 'all' } }),
  tinyExperiment({ pretrain: { zapEvery: 1 }, transfer: { mode: 'sequential', shots: 6, checkpoints: 2 } }),
];

describe('pre-training stages (tiny mnist, wasm)', () => {
  beforeAll(async () => {
    expect(await initBackend('wasm')).toBe('wasm');
  });

  it('the variants share one stage key', () => {
    expect(new Set(variants.map((e) => stageKeyOf(e, 3))).size).toBe(1);
  });

  it('reusing a stage (memory, then checkpoint in a new process cache) gives bit-identical metrics and the same pre-training events', async () => {
    const alone = [];
    for (const e of variants) {
      const sink = recordingSink();
      alone.push({ metrics: await runTrial(e, 3, sink, live()), curves: curves(sink) });
    }
    const checkpoints = new MemoryCheckpoints();
    const origins: StageOrigin[] = [];
    const onStage = (s: { origin: StageOrigin }) => void origins.push(s.origin);
    const shared = new StageCache({ checkpoints, backend: backendName, sweepId: 's' });
    const before = tf.memory().numTensors;
    for (const [k, e] of variants.entries()) {
      const sink = recordingSink();
      expect(await runTrial(e, 3, sink, live(), { stages: shared, onStage })).toEqual(alone[k]?.metrics);
      expect(curves(sink)).toEqual(alone[k]?.curves);
    }
    // Another process: nothing in memory, the checkpoint is there.
    const other = new StageCache({ checkpoints, backend: backendName, sweepId: 's' });
    const sink = recordingSink();
    expect(await runTrial(variants[2]!, 3, sink, live(), { stages: other, onStage })).toEqual(alone[2]?.metrics);
    expect(curves(sink)).toEqual(alone[2]?.curves);
    expect(origins).toEqual(['trained', 'memory', 'memory', 'checkpoint']);
    expect(checkpoints.puts).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stages of one seed share its data set: a second pre-training on it gives the same metrics as alone', async () => {
    const other = tinyExperiment({ pretrain: { zapEvery: 0, learningRate: 0.01 }, transfer: { trainLayers: 'all' } });
    const alone = await runTrial(other, 3, recordingSink(), live());
    const cache = new StageCache({ backend: backendName, sweepId: 's' });
    const origins: StageOrigin[] = [];
    await runTrial(variants[1]!, 3, recordingSink(), live(), { stages: cache });
    expect(await runTrial(other, 3, recordingSink(), live(), { stages: cache, onStage: (s) => void origins.push(s.origin) })).toEqual(alone);
    expect(origins).toEqual(['trained']);
  });

  it('with probes: a reused stage carries its probe summary and replays its probe events', async () => {
    const withProbes = experimentSchema.parse({ ...tinyExperiment({ pretrain: { zapEvery: 1 } }), probes: { fisher: {}, sharpness: {} } });
    const noSeconds = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'probes.seconds'));
    const sink = recordingSink();
    const alone = await runTrial(withProbes, 5, sink, live());
    expect(Object.keys(alone).some((k) => k.startsWith('fisher.'))).toBe(true);
    const checkpoints = new MemoryCheckpoints();
    await runTrial(withProbes, 5, recordingSink(), live(), { stages: new StageCache({ checkpoints, backend: backendName, sweepId: 's' }) });
    const reused = recordingSink();
    const again = await runTrial(withProbes, 5, reused, live(), { stages: new StageCache({ checkpoints, backend: backendName, sweepId: 's' }) });
    expect(noSeconds(again)).toEqual(noSeconds(alone));
    expect(again['probes.seconds']).toBeGreaterThan(0);
    expect(reused.metrics.filter((m) => m.name.startsWith('fisher.'))).toEqual(sink.metrics.filter((m) => m.name.startsWith('fisher.')));
  });

  it('checkpoints belong to their sweep: another sweep trains its own stage (its data may differ)', async () => {
    const checkpoints = new MemoryCheckpoints();
    const origins: StageOrigin[] = [];
    const onStage = (s: { origin: StageOrigin }) => void origins.push(s.origin);
    await runTrial(variants[0]!, 6, recordingSink(), live(), { stages: new StageCache({ checkpoints, backend: backendName, sweepId: 'night-1' }), onStage });
    await runTrial(variants[0]!, 6, recordingSink(), live(), { stages: new StageCache({ checkpoints, backend: backendName, sweepId: 'night-2' }), onStage });
    await runTrial(variants[1]!, 6, recordingSink(), live(), { stages: new StageCache({ checkpoints, backend: backendName, sweepId: 'night-2' }), onStage });
    expect(origins).toEqual(['trained', 'trained', 'checkpoint']);
  });

  it('a corrupt checkpoint is reported, removed and never used: the stage is trained again', async () => {
    const e = variants[0]!;
    const checkpoints = new MemoryCheckpoints();
    const first = await runTrial(e, 4, recordingSink(), live(), { stages: new StageCache({ checkpoints, backend: backendName, sweepId: 's' }) });
    const key = checkpointKeyOf('s', stageKeyOf(e, 4), backendName());
    const data = checkpoints.items.get(key)?.data ?? new Uint8Array(0);
    expect(data.length).toBeGreaterThan(0);
    data.set([(data.at(-1) ?? 0) ^ 0xff], data.length - 1); // flipped bits in the last weight
    const logs: string[] = [];
    const origins: StageOrigin[] = [];
    const again = await runTrial(e, 4, recordingSink(), live(), {
      stages: new StageCache({ checkpoints, backend: backendName, sweepId: 's', log: (l) => void logs.push(l) }),
      onStage: (s) => void origins.push(s.origin),
    });
    expect(again).toEqual(first);
    expect(origins).toEqual(['trained']);
    expect(logs.join('\n')).toMatch(/corrupt.*trained again/);
    expect(checkpoints.puts).toBe(2); // the retrained stage replaced it
  });
});

describe('stage snapshots', () => {
  const stage = {
    stageKey: 'abc',
    oldAccBefore: 0.1 + 0.2,
    zaps: 2,
    shapes: [[2, 3], [3]],
    weights: [Float32Array.from([1, -2, 3.5, Math.PI, 1e-30, -0]), Float32Array.from([7, 8, 9])],
    calls: [{ kind: 'metric' as const, value: { name: 'pretrain.loss', value: 1 / 3, step: 1 } }],
  };

  it('round-trips exactly', () => {
    const back = decodeStage('k', encodeStage(stage));
    expect(back).toEqual({ ...stage, weights: stage.weights.map((w) => new Float32Array(w)) });
    expect(Object.is(back.weights[0]?.[5], -0)).toBe(true);
  });

  it.each([
    ['truncated', (b: Uint8Array) => b.subarray(0, b.length - 4)],
    ['extended', (b: Uint8Array) => Uint8Array.from([...b, 0, 0, 0, 0])],
    ['not a stage', (b: Uint8Array) => Uint8Array.from(b).fill(65, 0, 8)],
    ['header cut', (b: Uint8Array) => b.subarray(0, 20)],
    ['empty', () => new Uint8Array(0)],
  ])('%s bytes are a CorruptCheckpointError', (_what, damage) => {
    expect(() => decodeStage('k', damage(encodeStage(stage)))).toThrow(CorruptCheckpointError);
  });
});
