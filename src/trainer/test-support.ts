/** Builders shared by the trainer's tests (not imported by production code). */
import { experimentSchema, type Experiment } from '../spec/schema.js';
import type { Phase, TrainerSink } from './types.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A tiny experiment that trains in well under a second on wasm; override any part. */
export function tinyExperiment(over: DeepPartial<Experiment> = {}): Experiment {
  return experimentSchema.parse({
    dataset: { oldClasses: [0, 1, 2], newClasses: [3, 4], trainPerClass: 12, testPerClass: 6, ...over.dataset },
    model: { convBlocks: 2, width: 4, ...over.model },
    pretrain: { epochs: 2, batchSize: 8, ...over.pretrain },
    transfer: { epochs: 1, batchSize: 8, ...over.transfer },
  });
}

export interface RecordingSink extends TrainerSink {
  readonly progress: TrainerSink['progress'] & { calls: Array<{ phase: Phase; step: number; total: number; loss?: number; accuracy?: number }> };
  readonly zaps: Array<{ phase: Phase; step: number; layers: string[]; rows?: number[] }>;
  readonly metrics: Array<{ name: string; value: number; step?: number }>;
}

export function recordingSink(): RecordingSink {
  const calls: RecordingSink['progress']['calls'] = [];
  const zaps: RecordingSink['zaps'] = [];
  const metrics: RecordingSink['metrics'] = [];
  const progress = Object.assign((p: RecordingSink['progress']['calls'][number]) => void calls.push(p), { calls });
  return { progress, zaps, metrics, zap: (z) => void zaps.push(z), metric: (m) => void metrics.push(m) };
}
