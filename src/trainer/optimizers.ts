/**
 * Optimizers of the phases. With only `optimizer` and `learningRate` set (isPlain), tfjs's own
 * Adam (beta1 0.9, beta2 0.999, epsilon 1e-7) or plain SGD, exactly as before the other knobs
 * existed; otherwise a ConfiguredOptimizer (update-rule.ts, PyTorch semantics).
 */
import * as tf from '@tensorflow/tfjs';
import { ZapsweepError } from '../errors.js';
import type { OptimizerConfig } from '../spec/optimizer-schema.js';
import { ConfiguredOptimizer } from './configured-optimizer.js';
import { isPlain, ruleOf } from './update-rule.js';

export type OptimizerName = OptimizerConfig['optimizer'];

/** The optimizer defaults of a phase: only the name and rate set. */
export function plainConfig(optimizer: OptimizerName, learningRate: number): OptimizerConfig {
  return { optimizer, learningRate, momentum: 0, nesterov: false, weightDecay: 0, schedule: { kind: 'constant' }, clipGradNorm: 0 };
}

export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  return optimizerFor(plainConfig(name, learningRate));
}

/**
 * The optimizer of a phase's config (its starting learning rate; schedules move it).
 * `subsets`: the phase steps on different variable lists (biased steps on the head only, gradual
 * unfreezing). tfjs's Adam keys its moments by the position of a variable in the list, so such a
 * phase always gets the ConfiguredOptimizer (state by variable name, as PyTorch's).
 */
export function optimizerFor(c: OptimizerConfig, subsets = false): tf.Optimizer {
  if (isPlain(c) && !subsets) return c.optimizer === 'adam' ? tf.train.adam(c.learningRate) : tf.train.sgd(c.learningRate);
  return new ConfiguredOptimizer(ruleOf(c), c.learningRate);
}

/** Sets the learning rate of an optimizer made by optimizerFor with a schedule or warmup. */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  if (optimizer instanceof ConfiguredOptimizer) optimizer.learningRate = learningRate;
  else throw new ZapsweepError('internal: a learning-rate schedule needs a ConfiguredOptimizer (optimizerFor)');
}
