/**
 * The update rules of the configurable optimizers, shared by the tensor optimizer
 * (configured-optimizer.ts) and the array one of head-only sequential transfer (array-optimizer.ts).
 * PyTorch 1.13 semantics, checked against it in optimizers.test.ts:
 *   clip   g *= min(1, clipGradNorm / (||g||_2 over ALL gradients of the step + 1e-6))
 *   sgd    g += weightDecay * w; buf = momentum * buf + g; g = nesterov ? g + momentum * buf : buf;
 *          w -= lr * g  (buf starts at 0, which equals PyTorch's "buf = g" on the first step)
 *   adam   g += weightDecay * w (L2 in the gradient); m, v as Adam; w -= lr / bc1 * m / (sqrt(v / bc2) + eps)
 *   adamw  w *= 1 - lr * weightDecay (decoupled), then adam without the L2 term
 * beta1 0.9, beta2 0.999, epsilon 1e-7 (TensorFlow's default, the one the plain Adam path uses;
 * PyTorch's default is 1e-8). Step counts for bias correction are per weight, as PyTorch's.
 */
import type { OptimizerConfig } from '../spec/optimizer-schema.js';

export const BETA1 = 0.9;
export const BETA2 = 0.999;
export const EPSILON = 1e-7;
/** PyTorch clip_grad_norm_ adds this to the norm before dividing. */
export const CLIP_EPS = 1e-6;

export interface UpdateRule {
  readonly kind: 'adam' | 'adamw' | 'sgd';
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  readonly clipGradNorm: number;
}

export function ruleOf(c: Pick<OptimizerConfig, 'optimizer' | 'momentum' | 'nesterov' | 'weightDecay' | 'clipGradNorm'>): UpdateRule {
  return { kind: c.optimizer, momentum: c.momentum, nesterov: c.nesterov, weightDecay: c.weightDecay, clipGradNorm: c.clipGradNorm };
}

/**
 * True when the phase uses none of the knobs beyond optimizer and learning rate: the trainer then
 * uses TensorFlow.js's own Adam or SGD, exactly as before the knobs existed (same results, bit for bit).
 */
export function isPlain(c: OptimizerConfig): boolean {
  return (
    c.optimizer !== 'adamw' &&
    c.momentum === 0 &&
    !c.nesterov &&
    c.weightDecay === 0 &&
    c.clipGradNorm === 0 &&
    c.schedule.kind === 'constant' &&
    c.warmup === undefined
  );
}
