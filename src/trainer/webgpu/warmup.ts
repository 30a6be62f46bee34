/**
 * Warm-up: one throwaway training step per batch size a trial will use, on a throwaway model of
 * the trial's shape and zero images, so that the webgpu backend compiles its shaders (its
 * pipeline cache is per process, keyed by program and shape) before the trial's clock starts.
 * The time it takes is what `started.warmup.compileMs` reports, apart from training.
 * Contract: touches no state of the trial (own model, own optimizers, no seeded stream the trial
 * reads); leaves no tensors behind. Shapes it misses (a last partial batch) compile on first use.
 */
import * as tf from '@tensorflow/tfjs';
import type { Experiment } from '../../spec/schema.js';
import type { BatchSource } from '../batches.js';
import { IMAGE_SIZE } from '../data/dataset.js';
import { accuracy } from '../evaluate.js';
import { createModel, headOutputs } from '../model.js';
import { trainStep } from '../train-loop.js';

/** Batch sizes of the training steps of a trial, smallest first. */
export function trialBatchSizes(e: Experiment): number[] {
  const { pretrain, transfer } = e;
  const sizes = new Set<number>();
  if (pretrain.method === 'asb') {
    sizes.add(1);
    sizes.add(pretrain.asb.innerSteps + pretrain.asb.rememberImages);
  } else {
    sizes.add(pretrain.batchSize);
  }
  sizes.add(transfer.mode === 'sequential' ? 1 : transfer.batchSize);
  return [...sizes].sort((a, b) => a - b);
}

function zeros(count: number): BatchSource {
  return {
    count,
    labels: new Int32Array(count),
    inputs: (idx) => tf.zeros([idx.length, IMAGE_SIZE, IMAGE_SIZE, 1]),
  };
}

/** Runs the warm-up on the current backend; milliseconds taken. */
export async function warmUpTrial(e: Experiment): Promise<number> {
  const t0 = performance.now();
  const classes = e.dataset.oldClasses.length + e.dataset.newClasses.length;
  const model = createModel({ ...e.model, classes }, 0);
  const optimizers = [tf.train.adam(0), tf.train.sgd(0)];
  try {
    const forward = (x: tf.Tensor): tf.Tensor2D => model.logits(x as tf.Tensor4D);
    const sizes = trialBatchSizes(e);
    for (const size of sizes) {
      for (const optimizer of optimizers) {
        await trainStep({ optimizer, variables: model.variables('all'), forward, source: zeros(size), classes: headOutputs(model.spec) }, new Int32Array(size));
      }
    }
    // Evaluation runs in chunks of up to 250 images (evaluate.ts).
    await accuracy(forward, zeros(Math.min(250, e.dataset.testPerClass * classes)));
    return performance.now() - t0;
  } finally {
    optimizers.forEach((o) => o.dispose());
    model.dispose();
  }
}
