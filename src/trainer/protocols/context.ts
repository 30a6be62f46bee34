import type { Experiment } from '../../spec/schema.js';
import type { TaskData } from '../data/dataset.js';
import type { Model } from '../model.js';
import type { TrainerSink } from '../types.js';

/** What every protocol gets: the trial, its data and model, and the ports. */
export interface ProtocolContext {
  readonly experiment: Experiment;
  readonly seed: number;
  readonly data: TaskData;
  readonly model: Model;
  readonly sink: TrainerSink;
  readonly signal: AbortSignal;
}
