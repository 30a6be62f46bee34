/** A tiny raced sweep (tiny-spec.ts's experiment): a transfer learning rate of 1e-5 cannot learn the new task. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
    dataset: { name: mnist, oldClasses: [0, 1, 2], newClasses: [3, 4], trainPerClass: 24, testPerClass: 8 }
    model: { convBlocks: 1, width: 4 }
    pretrain: { epochs: 3, batchSize: 16, learningRate: 0.01 }
    transfer: { epochs: 1, batchSize: 8, learningRate: 0.05 }
  parameters:
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
