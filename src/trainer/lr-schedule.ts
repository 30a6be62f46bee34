/**
 * The learning rate of each optimizer step (pure). Schedules are per epoch, as PyTorch's
 * CosineAnnealingLR and StepLR stepped once per epoch; warmup is per step, as LinearLR with
 * start_factor 1/N stepped once per step, multiplied onto the epoch's rate.
 */
import type { OptimizerConfig } from '../spec/optimizer-schema.js';

export interface RatePosition {
  /** 0-based epoch of the phase. */
  readonly epoch: number;
  /** 1-based optimizer step of the phase. */
  readonly step: number;
  /** Optimizer steps per epoch (for warmup given in epochs). */
  readonly perEpoch: number;
}

/** The epoch's rate before warmup. `epochs` is the phase's epoch count (cosine's default tMax). */
export function epochRate(c: Pick<OptimizerConfig, 'learningRate' | 'schedule'>, epochs: number, epoch: number): number {
  const s = c.schedule;
  switch (s.kind) {
    case 'constant':
      return c.learningRate;
    case 'cosine': {
      const tMax = s.tMax ?? epochs;
      return s.minLearningRate + ((c.learningRate - s.minLearningRate) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2;
    }
    case 'step':
      return c.learningRate * s.gamma ** Math.floor(epoch / s.every);
  }
}

/** Warmup steps of a phase (0 = none). */
export function warmupSteps(c: Pick<OptimizerConfig, 'warmup'>, perEpoch: number): number {
  if (c.warmup === undefined) return 0;
  return c.warmup.steps ?? (c.warmup.epochs ?? 0) * perEpoch;
}

export function learningRateAt(c: Pick<OptimizerConfig, 'learningRate' | 'schedule' | 'warmup'>, epochs: number, at: RatePosition): number {
  const base = epochRate(c, epochs, at.epoch);
  const n = warmupSteps(c, at.perEpoch);
  return n > 0 && at.step <= n ? (base * at.step) / n : base;
}

/** True when the rate never changes during the phase (no schedule, no warmup). */
export function isConstantRate(c: Pick<OptimizerConfig, 'schedule' | 'warmup'>): boolean {
  return c.schedule.kind === 'constant' && c.warmup === undefined;
}

/** The per-step rate function of a phase with `epochs` epochs; undefined when the rate is constant. */
export function rateFunction(c: Pick<OptimizerConfig, 'learningRate' | 'schedule' | 'warmup'>, epochs: number): ((at: RatePosition) => number) | undefined {
  return isConstantRate(c) ? undefined : (at) => learningRateAt(c, epochs, at);
}
