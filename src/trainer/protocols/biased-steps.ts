/**
 * "Biased" steps after a zap (the authors' lobo_biased_steps / lobo_biased_fraction): each step is
 * one batch of pretrain.batchSize images, floor(batchSize * zapBiasedFraction) of them drawn from
 * the training images of the zapped rows' classes and the rest from all training images (each
 * part without replacement unless it needs more images than it has), and trains the head only
 * (their default lobo_biased_params: the output layer). The optimizer is the phase's own, at its
 * current rate; these steps do not count as steps of the epoch loop (schedules, warmup).
 * Random stream: `<stream>:biased:<k>` (k from 1).
 */
import type * as tf from '@tensorflow/tfjs';
import type { BatchSource } from '../batches.js';
import type { Forward } from '../evaluate.js';
import { createRng, type Rng } from '../random.js';
import { trainStep } from '../train-loop.js';

export interface BiasedStepsOptions {
  readonly steps: number;
  readonly fraction: number;
  readonly batchSize: number;
  /** Head rows zapped; images whose label is one of them are the biased pool. */
  readonly rows: readonly number[];
  readonly optimizer: tf.Optimizer;
  readonly headVariables: tf.Variable[];
  readonly forward: Forward;
  readonly source: BatchSource;
  readonly classes: number;
  readonly seed: number;
  readonly stream: string;
}

/** `size` draws from `pool`: without replacement when the pool is large enough (pure). */
export function choose(rng: Rng, pool: readonly number[], size: number): number[] {
  if (size > pool.length) return Array.from({ length: size }, () => pool[rng.int(pool.length)] as number);
  const copy = [...pool];
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(copy.length - i);
    [copy[i], copy[j]] = [copy[j] as number, copy[i] as number];
  }
  return copy.slice(0, size);
}

/** The example indices of each biased step (pure). */
export function biasedBatches(o: Pick<BiasedStepsOptions, 'steps' | 'fraction' | 'batchSize' | 'rows' | 'seed' | 'stream'>, labels: Int32Array): number[][] {
  const zapped = new Set(o.rows);
  const all = Array.from(labels.keys());
  const pool = all.filter((i) => zapped.has(labels[i] as number));
  // No zapped class has images (rows beyond the data's classes): an unbiased batch, as theirs.
  const nBiased = pool.length === 0 ? 0 : Math.floor(o.batchSize * o.fraction);
  return Array.from({ length: o.steps }, (_, k) => {
    const rng = createRng(o.seed, `${o.stream}:biased:${k + 1}`);
    return [...choose(rng, pool, nBiased), ...choose(rng, all, o.batchSize - nBiased)];
  });
}

/** One after another: each step reads its loss back (asynchronously, for webgpu) before the next. */
export async function runBiasedSteps(o: BiasedStepsOptions): Promise<void> {
  for (const batch of biasedBatches(o, o.source.labels)) {
    await trainStep({ optimizer: o.optimizer, variables: o.headVariables, forward: o.forward, source: o.source, classes: o.classes }, Int32Array.from(batch));
  }
}
