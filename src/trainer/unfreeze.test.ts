/** Gradual unfreezing (transfer.trainLayers progressive): what trains when, and that frozen stays frozen. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { imageSource } from './batches.js';
import { createModel } from './model.js';
import { optimizerFor } from './optimizers.js';
import { loadTask, runTrial } from './run-trial.js';
import { recordingSink, tinyExperiment } from './test-support.js';
import { trainEpochs } from './train-loop.js';
import { trainedLayers, unfreezer } from './unfreeze.js';

const live = (): AbortSignal => new AbortController().signal;
const model3 = { layers: [{ name: 'conv1' }, { name: 'conv2' }, { name: 'conv3' }, { name: 'head' }] };

describe('gradual unfreezing', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each([
    [0, ['head']],
    [1, ['head', 'conv3']],
    [2, ['head', 'conv3']],
    [3, ['head', 'conv1', 'conv2', 'conv3']],
  ] as const)('after %i units: %j', (done, names) => {
    const stages = [{ after: 1, layers: ['conv3'] }, { after: 3, layers: 'all' as const }];
    expect(trainedLayers(model3 as never, stages, done)).toEqual(names);
  });

  it('each epoch trains exactly its stage\'s layers; the rest stay as they were', async () => {
    const exp = tinyExperiment();
    const data = await loadTask(exp, 1);
    const model = createModel({ ...exp.model, classes: data.classes.length }, 1);
    const sink = recordingSink();
    const stages = [{ after: 1, layers: ['conv2'] }, { after: 2, layers: 'all' as const }];
    const u = unfreezer(model, stages, sink);
    const optimizer = optimizerFor(exp.transfer, true);
    const snapshot = (): Record<string, Float32Array> => Object.fromEntries(model.layers.map((l) => [l.name, l.kernel.dataSync().slice() as Float32Array]));
    const changed: string[][] = [];
    let before = snapshot();
    await trainEpochs({
      phase: 'transfer', epochs: 3, batchSize: 8, optimizer, variables: model.variables('all'), variablesFor: (e) => u.at(e - 1),
      forward: (x) => model.logits(x as tf.Tensor4D), source: imageSource(data.newTrain), classes: data.classes.length, seed: 1, sink, signal: live(),
      afterEpoch: () => {
        const now = snapshot();
        changed.push(Object.keys(now).filter((k) => now[k]?.some((v, i) => v !== before[k]?.[i])));
        before = now;
      },
    });
    expect(changed).toEqual([['head'], ['conv2', 'head'], ['conv1', 'conv2', 'head']]);
    expect(sink.metrics.filter((m) => m.name === 'transfer.trainedLayers').map((m) => [m.step, m.value])).toEqual([[0, 1], [1, 2], [2, 3]]);
    optimizer.dispose();
    model.dispose();
  });

  it.each(['iid', 'sequential'] as const)('in a trial (%s transfer): runs, records the stages, leaks nothing', async (mode) => {
    const transfer = mode === 'iid'
      ? { trainLayers: 'progressive' as const, epochs: 3, unfreeze: [{ after: 1, layers: ['conv2'] }, { after: 2, layers: 'all' as const }] }
      : { mode, shots: 4, trainLayers: 'progressive' as const, unfreeze: [{ after: 1, layers: 'all' as const }] };
    const sink = recordingSink();
    const before = tf.memory().numTensors;
    const m = await runTrial(tinyExperiment({ transfer }), 1, sink, live());
    expect(tf.memory().numTensors).toBe(before);
    expect(m.newAccAfter).toBeGreaterThanOrEqual(0);
    const stagesSeen = sink.metrics.filter((x) => x.name === 'transfer.trainedLayers').map((x) => x.step);
    expect(stagesSeen).toEqual(mode === 'iid' ? [0, 1, 2] : [0, 1]);
  });
});
