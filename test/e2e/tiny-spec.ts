/** A real but tiny sweep for end-to-end tests: 2 configs x 2 seeds, a few seconds per trial. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The tiny experiment (spec.experiment's lines, indented for it): a few seconds per trial. */
export const TINY_EXPERIMENT = `    dataset: { name: mnist, oldClasses: [0, 1, 2], newClasses: [3, 4], trainPerClass: 24, testPerClass: 8 }
    model: { convBlocks: 1, width: 4 }
    pretrain: { epochs: 3, batchSize: 16, learningRate: 0.01 }
    transfer: { epochs: 1, batchSize: 8, learningRate: 0.05 }
`;

export function writeTinySpec(dir: string, extra = ''): string {
  const file = join(dir, 'tiny.yaml');
  writeFileSync(
    file,
    `apiVersion: zapsweep/v1
kind: Sweep
metadata:
  name: tiny
spec:
  experiment:
${TINY_EXPERIMENT}  parameters:
    zapEvery: [0, 1]
  seeds: 2
  executor: { kind: local, parallelism: 2 }
  budget: { maxTrials: 10, trialTimeout: 5m, retries: 2 }
${extra}`,
  );
  return file;
}

/**
 * The tiny sweep with long enough trials (about 10x the pre-training) for tests that act while
 * trials run (kill a worker or the controller, Ctrl-C): with workers kept between trials the plain
 * tiny sweep can end in a few seconds, before the test acts.
 */
export function writeSlowTinySpec(dir: string, extra = ''): string {
  const file = writeTinySpec(dir, extra);
  writeFileSync(file, readFileSync(file, 'utf8').replace('pretrain: { epochs: 3,', 'pretrain: { epochs: 30,'));
  return file;
}
