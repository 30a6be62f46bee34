/**
 * i.i.d. pre-training on the old classes: `pretrain.epochs` epochs of shuffled mini-batches with
 * `pretrain.optimizer`. Zaps `pretrain.resetLayers` at the end of every `zapEvery`-th epoch except
 * the last (0 = never), with the zap options of pretrain-zap.ts, then zapBiasedSteps biased steps
 * (biased-steps.ts). Per epoch: metrics pretrain.loss, pretrain.accuracy (train, during the
 * epoch) and pretrain.oldTestAccuracy (measured BEFORE that epoch's zap), step = epoch.
 */
import type * as tf from '@tensorflow/tfjs';
import { imageSource } from '../batches.js';
import { accuracy, type Forward } from '../evaluate.js';
import { headOutputs } from '../model.js';
import { optimizerFor } from '../optimizers.js';
import { rateFunction } from '../lr-schedule.js';
import { trainEpochs } from '../train-loop.js';
import type { ProtocolContext } from './context.js';
import { runBiasedSteps } from './biased-steps.js';
import { pretrainZap } from './pretrain-zap.js';

export interface PretrainResult {
  /** Old-class test accuracy at the end of pre-training. */
  readonly oldAccBefore: number;
  readonly zaps: number;
}

export function shouldZap(epoch: number, epochs: number, zapEvery: number): boolean {
  return zapEvery > 0 && epoch < epochs && epoch % zapEvery === 0;
}

export async function pretrainIid(ctx: ProtocolContext): Promise<PretrainResult> {
  const { pretrain } = ctx.experiment;
  const { model, sink } = ctx;
  const optimizer = optimizerFor(pretrain, pretrain.zapBiasedSteps > 0);
  const test = imageSource(ctx.data.oldTest);
  const train = imageSource(ctx.data.oldTrain);
  const forward: Forward = (x) => model.logits(x as tf.Tensor4D);
  let oldAcc = 0;
  let zaps = 0;
  const oldOutputs = ctx.experiment.dataset.oldClasses.map((_, j) => j);
  try {
    await trainEpochs({
      phase: 'pretrain',
      epochs: pretrain.epochs,
      batchSize: pretrain.batchSize,
      optimizer,
      learningRateAt: rateFunction(pretrain, pretrain.epochs),
      variables: model.variables('all'),
      forward,
      source: train,
      classes: headOutputs(model.spec),
      seed: ctx.seed,
      sink,
      signal: ctx.signal,
      afterEpoch: async (s) => {
        oldAcc = await accuracy(forward, test);
        sink.metric({ name: 'pretrain.loss', value: s.loss, step: s.epoch });
        sink.metric({ name: 'pretrain.accuracy', value: s.accuracy, step: s.epoch });
        sink.metric({ name: 'pretrain.oldTestAccuracy', value: oldAcc, step: s.epoch });
        await ctx.probes?.at({ kind: 'epoch', phase: 'pretrain', step: s.epoch, optimizer });
        if (shouldZap(s.epoch, pretrain.epochs, pretrain.zapEvery)) {
          // Scope classes: the old classes are the ones about to be learned (again).
          const stream = `zap:pretrain:${s.epoch}`;
          await ctx.probes?.at({ kind: 'beforeZap', step: s.epoch });
          const rows = pretrainZap(ctx, optimizer, s.epoch, stream, oldOutputs);
          await ctx.probes?.at({ kind: 'afterZap', step: s.epoch, layers: pretrain.resetLayers, rows, optimizer });
          zaps++;
          if (pretrain.zapBiasedSteps > 0) {
            await runBiasedSteps({
              steps: pretrain.zapBiasedSteps,
              fraction: pretrain.zapBiasedFraction,
              batchSize: pretrain.batchSize,
              rows,
              optimizer,
              headVariables: model.variables('head'),
              forward,
              source: train,
              classes: headOutputs(model.spec),
              seed: ctx.seed,
              stream,
            });
          }
        }
      },
    });
    await ctx.probes?.at({ kind: 'pretrainEnd', step: pretrain.epochs, optimizer });
  } finally {
    optimizer.dispose();
  }
  return { oldAccBefore: oldAcc, zaps };
}
