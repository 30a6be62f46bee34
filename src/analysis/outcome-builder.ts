/** Fluent builder of TrialOutcome fixtures for tests (pure; ships in dist but nothing at runtime uses it). */
import type { AxisValue } from '../spec/schema.js';
import type { TrialOutcome, TrialStatus } from './types.js';

export class OutcomeBuilder {
  private readonly o: TrialOutcome;

  constructor(configId: string, seed: number) {
    // index defaults to the seed; set it with .index() when the order of configurations matters
    this.o = { trialId: `${configId}-s${seed}`, configId, index: seed, seed, parameters: {}, status: 'succeeded', attempts: 1, metrics: {} };
  }

  index(i: number): this {
    this.o.index = i;
    return this;
  }

  params(p: Record<string, AxisValue>): this {
    this.o.parameters = { ...p };
    return this;
  }

  status(s: TrialStatus): this {
    this.o.status = s;
    if (s !== 'succeeded') delete this.o.metrics;
    return this;
  }

  metrics(m: Record<string, number>): this {
    this.o.metrics = { ...this.o.metrics, ...m };
    return this;
  }

  /** Shorthand for the two ranking objectives. */
  scores(retainedAccuracy: number, newTaskGain: number): this {
    return this.metrics({ retainedAccuracy, newTaskGain });
  }

  obj(): TrialOutcome {
    return structuredClone(this.o);
  }
}

export const outcome = (configId: string, seed = 0): OutcomeBuilder => new OutcomeBuilder(configId, seed);
