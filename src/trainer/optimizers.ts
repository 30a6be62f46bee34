import * as tf from '@tensorflow/tfjs';

export type OptimizerName = 'adam' | 'sgd';

/** Adam with tfjs defaults (beta1 0.9, beta2 0.999, epsilon 1e-7) or plain SGD (no momentum). */
export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
  }
}
