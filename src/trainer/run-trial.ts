/**
 * One trial: load data, build the model, pre-train (i.i.d.), transfer (i.i.d.), compute metrics.
 * Contract: the same experiment and seed give the same data, order, initialisation and zaps.
 * Throws TrialAbortedError (retryable) when `signal` fires (checked every batch), DatasetError /
 * UnknownLayerError (not retryable) for impossible experiments. Leaves no tensors behind.
 * The worker calls initBackend() once per process first; if it did not, the default order is used.
 */
import type { Experiment } from '../spec/schema.js';
import { ensureBackend } from './backend.js';
import type { TaskData } from './data/dataset.js';
import { loadMnistTask } from './data/mnist.js';
import { trialMetrics } from './metrics.js';
import { createModel, UnknownLayerError } from './model.js';
import { pretrainIid } from './protocols/pretrain-iid.js';
import { transferIid } from './protocols/transfer-iid.js';
import { throwIfAborted } from './train-loop.js';
import type { TrainerSink, TrialMetrics } from './types.js';

export async function loadTask(experiment: Experiment, seed: number): Promise<TaskData> {
  switch (experiment.dataset.name) {
    case 'mnist':
      return loadMnistTask(experiment.dataset, seed);
  }
}

export async function runTrial(
  experiment: Experiment,
  seed: number,
  sink: TrainerSink,
  signal: AbortSignal,
): Promise<TrialMetrics> {
  throwIfAborted(signal);
  await ensureBackend();
  // 1. Data and model.
  const data = await loadTask(experiment, seed);
  throwIfAborted(signal);
  for (const name of experiment.pretrain.resetLayers) {
    if (name !== 'head' && Number(name.slice(4)) > experiment.model.convBlocks) {
      throw new UnknownLayerError(
        `pretrain.resetLayers names ${name}, but the model has ${experiment.model.convBlocks} conv blocks`,
      );
    }
  }
  const model = createModel({ ...experiment.model, classes: data.classes.length }, seed);
  try {
    const ctx = { experiment, seed, data, model, sink, signal };
    // 2. Pre-training on the old classes.
    const pre = await pretrainIid(ctx);
    // 3. Transfer to the new classes.
    const tr = await transferIid(ctx);
    // 4. Metrics.
    return trialMetrics({ oldAccBefore: pre.oldAccBefore, ...tr });
  } finally {
    model.dispose();
  }
}
