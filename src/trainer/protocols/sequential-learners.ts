/**
 * The two learners of sequential transfer, behind one interface:
 *   head: the body is frozen, so features of the new-class train images, new test and old test
 *         images are computed ONCE; the head trains on plain Float32Arrays (linear-head.ts) and is
 *         written back into the model's variables at the end.
 *   all:  every variable trains on images through tfjs, one image per optimizer step.
 *   progressive: as all, training the head first and more layers class by class (unfreeze.ts).
 * Tensor reads are asynchronous (the webgpu backend cannot read synchronously in Node); the head
 * learner's steps stay synchronous array code.
 */
import * as tf from '@tensorflow/tfjs';
import { chunks, imageSource, mapSource, type BatchSource } from '../batches.js';
import type { ImageSet } from '../data/dataset.js';
import type { Forward } from '../evaluate.js';
import { LinearHead } from '../linear-head.js';
import { headOutputs } from '../model.js';
import { learningRateAt } from '../lr-schedule.js';
import { optimizerFor, setLearningRate } from '../optimizers.js';
import { unfreezer } from '../unfreeze.js';
import { isPlain, ruleOf } from '../update-rule.js';
import { trainStep } from '../train-loop.js';
import type { ProtocolContext } from './context.js';

export type EvalSet = 'newTest' | 'oldTest';

export interface SequentialLearner {
  /** One optimizer step on image `index` of newTrain. */
  step(index: number): { loss: number; correct: boolean } | Promise<{ loss: number; correct: boolean }>;
  /** Predicted head output of images `indices` of a test set. */
  predict(set: EvalSet, indices: Int32Array): Int32Array | Promise<Int32Array>;
  /** Before the steps of the class that follows `done` learned classes (gradual unfreezing). */
  beginClass?(done: number): void;
  /** Writes trained weights back into the model and frees what the learner holds. */
  finish(): void;
}

export function sequentialLearner(ctx: ProtocolContext): Promise<SequentialLearner> {
  return ctx.experiment.transfer.trainLayers === 'head' ? headLearner(ctx) : Promise.resolve(allLayersLearner(ctx));
}

async function featuresOf(ctx: ProtocolContext, set: ImageSet): Promise<Float32Array> {
  const f = mapSource(imageSource(set), (x) => ctx.model.features(x as tf.Tensor4D));
  try {
    return (await f.data()) as Float32Array;
  } finally {
    f.dispose();
  }
}

async function headLearner(ctx: ProtocolContext): Promise<SequentialLearner> {
  const { model, data } = ctx;
  const { transfer } = ctx.experiment;
  const head = model.layer('head');
  const sets = { newTrain: await featuresOf(ctx, data.newTrain), newTest: await featuresOf(ctx, data.newTest), oldTest: await featuresOf(ctx, data.oldTest) };
  const linear = new LinearHead(
    model.featureSize,
    headOutputs(model.spec),
    (await head.kernel.data()).slice() as Float32Array,
    (await head.bias.data()).slice() as Float32Array,
    transfer.optimizer,
    transfer.learningRate,
    ...(isPlain(transfer) ? [] : [ruleOf(transfer)]),
  );
  const rate = warmupRate(ctx);
  return {
    step: (index) => {
      if (rate !== undefined) linear.learningRate = rate();
      return linear.step(sets.newTrain, index, data.newTrain.labels[index] as number);
    },
    predict: (set, indices) => linear.predict(sets[set], indices),
    finish: () => {
      tf.tidy(() => {
        head.kernel.assign(tf.tensor(linear.kernel, head.kernel.shape));
        head.bias.assign(tf.tensor(linear.bias, head.bias.shape));
      });
    },
  };
}

function allLayersLearner(ctx: ProtocolContext): SequentialLearner {
  const { model, data } = ctx;
  const { transfer } = ctx.experiment;
  const progressive = transfer.trainLayers === 'progressive' ? unfreezer(model, transfer.unfreeze ?? [], ctx.sink) : undefined;
  const optimizer = optimizerFor(transfer, progressive !== undefined);
  const rate = warmupRate(ctx);
  const forward: Forward = (x) => model.logits(x as tf.Tensor4D);
  const train = imageSource(data.newTrain);
  const sources: Record<EvalSet, BatchSource> = { newTest: imageSource(data.newTest), oldTest: imageSource(data.oldTest) };
  const o = { optimizer, variables: model.variables('all'), forward, source: train, classes: headOutputs(model.spec) };
  return {
    ...(progressive === undefined ? {} : { beginClass: (done: number) => (o.variables = progressive.at(done)) }),
    step: async (index) => {
      if (rate !== undefined) setLearningRate(optimizer, rate());
      const r = await trainStep(o, Int32Array.of(index));
      return { loss: r.loss, correct: r.correct === 1 };
    },
    predict: async (set, indices) => {
      const out = new Int32Array(indices.length);
      let at = 0;
      for (const idx of chunks(indices, 250)) {
        const p = tf.tidy(() => {
          const x = sources[set].inputs(idx);
          return tf.argMax(forward(x), 1);
        });
        out.set(await p.data(), at);
        at += idx.length;
        p.dispose();
      }
      return out;
    },
    finish: () => optimizer.dispose(),
  };
}

/**
 * Sequential transfer is one pass (one "epoch"): only a warmup in steps moves its rate (the spec
 * checks refuse schedules and warmup in epochs there). Each call is the rate of the next step.
 */
function warmupRate(ctx: ProtocolContext): (() => number) | undefined {
  const { transfer } = ctx.experiment;
  if (transfer.warmup === undefined) return undefined;
  let step = 0;
  return () => learningRateAt(transfer, 1, { epoch: 0, step: ++step, perEpoch: 1 });
}

/** Indices of the images of head output `label` in `set`. */
export function indicesOf(labels: Int32Array, label: number): Int32Array {
  const out: number[] = [];
  labels.forEach((l, i) => {
    if (l === label) out.push(i);
  });
  return Int32Array.from(out);
}


