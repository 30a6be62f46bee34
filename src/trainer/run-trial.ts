/**
 * One trial: load data, build the model, pre-train (iid | asb), transfer (iid | sequential), metrics.
 * Contract: the same experiment and seed give the same data, order, initialisation and zaps.
 * Throws TrialAbortedError (retryable) when `signal` fires (checked every batch), DatasetError /
 * UnknownLayerError (not retryable) for impossible experiments. Leaves no tensors behind.
 * The worker calls initBackend() once per process first; if it did not, the default order is used.
 */
import type { Experiment } from '../spec/schema.js';
import { ensureBackend } from './backend.js';
import type { TaskData } from './data/dataset.js';
import { loadTask as loadAnyTask } from './data/load-task.js';
import { trialMetrics } from './metrics.js';
import { createModel, UnknownLayerError } from './model.js';
import { pretrainAsb } from './protocols/pretrain-asb.js';
import { pretrainIid } from './protocols/pretrain-iid.js';
import { transferIid } from './protocols/transfer-iid.js';
import { transferSequential } from './protocols/transfer-sequential.js';
import { TrialProbes } from './probes/runner.js';
import { throwIfAborted } from './train-loop.js';
import type { TrainerSink, TrialMetrics } from './types.js';

export function loadTask(experiment: Experiment, seed: number): Promise<TaskData> {
  return loadAnyTask(experiment, seed);
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
  const probes = experiment.probes === undefined ? undefined : new TrialProbes(experiment, seed, data, model, sink);
  try {
    const ctx = { experiment, seed, data, model, sink, signal, probes };
    // 2. Pre-training on the old classes.
    const pre = experiment.pretrain.method === 'asb' ? await pretrainAsb(ctx) : await pretrainIid(ctx);
    // 3. Transfer to the new classes.
    if (experiment.transfer.mode === 'sequential') {
      const tr = await transferSequential(ctx);
      // 4. Metrics (sequential adds seq.bwt and seq.learnAccuracy; docs/metrics.md).
      return { ...trialMetrics({ oldAccBefore: pre.oldAccBefore, ...tr }), 'seq.bwt': tr.bwt, 'seq.learnAccuracy': tr.learnAccuracy, ...(await probes?.finish()) };
    }
    const tr = await transferIid(ctx);
    // 4. Metrics.
    return { ...trialMetrics({ oldAccBefore: pre.oldAccBefore, ...tr }), ...(await probes?.finish()) };
  } finally {
    probes?.dispose();
    model.dispose();
  }
}
