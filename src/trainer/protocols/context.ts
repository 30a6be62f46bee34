import type { Experiment } from '../../spec/schema.js';
import type { TaskData } from '../data/dataset.js';
import type { Model } from '../model.js';
import type { ProbeHooks } from '../probes/types.js';
import type { TrainerSink } from '../types.js';

/** What every protocol gets: the trial, its data and model, and the ports. */
export interface ProtocolContext {
  readonly experiment: Experiment;
  readonly seed: number;
  readonly data: TaskData;
  readonly model: Model;
  readonly sink: TrainerSink;
  readonly signal: AbortSignal;
  /** Fisher / landscape probes (experiment.probes); absent = none. Called at the probe points. */
  readonly probes?: ProbeHooks | undefined;
}
