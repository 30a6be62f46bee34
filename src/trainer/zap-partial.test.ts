/**
 * Partial and alternative zaps (issue #17), checked by hand against the weights before and after:
 * zapFraction / zapCount re-sample exactly the rows the `zap` event lists (different rows at
 * each zap), shrink-perturb is shrink * w + perturb * (the resample's fresh values), biased
 * steps draw their share from the zapped classes and train the head only.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { createModel } from './model.js';
import { biasedBatches, runBiasedSteps } from './protocols/biased-steps.js';
import { partialRowCount, pretrainZap } from './protocols/pretrain-zap.js';
import { makeOptimizer } from './optimizers.js';
import { imageSource } from './batches.js';
import { runTrial } from './run-trial.js';
import { recordingSink, tinyExperiment } from './test-support.js';
import { zapHeadRows } from './zap.js';
import type { ProtocolContext } from './protocols/context.js';

const live = (): AbortSignal => new AbortController().signal;

function changedColumns(a: ArrayLike<number>, b: ArrayLike<number>, classes: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.add(i % classes);
  return [...out].sort((x, y) => x - y);
}

describe('partial and alternative zaps', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('row counts: the authors\' round(fraction x head), or zapCount; none for a whole zap', () => {
    const p = tinyExperiment().pretrain;
    expect(partialRowCount({ ...p, zapFraction: 0.1 }, 1000)).toBe(100);
    expect(partialRowCount({ ...p, zapFraction: 0.25 }, 10)).toBe(3); // 2.5 rounds up
    expect(partialRowCount({ ...p, zapFraction: 0.01 }, 10)).toBe(1);
    expect(partialRowCount({ ...p, zapCount: 4 }, 10)).toBe(4);
    expect(partialRowCount(p, 10)).toBeUndefined();
  });

  it('zapFraction: exactly the listed rows change, different rows at each zap, and nothing else', () => {
    const exp = tinyExperiment({ model: { headSize: 20 }, pretrain: { zapEvery: 1, zapFraction: 0.25 } });
    const model = createModel({ ...exp.model, classes: 5 }, 3);
    const sink = recordingSink();
    const opt = makeOptimizer('adam', 0.01);
    const ctx = { experiment: exp, seed: 3, model, sink, signal: live() } as unknown as ProtocolContext;
    const head = model.layer('head');
    const rowsSeen: number[][] = [];
    for (const epoch of [1, 2]) {
      const before = head.kernel.dataSync().slice();
      const others = model.variables('all').filter((v) => v !== head.kernel).map((v) => v.dataSync().slice());
      const rows = pretrainZap(ctx, opt, epoch, `zap:pretrain:${epoch}`, [0, 1, 2]);
      expect(rows).toHaveLength(5);
      expect(changedColumns(before, head.kernel.dataSync(), 20)).toEqual(rows);
      model.variables('all').filter((v) => v !== head.kernel).forEach((v, i) => expect(v.dataSync()).toEqual(others[i]));
      expect(sink.zaps.at(-1)).toEqual({ phase: 'pretrain', step: epoch, layers: ['head'], rows });
      rowsSeen.push(rows);
    }
    expect(rowsSeen[1]).not.toEqual(rowsSeen[0]);
    model.dispose();
    opt.dispose();
  });

  it('shrink-perturb: w <- shrink * w + perturb * fresh, on the chosen rows only', () => {
    const model = createModel({ convBlocks: 1, width: 3, norm: 'none', classes: 6 }, 5);
    const twin = createModel({ convBlocks: 1, width: 3, norm: 'none', classes: 6 }, 5);
    const head = model.layer('head');
    const w0 = head.kernel.dataSync().slice();
    zapHeadRows(twin, [1, 4], 9, 'zap:x'); // the resample's fresh values, from the same stream
    const fresh = twin.layer('head').kernel.dataSync();
    zapHeadRows(model, [1, 4], 9, 'zap:x', { shrinkPerturb: { shrink: 0.4, perturb: 0.1 } });
    const w1 = head.kernel.dataSync();
    for (let i = 0; i < w0.length; i++) {
      const j = i % 6;
      const expected = j === 1 || j === 4 ? 0.4 * (w0[i] as number) + 0.1 * (fresh[i] as number) : (w0[i] as number);
      expect(Math.abs((w1[i] as number) - expected)).toBeLessThan(1e-6);
    }
    model.dispose();
    twin.dispose();
  });

  it('biased batches: floor(batch x fraction) from the zapped classes, the rest from all images', () => {
    const labels = Int32Array.from({ length: 60 }, (_, i) => i % 6);
    const batches = biasedBatches({ steps: 3, fraction: 0.5, batchSize: 9, rows: [2, 5], seed: 1, stream: 'zap:pretrain:1' }, labels);
    expect(batches).toHaveLength(3);
    for (const b of batches) {
      expect(b).toHaveLength(9);
      const biased = b.slice(0, 4);
      biased.forEach((i) => expect([2, 5]).toContain(labels[i]));
      expect(new Set(b.slice(4)).size).toBe(5); // without replacement
    }
    expect(batches[1]).not.toEqual(batches[0]);
    // Rows beyond the data's classes: an unbiased batch, as the authors' sampler.
    const unbiased = biasedBatches({ steps: 1, fraction: 1, batchSize: 4, rows: [40], seed: 1, stream: 's' }, labels);
    expect(unbiased[0]).toHaveLength(4);
  });

  it('biased steps train the head only', async () => {
    const exp = tinyExperiment();
    const { loadTask } = await import('./run-trial.js');
    const data = await loadTask(exp, 1);
    const model = createModel({ ...exp.model, classes: data.classes.length }, 1);
    const opt = makeOptimizer('sgd', 0.1);
    const body = model.variables('all').filter((v) => !model.variables('head').includes(v));
    const body0 = body.map((v) => v.dataSync().slice());
    const head0 = model.layer('head').kernel.dataSync().slice();
    await runBiasedSteps({
      steps: 2, fraction: 0.5, batchSize: 8, rows: [0], optimizer: opt, headVariables: model.variables('head'),
      forward: (x) => model.logits(x as tf.Tensor4D), source: imageSource(data.oldTrain), classes: data.classes.length, seed: 1, stream: 'zap:pretrain:1',
    });
    body.forEach((v, i) => expect(v.dataSync()).toEqual(body0[i]));
    expect(model.layer('head').kernel.dataSync()).not.toEqual(head0);
    model.dispose();
    opt.dispose();
  });

  it('in a trial: partial zaps with biased steps and shrink-perturb run, are deterministic, leak nothing', async () => {
    const exp = tinyExperiment({ pretrain: { epochs: 3, zapEvery: 1, zapCount: 2, zapBiasedSteps: 2, zapBiasedFraction: 0.5 } });
    const [a, b] = [recordingSink(), recordingSink()];
    const before = tf.memory().numTensors;
    const m1 = await runTrial(exp, 2, a, live());
    expect(tf.memory().numTensors).toBe(before);
    const m2 = await runTrial(exp, 2, b, live());
    expect(m2).toEqual(m1);
    expect(a.zaps.map((z) => z.rows?.length)).toEqual([2, 2]);
    const sp = tinyExperiment({ pretrain: { epochs: 3, zapEvery: 1, zapMode: 'shrink-perturb', shrink: 0.5, perturb: 0.1 } });
    const whole = tinyExperiment({ pretrain: { epochs: 3, zapEvery: 1 } });
    const [c, d] = [recordingSink(), recordingSink()];
    await runTrial(sp, 2, c, live());
    await runTrial(whole, 2, d, live());
    expect(c.metrics).not.toEqual(d.metrics);
    expect(c.zaps[0]?.rows).toBeUndefined(); // a whole-head zap lists no rows
  });
});
