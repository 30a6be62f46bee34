/**
 * The nights tests' shared fixture: a tiny real sweep of two configurations (mnist, and an
 * Omniglot-layout folder read from $ZAPSWEEP_OMNIGLOT), and the planted regression: a mislabelled
 * copy of that folder (configuration ids hash the experiment, so a regression cannot be planted by
 * editing the spec; it is planted in the data an unchanged configuration reads).
 */
import { cpSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { writeOmniglotFixture } from '../../../src/trainer/data/omniglot-fixture.js';

/** The spec of a night; `executor` is the line's flow mapping, e.g. `{ kind: local, parallelism: 2 }`. */
export function nightSpec(name: string, executor: string): string {
  return `apiVersion: zapsweep/v1
kind: Sweep
metadata: { name: ${name} }
spec:
  experiment:
    dataset: { name: mnist, oldClasses: [0, 1, 2], newClasses: [3, 4], trainPerClass: 15, testPerClass: 5 }
    model: { convBlocks: 1, width: 4 }
    pretrain: { epochs: 3, batchSize: 16, learningRate: 0.01 }
    transfer: { epochs: 1, batchSize: 8, learningRate: 0.01 }
  parameters:
    dataset.name: [mnist, omniglot]
  seeds: 3
  executor: ${executor}
  budget: { maxTrials: 10, trialTimeout: 5m, retries: 0 }
`;
}

/** The good data folder, generated (one alphabet of five characters, 20 images each). */
export function writeGoodData(dir: string): Promise<void> {
  return writeOmniglotFixture(dir, { background: [5], evaluation: [], imagesPerCharacter: 20 });
}

/** Mislabelled copy: in each of the three old classes, two images in three move to another class. */
export function mislabel(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const parts = join(to, 'images_background');
  const alphabet = join(parts, readdirSync(parts)[0] ?? '');
  const classes = ['character01', 'character02', 'character03'].map((c) => join(alphabet, c));
  classes.map((c) => readdirSync(c).sort()).forEach((files, c) => files.forEach((f, k) => {
    if (k % 3 !== 0) renameSync(join(classes[c] as string, f), join(classes[(c + k) % 3] as string, `moved-${f}`));
  }));
}
