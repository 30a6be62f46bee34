/**
 * Accuracy: argmax over the WHOLE head against the true head index, in fixed-size chunks.
 * Reads are asynchronous: the webgpu backend cannot read GPU memory synchronously in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { chunks, identityOrder, type BatchSource } from './batches.js';

export type Forward = (x: tf.Tensor) => tf.Tensor2D;

export async function accuracy(forward: Forward, source: BatchSource, chunk = 250): Promise<number> {
  if (source.count === 0) return 0;
  let correct = 0;
  for (const idx of chunks(identityOrder(source.count), chunk)) {
    const labels = source.labels.subarray(idx[0], (idx[idx.length - 1] as number) + 1);
    const n = tf.tidy(() => {
      const x = source.inputs(idx);
      const hits = tf.equal(tf.argMax(forward(x), 1), tf.tensor1d(labels, 'int32'));
      return tf.sum(tf.cast(hits, 'int32'));
    });
    correct += ((await n.data())[0] as number);
    n.dispose();
  }
  return correct / source.count;
}
