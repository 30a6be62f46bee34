/**
 * Partial and alternative zaps of `pretrain` (README "Sweep spec reference"). Defaults are the
 * behaviour from before these knobs existed: whole layers re-sampled, no biased steps.
 */
import { z } from 'zod';

export const zapModeNames = ['resample', 'shrink-perturb'] as const;

export const zapFields = {
  /** Head rows re-sampled at each zap, as a fraction of the head's outputs (rounded); 1 = all. */
  zapFraction: z.number().gt(0).max(1).default(1),
  /** Head rows re-sampled at each zap, as a count (instead of zapFraction). */
  zapCount: z.number().int().positive().max(100_000).optional(),
  /** Steps after each zap on batches biased toward the zapped rows' classes (head only trained). */
  zapBiasedSteps: z.number().int().nonnegative().max(100_000).default(0),
  /** Fraction of each biased batch drawn from the zapped rows' classes; the rest from all classes. */
  zapBiasedFraction: z.number().min(0).max(1).default(0),
  /** resample: w <- fresh sample; shrink-perturb: w <- shrink * w + perturb * fresh sample. */
  zapMode: z.enum(zapModeNames).default('resample'),
  shrink: z.number().min(0).max(1).optional(),
  perturb: z.number().nonnegative().max(10).optional(),
} as const;
