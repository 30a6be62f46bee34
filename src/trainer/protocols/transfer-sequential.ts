/**
 * Sequential (continual) transfer: the new classes one after another, in a seeded order (stream
 * `sequential:order`, so configurations with one seed see the same order), `transfer.shots`
 * training images each (the first shots of the class's seeded train images), ONE image per
 * optimizer step, a single pass: every image is seen exactly once.
 *   1. Re-initialise the head outputs of the new classes; measure newAccBefore.
 *   2. For t = 1..T: train on class t; measure A[t][t] (class t's test accuracy).
 *      At the checkpoints (about transfer.checkpoints, always T): A[i][t] for every learned i,
 *      accuracy over the learned classes' test images, old-task accuracy.
 *   3. newAccAfter = A over all new classes at T, oldAccAfter, BWT.
 * Events (docs/metrics.md): seq.accAfterClasses, seq.oldTestAccuracy, seq.classAccuracy.<i>
 * (step = classes learned), progress per class (step = images seen); extra finished metrics
 * seq.bwt and seq.learnAccuracy (mean diagonal).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createRng, permutation } from '../random.js';
import { backwardTransfer, checkpointsFor, hitRate, mean } from '../sequential-metrics.js';
import { throwIfAborted } from '../train-loop.js';
import { reinitHeadOutputs } from '../zap.js';
import type { ProtocolContext } from './context.js';
import { indicesOf, sequentialLearner, type SequentialLearner } from './sequential-learners.js';
import type { TransferResult } from './transfer-iid.js';

export interface SequentialResult extends TransferResult {
  readonly bwt: number;
  readonly learnAccuracy: number;
  /** Head outputs in the order learned; `imagesSeen[k]` = newTrain indices trained on, in order. */
  readonly order: readonly number[];
  readonly imagesSeen: readonly number[];
}

export async function transferSequential(ctx: ProtocolContext): Promise<SequentialResult> {
  const { transfer } = ctx.experiment;
  const { data, sink } = ctx;
  const nOld = ctx.experiment.dataset.oldClasses.length;
  const newOutputs = data.classes.map((_, j) => j).slice(nOld);
  // 1. Fresh head rows, a seeded class order, the learner.
  reinitHeadOutputs(ctx.model, newOutputs, ctx.seed, 'transfer:reinit');
  await ctx.probes?.at({ kind: 'transferStart' });
  const perm = permutation(createRng(ctx.seed, 'sequential:order'), newOutputs.length);
  const order = Array.from(perm, (k) => newOutputs[k] as number);
  const testOf = new Map(order.map((c) => [c, indicesOf(data.newTest.labels, c)]));
  const allNewTest = Int32Array.from(data.newTest.labels.keys());
  const allOldTest = Int32Array.from(data.oldTest.labels.keys());
  const learner = await sequentialLearner(ctx);
  try {
    const accuracyOn = async (set: 'newTest' | 'oldTest', idx: Int32Array): Promise<number> => {
      const labels = set === 'newTest' ? data.newTest.labels : data.oldTest.labels;
      const p = await learner.predict(set, idx);
      let hits = 0;
      p.forEach((v, k) => (hits += v === labels[idx[k] as number] ? 1 : 0));
      return idx.length === 0 ? 0 : hits / idx.length;
    };
    const newAccBefore = await accuracyOn('newTest', allNewTest);
    const checkpoints = new Set(checkpointsFor(order.length, transfer.checkpoints));
    const total = order.length * transfer.shots;
    const diagonal: number[] = [];
    const imagesSeen: number[] = [];
    let final: number[] = [];
    let seen = 0;
    let lossSum = 0;
    let hits = 0;
    // 2. One class after another.
    for (const [t0, c] of order.entries()) {
      const t = t0 + 1;
      learner.beginClass?.(t0);
      const shots = indicesOf(data.newTrain.labels, c).subarray(0, transfer.shots);
      for (const i of shots) {
        if (seen % 32 === 0) {
          await yieldToLoop();
          throwIfAborted(ctx.signal);
        }
        const r = await learner.step(i);
        imagesSeen.push(i);
        seen++;
        lossSum += r.loss;
        hits += r.correct ? 1 : 0;
      }
      diagonal.push(hitRate(await learner.predict('newTest', testOf.get(c) as Int32Array), c));
      sink.progress({ phase: 'transfer', step: seen, total, loss: lossSum / Math.max(seen, 1), accuracy: hits / Math.max(seen, 1) });
      if (checkpoints.has(t)) final = await checkpoint(ctx, learner, order, testOf, t, accuracyOn, allOldTest);
      if (checkpoints.has(t)) await ctx.probes?.at({ kind: 'checkpoint', step: t });
    }
    // 3. Final figures.
    const newAccAfter = await accuracyOn('newTest', allNewTest);
    const oldAccAfter = await accuracyOn('oldTest', allOldTest);
    const bwt = backwardTransfer(final, diagonal);
    sink.metric({ name: 'transfer.loss', value: lossSum / Math.max(seen, 1), step: 1 });
    sink.metric({ name: 'transfer.newTestAccuracy', value: newAccAfter, step: 1 });
    sink.metric({ name: 'transfer.oldTestAccuracy', value: oldAccAfter, step: 1 });
    sink.metric({ name: 'seq.bwt', value: bwt, step: order.length });
    return { newAccBefore, newAccAfter, oldAccAfter, bwt, learnAccuracy: mean(diagonal), order, imagesSeen };
  } finally {
    learner.finish();
  }
}

/** Column t of the accuracy matrix, as events; returns A[i][t] for i = 1..t. */
async function checkpoint(
  ctx: ProtocolContext,
  learner: SequentialLearner,
  order: readonly number[],
  testOf: ReadonlyMap<number, Int32Array>,
  t: number,
  accuracyOn: (set: 'newTest' | 'oldTest', idx: Int32Array) => Promise<number>,
  allOldTest: Int32Array,
): Promise<number[]> {
  const column: number[] = [];
  for (const c of order.slice(0, t)) column.push(hitRate(await learner.predict('newTest', testOf.get(c) as Int32Array), c));
  column.forEach((a, i) => ctx.sink.metric({ name: `seq.classAccuracy.${i + 1}`, value: a, step: t }));
  const learned = Int32Array.from(order.slice(0, t).flatMap((c) => [...(testOf.get(c) as Int32Array)]));
  ctx.sink.metric({ name: 'seq.accAfterClasses', value: await accuracyOn('newTest', learned), step: t });
  ctx.sink.metric({ name: 'seq.oldTestAccuracy', value: await accuracyOn('oldTest', allOldTest), step: t });
  return column;
}
