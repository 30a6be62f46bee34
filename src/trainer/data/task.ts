/**
 * Builds one trial's TaskData from a per-class image store, the way every dataset selects:
 * class c's images are permuted by the stream `<dataset>:<c>` of the trial seed; the first
 * `trainPerClass` train, the next `testPerClass` test. So a class gets the same images whatever
 * the other classes of the configuration, and two configurations with one seed see the same data.
 */
import { createRng, permutation } from '../random.js';
import { DatasetError, PIXELS, type ImageSet, type TaskData } from './dataset.js';

export interface TaskRequest {
  readonly oldClasses: readonly number[];
  readonly newClasses: readonly number[];
  readonly trainPerClass: number;
  readonly testPerClass: number;
}

/** All images of one class, flat (count x 784): values 0..1, or bytes 0..255 (scaled on selection). */
export type ClassImages = (label: number) => Promise<Float32Array | Uint8Array>;

export async function buildTask(dataset: string, req: TaskRequest, seed: number, imagesOf: ClassImages): Promise<TaskData> {
  const classes = [...req.oldClasses, ...req.newClasses];
  if (new Set(classes).size !== classes.length) {
    throw new DatasetError(`oldClasses and newClasses must be distinct and disjoint (${dataset})`);
  }
  const wanted = req.trainPerClass + req.testPerClass;
  const train: Float32Array[] = [];
  const test: Float32Array[] = [];
  for (const c of classes) {
    const all = await imagesOf(c);
    const available = all.length / PIXELS;
    if (wanted > available) {
      throw new DatasetError(`${dataset} class ${c} has ${available} images; trainPerClass + testPerClass = ${wanted}`);
    }
    const order = permutation(createRng(seed, `${dataset}:${c}`), available);
    train.push(gather(all, order.subarray(0, req.trainPerClass)));
    test.push(gather(all, order.subarray(req.trainPerClass, wanted)));
  }
  const nOld = req.oldClasses.length;
  const heads = classes.map((_, j) => j);
  return {
    classes,
    oldTrain: concatBlocks(train.slice(0, nOld), heads.slice(0, nOld)),
    oldTest: concatBlocks(test.slice(0, nOld), heads.slice(0, nOld)),
    newTrain: concatBlocks(train.slice(nOld), heads.slice(nOld)),
    newTest: concatBlocks(test.slice(nOld), heads.slice(nOld)),
  };
}

function gather(all: Float32Array | Uint8Array, idx: Int32Array): Float32Array {
  const out = new Float32Array(idx.length * PIXELS);
  if (all instanceof Uint8Array) {
    idx.forEach((i, k) => {
      for (let p = 0; p < PIXELS; p++) out[k * PIXELS + p] = (all[i * PIXELS + p] as number) / 255;
    });
  } else idx.forEach((i, k) => out.set(all.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS));
  return out;
}

/** Concatenates per-class image blocks; block k gets label `labels[k]`. */
export function concatBlocks(blocks: readonly Float32Array[], labels: readonly number[]): ImageSet {
  const count = blocks.reduce((n, b) => n + b.length / PIXELS, 0);
  const images = new Float32Array(count * PIXELS);
  const out = new Int32Array(count);
  let at = 0;
  blocks.forEach((b, k) => {
    const n = b.length / PIXELS;
    images.set(b, at * PIXELS);
    out.fill(labels[k] as number, at, at + n);
    at += n;
  });
  return { images, labels: out, count };
}
