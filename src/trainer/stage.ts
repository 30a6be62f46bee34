/**
 * The pre-training stage of a trial, apart from its transfer (docs/proposals/pretrain-sharing.md).
 * Trials that share a stage key (src/spec/stages.ts) get the same pre-trained network: the stage is
 * trained once, kept as a TrainedStage (weights, pre-training result, what it told its sink), and each
 * trial transfers from a fresh model holding those weights. A reusing trial replays the stage's sink
 * calls, so it reports exactly the pre-training curves, zaps and oldAccBefore it would have measured.
 * Contract: transferring from a stage gives bit-identical metrics to training the trial alone (the
 * transfer depends only on the weights, the data and the seed: every random stream is named).
 */
import * as tf from '@tensorflow/tfjs';
import { ZapsweepError } from '../errors.js';
import type { Experiment } from '../spec/schema.js';
import type { TaskData } from './data/dataset.js';
import { trialMetrics } from './metrics.js';
import { createModel, UnknownLayerError, type Model } from './model.js';
import { TrialProbes } from './probes/runner.js';
import { pretrainAsb } from './protocols/pretrain-asb.js';
import { pretrainIid } from './protocols/pretrain-iid.js';
import { transferIid } from './protocols/transfer-iid.js';
import { transferSequential } from './protocols/transfer-sequential.js';
import type { TrainerSink, TrialMetrics } from './types.js';

/** One call the pre-training made on its sink, kept to be replayed. */
export type SinkCall =
  | { readonly kind: 'progress'; readonly value: Parameters<TrainerSink['progress']>[0] }
  | { readonly kind: 'zap'; readonly value: Parameters<TrainerSink['zap']>[0] }
  | { readonly kind: 'metric'; readonly value: Parameters<TrainerSink['metric']>[0] };

export interface TrainedStage {
  readonly stageKey: string;
  /** Old-class test accuracy at the end of pre-training. */
  readonly oldAccBefore: number;
  readonly zaps: number;
  /** The values of model.variables('all'), in that order, with their shapes. */
  readonly weights: readonly Float32Array[];
  readonly shapes: readonly (readonly number[])[];
  readonly calls: readonly SinkCall[];
  /** experiment.probes: the pre-training's probe summary (finished metrics, with its probes.seconds). */
  readonly probeSummary?: Readonly<Record<string, number>>;
}

export interface StageInput {
  readonly stageKey: string;
  readonly experiment: Experiment;
  readonly seed: number;
  readonly data: TaskData;
  readonly signal: AbortSignal;
}

export function checkLayers(experiment: Experiment): void {
  for (const name of experiment.pretrain.resetLayers) {
    if (name !== 'head' && Number(name.slice(4)) > experiment.model.convBlocks) {
      throw new UnknownLayerError(`pretrain.resetLayers names ${name}, but the model has ${experiment.model.convBlocks} conv blocks`);
    }
  }
}

function modelFor(experiment: Experiment, seed: number, data: TaskData): Model {
  return createModel({ ...experiment.model, classes: data.classes.length }, seed);
}

/** Pre-trains (iid | asb) on the old classes, telling `sink` as it goes; leaves no tensors behind. */
export async function trainStage(i: StageInput, sink: TrainerSink): Promise<TrainedStage> {
  checkLayers(i.experiment);
  const calls: SinkCall[] = [];
  const recording: TrainerSink = {
    progress: (value) => (calls.push({ kind: 'progress', value: { ...value } }), sink.progress(value)),
    zap: (value) => (calls.push({ kind: 'zap', value: { ...value, layers: [...value.layers], ...(value.rows ? { rows: [...value.rows] } : {}) } }), sink.zap(value)),
    metric: (value) => (calls.push({ kind: 'metric', value: { ...value } }), sink.metric(value)),
  };
  const model = modelFor(i.experiment, i.seed, i.data);
  // Probes of the pre-training report through the recording sink, so a reusing trial replays them.
  const probes = i.experiment.probes === undefined ? undefined : new TrialProbes(i.experiment, i.seed, i.data, model, recording);
  try {
    const ctx = { experiment: i.experiment, seed: i.seed, data: i.data, model, sink: recording, signal: i.signal, probes };
    const pre = i.experiment.pretrain.method === 'asb' ? await pretrainAsb(ctx) : await pretrainIid(ctx);
    const probeSummary = await probes?.finish();
    const variables = model.variables('all');
    const weights = await Promise.all(variables.map(async (v) => new Float32Array(await v.data())));
    return { stageKey: i.stageKey, oldAccBefore: pre.oldAccBefore, zaps: pre.zaps, weights, shapes: variables.map((v) => [...v.shape]), calls, ...(probeSummary ? { probeSummary } : {}) };
  } finally {
    probes?.dispose();
    model.dispose();
  }
}

/** The probe summary of the stage and the transfer, their probes.seconds added up. */
function withProbes(stage: TrainedStage, transfer: Record<string, number> | undefined): Record<string, number> {
  if (!transfer && !stage.probeSummary) return {};
  const seconds = (stage.probeSummary?.['probes.seconds'] ?? 0) + (transfer?.['probes.seconds'] ?? 0);
  return { ...stage.probeSummary, ...transfer, 'probes.seconds': seconds };
}

/** Tells `sink` what the stage's pre-training told its own, in order. */
export function replayStage(stage: TrainedStage, sink: TrainerSink): void {
  for (const c of stage.calls) {
    if (c.kind === 'progress') sink.progress({ ...c.value });
    else if (c.kind === 'zap') sink.zap({ ...c.value });
    else sink.metric({ ...c.value });
  }
}

/** Transfers (iid | sequential) from the stage's weights; the metrics of DESIGN.md. */
export async function transferFromStage(i: StageInput, stage: TrainedStage, sink: TrainerSink): Promise<TrialMetrics> {
  const model = modelFor(i.experiment, i.seed, i.data);
  try {
    const variables = model.variables('all');
    if (variables.length !== stage.weights.length || variables.some((v, k) => v.size !== stage.weights[k]?.length)) {
      throw new StageShapeError(stage.stageKey);
    }
    variables.forEach((v, k) => {
      const w = stage.weights[k] as Float32Array;
      tf.tidy(() => v.assign(tf.tensor(w, v.shape, 'float32')));
    });
    const probes = i.experiment.probes === undefined ? undefined : new TrialProbes(i.experiment, i.seed, i.data, model, sink);
    try {
      const ctx = { experiment: i.experiment, seed: i.seed, data: i.data, model, sink, signal: i.signal, probes };
      if (i.experiment.transfer.mode === 'sequential') {
        const tr = await transferSequential(ctx);
        // Sequential adds seq.bwt and seq.learnAccuracy (docs/metrics.md).
        return { ...trialMetrics({ oldAccBefore: stage.oldAccBefore, ...tr }), 'seq.bwt': tr.bwt, 'seq.learnAccuracy': tr.learnAccuracy, ...withProbes(stage, await probes?.finish()) };
      }
      const tr = await transferIid(ctx);
      return { ...trialMetrics({ oldAccBefore: stage.oldAccBefore, ...tr }), ...withProbes(stage, await probes?.finish()) };
    } finally {
      probes?.dispose();
    }
  } finally {
    model.dispose();
  }
}

/** A stored stage whose weights do not fit the trial's model: never used (the stage is trained again). */
export class StageShapeError extends ZapsweepError {
  override readonly name = 'StageShapeError';
  constructor(stageKey: string) {
    super(`the stored pre-training ${stageKey} does not fit this trial's model`, { retryable: true });
  }
}
