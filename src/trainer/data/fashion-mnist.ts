/**
 * Fashion-MNIST from Debian's `dataset-fashion-mnist` package (IDX files, gzip): 10 classes, the
 * train and t10k files pooled (7,000 images per class); selection per class as every dataset does
 * (task.ts). Parsed once per process and kept as bytes (55 MB).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DatasetError, PIXELS, type TaskData } from './dataset.js';
import { buildTask, type TaskRequest } from './task.js';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
const INSTALL_HINT = 'install it with: apt-get install dataset-fashion-mnist';

let loaded: Promise<Uint8Array[]> | undefined;

async function readIdx(file: string, magic: number): Promise<{ dims: number[]; data: Uint8Array }> {
  const raw = gunzipSync(await readFile(file));
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (view.getUint32(0) !== magic) throw new DatasetError(`${file} is not an IDX file (magic ${view.getUint32(0)})`);
  const ndims = magic & 0xff;
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i));
  return { dims, data: raw.subarray(4 + 4 * ndims) };
}

/** Images grouped by class, bytes (count x 784). */
function loadAll(dir: string): Promise<Uint8Array[]> {
  return (async () => {
    const byClass: number[][] = Array.from({ length: 10 }, () => []);
    const parts: Uint8Array[] = [];
    for (const split of ['train', 't10k']) {
      const images = path.join(dir, `${split}-images-idx3-ubyte.gz`);
      const labels = path.join(dir, `${split}-labels-idx1-ubyte.gz`);
      if (!existsSync(images) || !existsSync(labels)) {
        throw new DatasetError(`fashion-mnist not found (${images} is missing); ${INSTALL_HINT}`);
      }
      const img = await readIdx(images, 0x00000803);
      const lab = await readIdx(labels, 0x00000801);
      const offset = parts.reduce((n, p) => n + p.length / PIXELS, 0);
      parts.push(img.data);
      lab.data.forEach((l, i) => byClass[l]?.push(offset + i));
    }
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return byClass.map((idx) => {
      const out = new Uint8Array(idx.length * PIXELS);
      idx.forEach((i, k) => out.set(all.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS));
      return out;
    });
  })();
}

export async function loadFashionMnistTask(req: TaskRequest, seed: number, dir = FASHION_MNIST_DIR): Promise<TaskData> {
  if (dir === FASHION_MNIST_DIR) {
    loaded ??= loadAll(dir);
    loaded.catch(() => (loaded = undefined));
  }
  const classes = await (dir === FASHION_MNIST_DIR ? (loaded as Promise<Uint8Array[]>) : loadAll(dir));
  return buildTask('fashion-mnist', req, seed, (c) => {
    const bytes = classes[c];
    if (bytes === undefined) return Promise.reject(new DatasetError(`fashion-mnist has classes 0 to 9, got ${c}`));
    return Promise.resolve(bytes);
  });
}
