/**
 * Where mini-batches come from: raw images (copied from JS arrays per batch, so the full set never
 * sits on the wasm heap) or precomputed features (a tensor the caller owns; gathered per batch).
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE, PIXELS, type ImageSet } from './data/dataset.js';

export interface BatchSource {
  readonly count: number;
  readonly labels: Int32Array;
  /** The inputs of the examples at `indices`; the caller disposes the tensor. */
  inputs(indices: Int32Array): tf.Tensor;
}

export function imageSource(set: ImageSet): BatchSource {
  return {
    count: set.count,
    labels: set.labels,
    inputs(indices) {
      const buf = new Float32Array(indices.length * PIXELS);
      indices.forEach((i, k) => buf.set(set.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS));
      return tf.tensor4d(buf, [indices.length, IMAGE_SIZE, IMAGE_SIZE, 1]);
    },
  };
}

export function featureSource(features: tf.Tensor2D, labels: Int32Array): BatchSource {
  return {
    count: labels.length,
    labels,
    inputs: (indices) => tf.tidy(() => tf.gather(features, tf.tensor1d(indices, 'int32'))),
  };
}

/** Indices 0..n-1 in consecutive chunks of `size` (the last may be shorter). */
export function* chunks(order: Int32Array, size: number): Generator<Int32Array> {
  for (let i = 0; i < order.length; i += size) yield order.subarray(i, Math.min(i + size, order.length));
}

export function identityOrder(n: number): Int32Array {
  const o = new Int32Array(n);
  for (let i = 0; i < n; i++) o[i] = i;
  return o;
}

/** Runs `forward` over a whole source in fixed chunks and concatenates the outputs (kept). */
export function mapSource(source: BatchSource, forward: (x: tf.Tensor) => tf.Tensor2D, chunk = 250): tf.Tensor2D {
  const parts: tf.Tensor2D[] = [];
  for (const idx of chunks(identityOrder(source.count), chunk)) {
    parts.push(
      tf.tidy(() => {
        const x = source.inputs(idx);
        return forward(x);
      }),
    );
  }
  const out = tf.concat(parts, 0);
  tf.dispose(parts);
  return out;
}
