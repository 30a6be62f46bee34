/**
 * ASB pre-training (the papers' alternating sequential/batch episodes) on the old classes.
 * Episode e = 1..asb.episodes:
 *   1. pick an old class c uniformly (stream `asb:episodes`);
 *   2. zap when zapEvery > 0 and e % zapEvery == 0 (zapScope classes: c's head row; see
 *      pretrain-zap.ts), reported with step = e;
 *   3. asb.innerSteps plain-SGD steps at batch 1 (lr asb.innerLearningRate, every variable) on
 *      c's training images, cycling through a seeded permutation of them;
 *   4. one outer step with pretrain.optimizer / learningRate on those images plus
 *      asb.rememberImages random training images of the classes seen so far (c included).
 * pretrain.epochs and batchSize are not used. Metrics: pretrain.loss (outer loss) and
 * pretrain.oldTestAccuracy at about ten evenly spaced episodes (step = episode).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type * as tf from '@tensorflow/tfjs';
import { imageSource } from '../batches.js';
import { accuracy, type Forward } from '../evaluate.js';
import { headOutputs } from '../model.js';
import { makeOptimizer, optimizerFor } from '../optimizers.js';
import { createRng, permutation } from '../random.js';
import { checkpointsFor } from '../sequential-metrics.js';
import { throwIfAborted, trainStep } from '../train-loop.js';
import type { ProtocolContext } from './context.js';
import type { PretrainResult } from './pretrain-iid.js';
import { pretrainZap } from './pretrain-zap.js';
import { indicesOf } from './sequential-learners.js';

export interface AsbEpisode {
  readonly episode: number;
  /** Head output trained on. */
  readonly cls: number;
  /** oldTrain indices of the inner steps, in order. */
  readonly inner: readonly number[];
  /** oldTrain indices of the remember images. */
  readonly remember: readonly number[];
}

export interface AsbResult extends PretrainResult {
  readonly episodes: readonly AsbEpisode[];
}

export async function pretrainAsb(ctx: ProtocolContext): Promise<AsbResult> {
  const { pretrain } = ctx.experiment;
  const { asb } = pretrain;
  const { model, data, sink } = ctx;
  const nOld = ctx.experiment.dataset.oldClasses.length;
  const outer = optimizerFor(pretrain);
  const inner = makeOptimizer('sgd', asb.innerLearningRate);
  const forward: Forward = (x) => model.logits(x as tf.Tensor4D);
  const source = imageSource(data.oldTrain);
  const step = async (optimizer: tf.Optimizer, idx: Int32Array): Promise<number> =>
    (await trainStep({ optimizer, variables: model.variables('all'), forward, source, classes: headOutputs(model.spec) }, idx)).loss;
  const test = imageSource(data.oldTest);
  const rng = createRng(ctx.seed, 'asb:episodes');
  const byClass = Array.from({ length: nOld }, (_, c) => indicesOf(data.oldTrain.labels, c));
  const cursor = byClass.map(() => 0);
  const orders = byClass.map((idx, c) => permutation(createRng(ctx.seed, `asb:class:${c}`), idx.length));
  const seen = new Set<number>();
  const measureAt = new Set(checkpointsFor(asb.episodes, 10));
  const episodes: AsbEpisode[] = [];
  let oldAcc = 0;
  let zaps = 0;
  let lossSum = 0;
  try {
    for (let e = 1; e <= asb.episodes; e++) {
      await yieldToLoop();
      throwIfAborted(ctx.signal);
      // 1. The episode's class.
      const c = rng.int(nOld);
      const own = byClass[c] as Int32Array;
      const order = orders[c] as Int32Array;
      // 2. Zap.
      if (pretrain.zapEvery > 0 && e % pretrain.zapEvery === 0) {
        pretrainZap(ctx, outer, e, `zap:asb:${e}`, [c]);
        zaps++;
      }
      // 3. Inner steps, batch 1.
      const innerIdx: number[] = [];
      for (let k = 0; k < asb.innerSteps; k++) {
        const at = (cursor[c] as number) % own.length;
        cursor[c] = (cursor[c] as number) + 1;
        const i = own[order[at] as number] as number;
        innerIdx.push(i);
        await step(inner, Int32Array.of(i));
      }
      seen.add(c);
      // 4. Outer step on the episode's images plus remembered ones.
      const pool = [...seen].flatMap((s) => [...(byClass[s] as Int32Array)]);
      const remember = Array.from({ length: asb.rememberImages }, () => pool[rng.int(pool.length)] as number);
      const loss = await step(outer, Int32Array.from([...innerIdx, ...remember]));
      lossSum += loss;
      episodes.push({ episode: e, cls: c, inner: innerIdx, remember });
      if (e % 10 === 0 || e === asb.episodes) sink.progress({ phase: 'pretrain', step: e, total: asb.episodes, loss: lossSum / e });
      if (measureAt.has(e)) {
        oldAcc = await accuracy(forward, test);
        sink.metric({ name: 'pretrain.loss', value: loss, step: e });
        sink.metric({ name: 'pretrain.oldTestAccuracy', value: oldAcc, step: e });
      }
    }
    await ctx.probes?.at({ kind: 'pretrainEnd', step: asb.episodes, optimizer: outer });
  } finally {
    outer.dispose();
    inner.dispose();
  }
  return { oldAccBefore: oldAcc, zaps, episodes };
}
