import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { loadTask } from '../data/load-task.js';
import { createModel } from '../model.js';
import { recordingSink, tinyExperiment } from '../test-support.js';
import { pretrainAsb } from './pretrain-asb.js';

const live = (): AbortSignal => new AbortController().signal;

describe('ASB pre-training (glyphs, wasm)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('each episode: inner steps on its class only, remember images from classes seen so far, a per-class zap', async () => {
    const experiment = tinyExperiment({
      dataset: { name: 'glyphs', oldClasses: [0, 1, 2, 3], newClasses: [4], trainPerClass: 5, testPerClass: 2 },
      pretrain: { method: 'asb', zapEvery: 1, zapScope: 'classes', asb: { episodes: 6, innerSteps: 7, innerLearningRate: 0.05, rememberImages: 4 } },
    });
    const data = await loadTask(experiment, 2);
    const model = createModel({ ...experiment.model, classes: data.classes.length }, 2);
    const sink = recordingSink();
    // Record the head kernel column of each episode's class before and after its zap.
    const head = model.layer('head');
    try {
      const r = await pretrainAsb({ experiment, seed: 2, data, model, sink, signal: live() });
      expect(r.episodes).toHaveLength(6);
      const seen = new Set<number>();
      for (const e of r.episodes) {
        expect(e.inner).toHaveLength(7);
        expect(e.inner.every((i) => data.oldTrain.labels[i] === e.cls)).toBe(true);
        // 7 steps over 5 images: each image of the class at least once.
        expect(new Set(e.inner).size).toBe(5);
        seen.add(e.cls);
        expect(e.remember).toHaveLength(4);
        expect(e.remember.every((i) => seen.has(data.oldTrain.labels[i] as number))).toBe(true);
      }
      expect(sink.zaps.map((z) => z.step)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(r.zaps).toBe(6);
      expect(sink.metrics.filter((m) => m.name === 'pretrain.oldTestAccuracy').at(-1)?.step).toBe(6);
      expect(r.oldAccBefore).toBeGreaterThanOrEqual(0);
      expect(head.kernel.shape).toEqual([model.featureSize, 5]);
    } finally {
      model.dispose();
    }
  });

  it('zapEvery 0 never zaps; the episode classes are seeded', async () => {
    const experiment = tinyExperiment({
      dataset: { name: 'glyphs', oldClasses: [0, 1, 2], newClasses: [4], trainPerClass: 3, testPerClass: 1 },
      pretrain: { method: 'asb', zapEvery: 0, asb: { episodes: 5, innerSteps: 2, rememberImages: 2 } },
    });
    const data = await loadTask(experiment, 5);
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const model = createModel({ ...experiment.model, classes: data.classes.length }, 5);
      const sink = recordingSink();
      runs.push({ r: await pretrainAsb({ experiment, seed: 5, data, model, sink, signal: live() }), sink });
      model.dispose();
    }
    expect(runs[0]?.sink.zaps).toEqual([]);
    expect(runs[1]?.r.episodes).toEqual(runs[0]?.r.episodes);
  });
});
