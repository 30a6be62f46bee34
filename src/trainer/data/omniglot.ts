/**
 * Omniglot from a folder in the public layout:
 *   <root>/images_background/<Alphabet>/<characterNN>/<file>.png   (964 classes)
 *   <root>/images_evaluation/<Alphabet>/<characterNN>/<file>.png   (659 classes)
 * Class labels: background classes first, then evaluation, alphabets and characters in sorted
 * order (a missing part is skipped). Images (105x105, black ink on white) are inverted (ink = 1)
 * and area-averaged to 28x28. Classes load on demand and stay cached per process.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DatasetError, IMAGE_SIZE, PIXELS, type TaskData } from './dataset.js';
import { decodePng, type GreyImage } from './png.js';
import { buildTask, type TaskRequest } from './task.js';

export const OMNIGLOT_PARTS = ['images_background', 'images_evaluation'] as const;

const indexes = new Map<string, Promise<string[]>>();
const classCache = new Map<string, Promise<Float32Array>>();

async function subdirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** The character folders of `root`, in label order. */
export function omniglotClasses(root: string): Promise<string[]> {
  let p = indexes.get(root);
  if (p === undefined) {
    p = (async () => {
      const parts = OMNIGLOT_PARTS.map((part) => path.join(root, part)).filter((d) => existsSync(d));
      if (parts.length === 0) {
        throw new DatasetError(`no Omniglot found under ${root} (expected ${OMNIGLOT_PARTS.join(' and/or ')} folders); set dataset.path or ZAPSWEEP_OMNIGLOT`);
      }
      const out: string[] = [];
      for (const part of parts) {
        for (const alphabet of await subdirs(part)) {
          for (const character of await subdirs(path.join(part, alphabet))) out.push(path.join(part, alphabet, character));
        }
      }
      return out;
    })();
    indexes.set(root, p);
    p.catch(() => indexes.delete(root));
  }
  return p;
}

/** Area-average resize to 28x28 with ink = 1 - brightness. */
export function toGlyph(img: GreyImage): Float32Array {
  const out = new Float32Array(PIXELS);
  const sx = img.width / IMAGE_SIZE;
  const sy = img.height / IMAGE_SIZE;
  for (let oy = 0; oy < IMAGE_SIZE; oy++) {
    for (let ox = 0; ox < IMAGE_SIZE; ox++) {
      let sum = 0;
      let weight = 0;
      for (let y = Math.floor(oy * sy); y < Math.min(img.height, Math.ceil((oy + 1) * sy)); y++) {
        const wy = Math.min(y + 1, (oy + 1) * sy) - Math.max(y, oy * sy);
        for (let x = Math.floor(ox * sx); x < Math.min(img.width, Math.ceil((ox + 1) * sx)); x++) {
          const w = wy * (Math.min(x + 1, (ox + 1) * sx) - Math.max(x, ox * sx));
          sum += w * (1 - (img.pixels[y * img.width + x] as number));
          weight += w;
        }
      }
      out[oy * IMAGE_SIZE + ox] = weight > 0 ? sum / weight : 0;
    }
  }
  return out;
}

async function loadClass(folder: string): Promise<Float32Array> {
  const files = (await readdir(folder)).filter((f) => f.toLowerCase().endsWith('.png')).sort();
  const out = new Float32Array(files.length * PIXELS);
  for (const [k, f] of files.entries()) {
    const file = path.join(folder, f);
    out.set(toGlyph(decodePng(await readFile(file), file)), k * PIXELS);
  }
  return out;
}

export function omniglotRoot(configured: string | undefined): string {
  const root = configured ?? process.env.ZAPSWEEP_OMNIGLOT;
  if (root === undefined) throw new DatasetError('dataset omniglot needs dataset.path (or ZAPSWEEP_OMNIGLOT): the folder holding images_background/ and images_evaluation/');
  return root;
}

export async function loadOmniglotTask(req: TaskRequest, seed: number, root: string): Promise<TaskData> {
  const folders = await omniglotClasses(root);
  return buildTask('omniglot', req, seed, (c) => {
    const folder = folders[c];
    if (folder === undefined) return Promise.reject(new DatasetError(`omniglot under ${root} has classes 0 to ${folders.length - 1}, got ${c}`));
    let p = classCache.get(folder);
    if (p === undefined) {
      p = loadClass(folder);
      classCache.set(folder, p);
      p.catch(() => classCache.delete(folder));
    }
    return p;
  });
}
