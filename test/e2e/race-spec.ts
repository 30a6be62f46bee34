/** A tiny raced sweep (tiny-spec.ts's experiment): a transfer learning rate of 1e-5 cannot learn the new task. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TINY_EXPERIMENT } from './tiny-spec.js';

export const LOCAL = 'executor: { kind: local, parallelism: 2 }';

export function writeRaceSpec(dir: string, executor = LOCAL): string {
  const file = join(dir, 'race.yaml');
  writeFileSync(
    file,
    `apiVersion: zapsweep/v1
kind: Sweep
metadata:
  name: tinyrace
spec:
  experiment:
${TINY_EXPERIMENT}  parameters:
    transfer.learningRate: [0.05, 0.00001]
    zapEvery: [0, 1]
  seeds: 5
  search: { kind: race, minSeeds: 3, seedsPerRound: 1, objective: newAccAfter }
  ${executor}
  budget: { maxTrials: 40, trialTimeout: 5m, retries: 2 }
`,
  );
  return file;
}

/**
 * A tiny sweep with the median stopping rule. With one worker at a time the learning
 * configuration's seed 0 completes first; a pre-training rate of 1e-7 learns nothing, so its
 * old-task accuracy at epoch 2 of 6 is far below that median.
 */
export function writeStoppingSpec(dir: string, executor = 'executor: { kind: local, parallelism: 1 }'): string {
  const file = join(dir, 'stop.yaml');
  writeFileSync(
    file,
    `apiVersion: zapsweep/v1
kind: Sweep
metadata:
  name: tinystop
spec:
  experiment:
    dataset: { name: mnist, oldClasses: [0, 1, 2], newClasses: [3, 4], trainPerClass: 24, testPerClass: 8 }
    model: { convBlocks: 1, width: 4 }
    pretrain: { epochs: 6, batchSize: 16, learningRate: 0.01 }
    transfer: { epochs: 1, batchSize: 8, learningRate: 0.05 }
  parameters:
    pretrain.learningRate: [0.01, 0.0000001]
  seeds: 2
  search: { kind: grid, stopping: { rule: median, metric: pretrain.oldTestAccuracy, afterFraction: 0.3, minTrials: 1 } }
  ${executor}
  budget: { maxTrials: 10, trialTimeout: 5m, retries: 2 }
`,
  );
  return file;
}
