import type { AxisValue, Experiment } from './schema.js';

/** One unit of work: a resolved experiment and a seed. Produced by expansion, identical in every process. */
export interface Trial {
  /** Position in the sweep's expansion order (Kubernetes: JOB_COMPLETION_INDEX). */
  readonly index: number;
  /** Short hash of { experiment identity (non-default fields, identity.ts), seed }. */
  readonly trialId: string;
  /** Short hash of the experiment identity (no seed). */
  readonly configId: string;
  readonly seed: number;
  /** The swept values of this trial, keyed by full experiment path (e.g. "pretrain.zapEvery"). */
  readonly parameters: Readonly<Record<string, AxisValue>>;
  readonly experiment: Experiment;
}
