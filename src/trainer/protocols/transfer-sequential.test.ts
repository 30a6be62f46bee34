import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { loadTask } from '../data/load-task.js';
import { createModel } from '../model.js';
import { recordingSink, tinyExperiment } from '../test-support.js';
import { transferSequential } from './transfer-sequential.js';

const live = (): AbortSignal => new AbortController().signal;

describe('sequential transfer (glyphs, wasm)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(['head', 'all'] as const)('trainLayers %s: every shot once, one class after another, matrix events, BWT', async (trainLayers) => {
    const experiment = tinyExperiment({
      dataset: { name: 'glyphs', oldClasses: [0, 1, 2], newClasses: [10, 11, 12, 13], trainPerClass: 6, testPerClass: 3 },
      transfer: { mode: 'sequential', shots: 4, trainLayers, checkpoints: 2, learningRate: 0.05 },
    });
    const data = await loadTask(experiment, 3);
    const model = createModel({ ...experiment.model, classes: data.classes.length }, 3);
    const sink = recordingSink();
    try {
      const r = await transferSequential({ experiment, seed: 3, data, model, sink, signal: live() });
      // 1. Each class's first 4 training images, each exactly once, class by class in r.order.
      expect([...r.order].sort()).toEqual([3, 4, 5, 6]);
      expect(r.imagesSeen).toHaveLength(16);
      expect(new Set(r.imagesSeen).size).toBe(16);
      r.order.forEach((c, t) => {
        const block = r.imagesSeen.slice(t * 4, t * 4 + 4);
        expect(block.every((i) => data.newTrain.labels[i] === c)).toBe(true);
      });
      // 2. Checkpoints at 2 and 4 classes: the matrix columns and the curve.
      const at = (name: string): Array<number | undefined> => sink.metrics.filter((m) => m.name === name).map((m) => m.step);
      expect(at('seq.accAfterClasses')).toEqual([2, 4]);
      expect(at('seq.classAccuracy.1')).toEqual([2, 4]);
      expect(at('seq.classAccuracy.3')).toEqual([4]);
      expect(at('seq.bwt')).toEqual([4]);
      const curveEnd = sink.metrics.filter((m) => m.name === 'seq.accAfterClasses').at(-1)?.value;
      expect(curveEnd).toBeCloseTo(r.newAccAfter, 12);
      expect(r.bwt).toBeGreaterThanOrEqual(-1);
      expect(r.bwt).toBeLessThanOrEqual(1);
      expect(sink.progress.calls.map((p) => p.step)).toEqual([4, 8, 12, 16]);
    } finally {
      model.dispose();
    }
  });

  it('the class order is seeded and the same whatever the optimizer (paired runs)', async () => {
    const orders: number[][] = [];
    for (const optimizer of ['sgd', 'adam', 'sgd'] as const) {
      const experiment = tinyExperiment({
        dataset: { name: 'glyphs', oldClasses: [0, 1], newClasses: [20, 21, 22, 23, 24], trainPerClass: 3, testPerClass: 2 },
        transfer: { mode: 'sequential', shots: 2, optimizer },
      });
      const data = await loadTask(experiment, 8);
      const model = createModel({ ...experiment.model, classes: data.classes.length }, 8);
      const r = await transferSequential({ experiment, seed: 8, data, model, sink: recordingSink(), signal: live() });
      model.dispose();
      orders.push([...r.order]);
    }
    expect(orders[1]).toEqual(orders[0]);
    expect(orders[2]).toEqual(orders[0]);
  });
});
