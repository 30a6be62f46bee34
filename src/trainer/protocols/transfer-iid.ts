/**
 * i.i.d. transfer to the new classes.
 *   1. Re-initialise the head outputs of the new classes (kernel columns Kaiming normal, biases 0).
 *   2. Measure newAccBefore.
 *   3. Train on the new-class training images with transfer.optimizer / learningRate / epochs /
 *      batchSize. trainLayers = head: the body is frozen, so features of every set are computed ONCE
 *      and only the head trains; all: every variable trains on images; progressive: on images, the
 *      head first and then the layers of transfer.unfreeze, stage by stage (unfreeze.ts).
 * The loss is softmax cross-entropy over the whole head; accuracies are argmax over the whole head.
 * Per epoch: transfer.loss, transfer.newTestAccuracy, transfer.oldTestAccuracy (step = epoch).
 * Transfer shock: transfer.shockNewTestAccuracy at steps 1, 5, 20 and 100 (step = optimizer steps).
 */
import type * as tf from '@tensorflow/tfjs';
import { featureSource, imageSource, mapSource, type BatchSource } from '../batches.js';
import { accuracy, type Forward } from '../evaluate.js';
import { headOutputs } from '../model.js';
import { optimizerFor } from '../optimizers.js';
import { rateFunction } from '../lr-schedule.js';
import { trainEpochs } from '../train-loop.js';
import { unfreezer } from '../unfreeze.js';
import { reinitHeadOutputs } from '../zap.js';
import type { ProtocolContext } from './context.js';

export const SHOCK_STEPS: readonly number[] = [1, 5, 20, 100];

export interface TransferResult {
  readonly newAccBefore: number;
  readonly newAccAfter: number;
  readonly oldAccAfter: number;
}

export async function transferIid(ctx: ProtocolContext): Promise<TransferResult> {
  const { transfer } = ctx.experiment;
  const { model, data, sink } = ctx;
  // 1. Fresh head outputs for the new classes.
  const nOld = ctx.experiment.dataset.oldClasses.length;
  const newOutputs = data.classes.map((_, j) => j).slice(nOld);
  reinitHeadOutputs(model, newOutputs, ctx.seed, 'transfer:reinit');
  await ctx.probes?.at({ kind: 'transferStart' });

  // 2. Inputs: cached features (head only) or images (all layers).
  const owned: tf.Tensor[] = [];
  let forward: Forward;
  let train: BatchSource;
  let newTest: BatchSource;
  let oldTest: BatchSource;
  if (transfer.trainLayers === 'head') {
    const features = (x: tf.Tensor): tf.Tensor2D => model.features(x as tf.Tensor4D);
    const cache = (set: typeof data.newTrain): BatchSource => {
      const f = mapSource(imageSource(set), features);
      owned.push(f);
      return featureSource(f, set.labels);
    };
    train = cache(data.newTrain);
    newTest = cache(data.newTest);
    oldTest = cache(data.oldTest);
    forward = (f) => model.head(f as tf.Tensor2D);
  } else {
    train = imageSource(data.newTrain);
    newTest = imageSource(data.newTest);
    oldTest = imageSource(data.oldTest);
    forward = (x) => model.logits(x as tf.Tensor4D);
  }

  const progressive = transfer.trainLayers === 'progressive' ? unfreezer(model, transfer.unfreeze ?? [], sink) : undefined;
  const optimizer = optimizerFor(transfer, progressive !== undefined);
  try {
    const newAccBefore = await accuracy(forward, newTest);
    let newAccAfter = newAccBefore;
    let oldAccAfter = await accuracy(forward, oldTest);
    // 3. Train.
    await trainEpochs({
      phase: 'transfer',
      epochs: transfer.epochs,
      batchSize: transfer.batchSize,
      optimizer,
      learningRateAt: rateFunction(transfer, transfer.epochs),
      variables: model.variables(transfer.trainLayers === 'head' ? 'head' : 'all'),
      variablesFor: progressive === undefined ? undefined : (epoch) => progressive.at(epoch - 1),
      forward,
      source: train,
      classes: headOutputs(model.spec),
      seed: ctx.seed,
      sink,
      signal: ctx.signal,
      afterStep: async (step) => {
        if (SHOCK_STEPS.includes(step)) {
          sink.metric({ name: 'transfer.shockNewTestAccuracy', value: await accuracy(forward, newTest), step });
        }
      },
      afterEpoch: async (s) => {
        newAccAfter = await accuracy(forward, newTest);
        oldAccAfter = await accuracy(forward, oldTest);
        sink.metric({ name: 'transfer.loss', value: s.loss, step: s.epoch });
        sink.metric({ name: 'transfer.newTestAccuracy', value: newAccAfter, step: s.epoch });
        sink.metric({ name: 'transfer.oldTestAccuracy', value: oldAccAfter, step: s.epoch });
        await ctx.probes?.at({ kind: 'epoch', phase: 'transfer', step: s.epoch, optimizer });
      },
    });
    return { newAccBefore, newAccAfter, oldAccAfter };
  } finally {
    optimizer.dispose();
    owned.forEach((t) => t.dispose());
  }
}
