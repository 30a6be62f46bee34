/**
 * One trial: load data, obtain the pre-training stage (train it, or reuse it: stage.ts), transfer
 * (iid | sequential), metrics.
 * Contract: the same experiment and seed give the same data, order, initialisation and zaps; a trial
 * that reuses its stage gives bit-identical metrics and replays the same pre-training events.
 * Throws TrialAbortedError (retryable) when `signal` fires (checked every batch), DatasetError /
 * UnknownLayerError (not retryable) for impossible experiments. Leaves no tensors behind.
 * The worker calls initBackend() once per process first; if it did not, the default order is used.
 */
import * as tf from '@tensorflow/tfjs';
import type { Experiment } from '../spec/schema.js';
import { shortHash } from '../spec/ids.js';
import { stageKeyOf } from '../spec/stages.js';
import { ensureBackend } from './backend.js';
import type { TaskData } from './data/dataset.js';
import { loadTask as loadAnyTask } from './data/load-task.js';
import { checkLayers, replayStage, trainStage, transferFromStage } from './stage.js';
import type { StageCache, StageOrigin } from './stage-cache.js';
import { throwIfAborted } from './train-loop.js';
import type { TrainerSink, TrialMetrics } from './types.js';

export function loadTask(experiment: Experiment, seed: number): Promise<TaskData> {
  return loadAnyTask(experiment, seed);
}

export interface TrialRunOptions {
  /** Stages kept between trials (a worker process's); without it every trial trains its own. */
  readonly stages?: StageCache;
  /** Where the stage came from, once it is there (before the transfer starts). */
  readonly onStage?: (s: { key: string; origin: StageOrigin; seconds: number }) => void;
}

export async function runTrial(
  experiment: Experiment,
  seed: number,
  sink: TrainerSink,
  signal: AbortSignal,
  options: TrialRunOptions = {},
): Promise<TrialMetrics> {
  throwIfAborted(signal);
  await ensureBackend();
  const stageKey = stageKeyOf(experiment, seed);
  const cache = options.stages;
  // 1. Data (once per dataset and seed in a process that keeps stages).
  const data = cache ? await cache.data(shortHash({ dataset: experiment.dataset, seed }), () => loadTask(experiment, seed)) : await loadTask(experiment, seed);
  throwIfAborted(signal);
  checkLayers(experiment);
  const input = { stageKey, experiment, seed, data, signal };
  // 2. Pre-training on the old classes, or the stage another trial trained.
  const t0 = performance.now();
  // Trained: its events went to the sink live; reused: said first, then its events replayed.
  const seconds = (): number => (performance.now() - t0) / 1000;
  const { stage, origin } = cache ? await cache.obtain(stageKey, () => trainStage(input, sink), signal) : { stage: await trainStage(input, sink), origin: 'trained' as const };
  options.onStage?.({ key: stageKey, origin, seconds: seconds() });
  if (origin !== 'trained') replayStage(stage, sink);
  throwIfAborted(signal);
  // 3. Transfer to the new classes; 4. metrics.
  return transferFromStage(input, stage, sink);
}

/** The backend stages are trained on (part of their checkpoint key). */
export function backendName(): string {
  return tf.getBackend();
}
