/**
 * Gradual unfreezing in transfer (trainLayers: progressive): the head trains from the start;
 * stage k of `unfreeze` adds its layers once `after` units (epochs in mode iid, classes in mode
 * sequential) are done, so after: 1 means from the second epoch (class) on. Pure but for the
 * model's variables. Each change is reported as metric `transfer.trainedLayers` (the number of
 * layers training, head included; step = units done), also at step 0 for the start.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Experiment } from '../spec/schema.js';
import type { Layer, Model } from './model.js';
import type { TrainerSink } from './types.js';

export type UnfreezeStages = NonNullable<Experiment['transfer']['unfreeze']>;

/** Names of the layers training once `done` units are done (head first, then model order). */
export function trainedLayers(model: Pick<Model, 'layers'>, stages: UnfreezeStages, done: number): string[] {
  const names = new Set<string>(['head']);
  for (const s of stages) {
    if (s.after > done) continue;
    for (const l of s.layers === 'all' ? model.layers.map((x) => x.name) : s.layers) names.add(l);
  }
  return ['head', ...model.layers.map((l) => l.name).filter((n) => n !== 'head' && names.has(n))];
}

function variablesOf(layer: Layer): tf.Variable[] {
  return [layer.kernel, layer.bias, ...(layer.gamma ? [layer.gamma] : []), ...(layer.beta ? [layer.beta] : [])];
}

/** Tracks the stage and reports changes; `at(done)` gives the variables to train next. */
export function unfreezer(model: Model, stages: UnfreezeStages, sink: TrainerSink): { at(done: number): tf.Variable[] } {
  let current = '';
  let vars: tf.Variable[] = [];
  return {
    at(done) {
      const names = trainedLayers(model, stages, done);
      const key = names.join(',');
      if (key !== current) {
        current = key;
        vars = names.flatMap((n) => variablesOf(model.layer(n)));
        sink.metric({ name: 'transfer.trainedLayers', value: names.length, step: done });
      }
      return vars;
    },
  };
}
