/**
 * Optimizer knobs shared by `pretrain` and `transfer` (PyTorch semantics; README "Sweep spec
 * reference"). Every knob defaults to the behaviour from before it existed, so ids and results of
 * older specs are unchanged (identity.ts): with all defaults the trainer uses TensorFlow.js's own
 * Adam / SGD exactly as before.
 */
import { z } from 'zod';

export const optimizerNames = ['adam', 'adamw', 'sgd'] as const;

const positiveInt = z.number().int().positive();

/** Learning rate per epoch (0-based epoch e); warmup multiplies it during the first steps. */
export const scheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant') }),
  /** PyTorch CosineAnnealingLR: min + (lr - min) * (1 + cos(pi * e / tMax)) / 2; tMax default = epochs. */
  z.strictObject({
    kind: z.literal('cosine'),
    tMax: positiveInt.optional(),
    minLearningRate: z.number().nonnegative().default(0),
  }),
  /** PyTorch StepLR: lr * gamma ^ floor(e / every). */
  z.strictObject({ kind: z.literal('step'), every: positiveInt, gamma: z.number().positive().max(1) }),
]);
export type Schedule = z.output<typeof scheduleSchema>;

/** Linear warmup: step k (1-based) of the first N uses k / N of the scheduled rate (PyTorch LinearLR). */
export const warmupSchema = z
  .strictObject({ steps: positiveInt.optional(), epochs: positiveInt.optional() })
  .refine((w) => (w.steps === undefined) !== (w.epochs === undefined), { message: 'expected warmup in steps or in epochs (one of the two), e.g. { steps: 100 }' });
export type Warmup = z.output<typeof warmupSchema>;

export const optimizerFields = {
  /** sgd: momentum 0..1 (exclusive of 1). */
  momentum: z.number().min(0).lt(1).default(0),
  /** sgd with momentum > 0: Nesterov momentum (PyTorch's). */
  nesterov: z.boolean().default(false),
  /** sgd and adam: L2 added to the gradient (PyTorch weight_decay); adamw: decoupled decay. */
  weightDecay: z.number().nonnegative().max(1).default(0),
  schedule: scheduleSchema.default({ kind: 'constant' }),
  warmup: warmupSchema.optional(),
  /** Clip the global L2 norm of all gradients of a step to this (PyTorch clip_grad_norm_); 0 = off. */
  clipGradNorm: z.number().nonnegative().default(0),
} as const;

/** The optimizer part of a phase (pretrain or transfer), as the trainer reads it. */
export interface OptimizerConfig {
  readonly optimizer: (typeof optimizerNames)[number];
  readonly learningRate: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  readonly schedule: Schedule;
  readonly warmup?: Warmup | undefined;
  readonly clipGradNorm: number;
}
