/**
 * What a probe measures: a loss of some variables on a fixed batch. The model's objective is the
 * mean softmax cross-entropy of the whole head on the probe batch (the training loss, so the
 * Fisher diagonal and the Hessian are those of what the optimizer minimises); tests give others
 * (a least-squares head with a known Hessian). Every method is pure with respect to the variables:
 * none assigns them.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../model.js';
import type { ProbeBatch } from './batch.js';

export interface Objective {
  readonly variables: readonly tf.Variable[];
  /** Mean loss over the batch (called under tidy / variableGrads). */
  loss(): tf.Scalar;
  /** Examples in the batch. */
  readonly count: number;
  /** The loss of example `i` alone (its negative log-likelihood for a model). */
  exampleLoss(i: number): tf.Scalar;
  /** Mean loss and accuracy (accuracy NaN where the objective has none). */
  evaluate(): Promise<{ loss: number; accuracy: number }>;
}

export function modelObjective(model: Model, batch: ProbeBatch): Objective {
  const outputs = model.layer('head').bias.shape[0];
  const ce = (x: tf.Tensor4D, labels: tf.Tensor1D): tf.Scalar =>
    tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(labels, outputs), model.logits(x));
  return {
    variables: model.variables('all'),
    count: batch.count,
    loss: () => ce(batch.x, batch.y),
    exampleLoss: (i) => ce(tf.slice(batch.x, [i, 0, 0, 0], [1, -1, -1, -1]), tf.slice(batch.y, [i], [1])),
    evaluate: async () => {
      const [l, c] = tf.tidy((): [tf.Scalar, tf.Scalar] => {
        const logits = model.logits(batch.x);
        const loss = tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(batch.y, outputs), logits);
        return [loss, tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), batch.y), 'float32'))];
      });
      try {
        const [lv, cv] = await Promise.all([l.data(), c.data()]);
        return { loss: lv[0] as number, accuracy: (cv[0] as number) / batch.count };
      } finally {
        l.dispose();
        c.dispose();
      }
    },
  };
}
