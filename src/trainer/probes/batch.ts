/**
 * The probe batch of a phase: `probeImages` held-out (test) images of the phase's classes, drawn
 * without replacement from stream `probes:batch:<phase>` of the trial seed. Its own stream, so no
 * training stream is consumed; fixed for the whole phase, so every probe point sees the same images.
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE, PIXELS, type ImageSet } from '../data/dataset.js';
import { createRng, permutation } from '../random.js';
import type { Phase } from '../types.js';

export interface ProbeBatch {
  readonly x: tf.Tensor4D;
  readonly y: tf.Tensor1D;
  readonly count: number;
  dispose(): void;
}

/** The indices of `set` a phase probes: min(images, set.count) of them, in drawn order. */
export function probeIndices(seed: number, phase: Phase, count: number, images: number): Int32Array {
  return permutation(createRng(seed, `probes:batch:${phase}`), count).slice(0, Math.min(images, count));
}

export function probeBatch(set: ImageSet, seed: number, phase: Phase, images: number): ProbeBatch {
  const idx = probeIndices(seed, phase, set.count, images);
  const buf = new Float32Array(idx.length * PIXELS);
  idx.forEach((i, k) => buf.set(set.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS));
  const x = tf.tensor4d(buf, [idx.length, IMAGE_SIZE, IMAGE_SIZE, 1]);
  const y = tf.tensor1d(Int32Array.from(idx, (i) => set.labels[i] as number), 'int32');
  return { x, y, count: idx.length, dispose: () => tf.dispose([x, y]) };
}
