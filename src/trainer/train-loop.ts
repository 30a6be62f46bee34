/**
 * The mini-batch loop shared by the protocols: per-epoch seeded shuffles, one optimizer step per
 * batch, an abort check and an event-loop yield per batch, progress events.
 *
 * Progress contract: `step` and `total` count BATCHES of the phase (step = batches done so far,
 * total = epochs x batches per epoch). An event goes out every PROGRESS_EVERY batches with the
 * running mean loss of the epoch so far, and at each epoch's end with the epoch's mean loss and
 * train accuracy.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import * as tf from '@tensorflow/tfjs';
import { chunks, type BatchSource } from './batches.js';
import type { Forward } from './evaluate.js';
import type { RatePosition } from './lr-schedule.js';
import { setLearningRate } from './optimizers.js';
import { createRng, permutation } from './random.js';
import { TrialAbortedError, type Phase, type TrainerSink } from './types.js';

export const PROGRESS_EVERY = 10;

export interface EpochStats {
  /** 1-based. */
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
}

export interface LoopOptions {
  readonly phase: Phase;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: tf.Optimizer;
  readonly variables: tf.Variable[];
  readonly forward: Forward;
  readonly source: BatchSource;
  readonly classes: number;
  /** Shuffle order of epoch e comes from stream `shuffle:<phase>:<e>` of this seed. */
  readonly seed: number;
  readonly sink: TrainerSink;
  readonly signal: AbortSignal;
  /** The learning rate of each step (schedules, warmup); absent = the optimizer's own, constant. */
  readonly learningRateAt?: ((at: RatePosition) => number) | undefined;
  /** The variables to train in epoch `epoch` (1-based), when they change (gradual unfreezing). */
  readonly variablesFor?: ((epoch: number) => tf.Variable[]) | undefined;
  /** After each optimizer step, with the 1-based step count of the phase; awaited. */
  readonly afterStep?: (step: number) => void | Promise<void>;
  /** After each epoch's last step (and its progress event); awaited. */
  readonly afterEpoch?: (stats: EpochStats) => void | Promise<void>;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new TrialAbortedError(signal.reason);
}

export async function trainEpochs(o: LoopOptions): Promise<EpochStats[]> {
  const perEpoch = Math.ceil(o.source.count / o.batchSize);
  const total = perEpoch * o.epochs;
  const stats: EpochStats[] = [];
  let step = 0;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const order = permutation(createRng(o.seed, `shuffle:${o.phase}:${epoch}`), o.source.count);
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    const stepOptions = o.variablesFor === undefined ? o : { ...o, variables: o.variablesFor(epoch) };
    for (const idx of chunks(order, o.batchSize)) {
      // 1. Cooperative cancellation: let the event loop deliver an abort, then check it.
      await yieldToLoop();
      throwIfAborted(o.signal);
      // 2. One step, at the scheduled rate.
      if (o.learningRateAt !== undefined) setLearningRate(o.optimizer, o.learningRateAt({ epoch: epoch - 1, step: step + 1, perEpoch }));
      const r = await trainStep(stepOptions, idx);
      lossSum += r.loss * idx.length;
      correct += r.correct;
      seen += idx.length;
      step++;
      await o.afterStep?.(step);
      // 3. Intra-epoch progress.
      if (step % PROGRESS_EVERY === 0 && seen < o.source.count) {
        o.sink.progress({ phase: o.phase, step, total, loss: lossSum / seen });
      }
    }
    const s: EpochStats = { epoch, loss: lossSum / Math.max(seen, 1), accuracy: correct / Math.max(seen, 1) };
    stats.push(s);
    o.sink.progress({ phase: o.phase, step, total, loss: s.loss, accuracy: s.accuracy });
    await o.afterEpoch?.(s);
  }
  return stats;
}

/**
 * One optimizer step on the examples `idx` of `o.source`: the batch's mean loss and hits.
 * The two scalars are read asynchronously (webgpu in Node has no synchronous read).
 */
export async function trainStep(o: Pick<LoopOptions, 'optimizer' | 'variables' | 'forward' | 'source' | 'classes'>, idx: Int32Array): Promise<{ loss: number; correct: number }> {
  const labels = new Int32Array(idx.length);
  idx.forEach((i, k) => (labels[k] = o.source.labels[i] as number));
  const x = o.source.inputs(idx);
  let correct: tf.Tensor | undefined;
  const loss = o.optimizer.minimize(
    () => {
      const y = tf.tensor1d(labels, 'int32');
      const logits = o.forward(x);
      correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'int32')));
      return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(y, o.classes), logits);
    },
    true,
    o.variables,
  );
  x.dispose();
  try {
    const [l, c] = await Promise.all([loss?.data(), correct?.data()]);
    return { loss: l?.[0] ?? NaN, correct: c?.[0] ?? 0 };
  } finally {
    loss?.dispose();
    correct?.dispose();
  }
}
