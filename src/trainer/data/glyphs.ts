/**
 * `glyphs`: a procedural Omniglot-like dataset, deterministic from `generatorSeed`.
 *   - 1,623 characters in alphabets of ALPHABET_SIZE; an alphabet owns a pool of stroke shapes
 *     (short random-walk polylines), so its characters share a style, as in Omniglot.
 *   - A character: 2 to 4 strokes, each a pool shape (or, sometimes, a fresh one) placed with its
 *     own offset, rotation and scale.
 *   - An image: the character re-drawn with per-point stroke jitter and a small random affine
 *     distortion (rotation, scale, shear, shift), anti-aliased strokes, 28x28, ink = 1.
 * Every random draw has its own named stream (`glyphs:<g>:char:<c>`, `glyphs:<g>:img:<c>:<k>`),
 * so a class is the same whatever else is generated. Classes are generated on demand and cached
 * in memory per process (about 60 KB per class).
 */
import { createRng, type Rng } from '../random.js';
import { DatasetError, IMAGE_SIZE, PIXELS } from './dataset.js';

export const GLYPH_CLASSES = 1623;
export const GLYPH_IMAGES_PER_CLASS = 20;
export const ALPHABET_SIZE = 40;
const POOL = 8;
const STROKE_RADIUS = 0.9; // pixels; plus one pixel of anti-aliasing

type Point = readonly [number, number];
type Stroke = readonly Point[];

const cache = new Map<string, Float32Array>();

function randomWalk(rng: Rng, points: number, curl: number): Stroke {
  const out: Point[] = [[0, 0]];
  let angle = rng.next() * 2 * Math.PI;
  for (let i = 1; i < points; i++) {
    angle += (rng.next() - 0.5) * 2 * curl;
    const step = 0.18 + rng.next() * 0.14;
    const [x, y] = out[i - 1] as Point;
    out.push([x + Math.cos(angle) * step, y + Math.sin(angle) * step]);
  }
  // Centre the stroke on its own mean.
  const mx = out.reduce((s, p) => s + p[0], 0) / out.length;
  const my = out.reduce((s, p) => s + p[1], 0) / out.length;
  return out.map(([x, y]) => [x - mx, y - my] as Point);
}

function alphabetPool(generatorSeed: number, alphabet: number): Stroke[] {
  const rng = createRng(generatorSeed, `glyphs:alphabet:${alphabet}`);
  const curl = 0.3 + rng.next() * 1.2;
  return Array.from({ length: POOL }, () => randomWalk(rng, 3 + rng.int(3), curl));
}

/** A character's strokes in unit coordinates (roughly within 0.1..0.9). */
export function characterStrokes(generatorSeed: number, label: number): Stroke[] {
  const pool = alphabetPool(generatorSeed, Math.floor(label / ALPHABET_SIZE));
  const rng = createRng(generatorSeed, `glyphs:char:${label}`);
  const strokes = 2 + rng.int(3);
  return Array.from({ length: strokes }, () => {
    const base = rng.next() < 0.25 ? randomWalk(rng, 3 + rng.int(2), 1) : (pool[rng.int(POOL)] as Stroke);
    const rot = rng.next() * 2 * Math.PI;
    const scale = 0.8 + rng.next() * 0.6;
    const cx = 0.3 + rng.next() * 0.4;
    const cy = 0.3 + rng.next() * 0.4;
    const [c, s] = [Math.cos(rot) * scale, Math.sin(rot) * scale];
    return base.map(([x, y]) => [cx + c * x - s * y, cy + s * x + c * y] as Point);
  });
}

/** Renders one image of a character into `out` (784 values) with its own jitter and affine. */
function render(strokes: readonly Stroke[], rng: Rng, out: Float32Array): void {
  const rot = rng.normal() * 0.12;
  const scale = 1 + rng.normal() * 0.06;
  const shear = rng.normal() * 0.08;
  const tx = rng.normal() * 0.04;
  const ty = rng.normal() * 0.04;
  const [c, s] = [Math.cos(rot) * scale, Math.sin(rot) * scale];
  const toPixel = ([x, y]: Point): Point => {
    const u = x - 0.5 + rng.normal() * 0.025;
    const v = y - 0.5 + rng.normal() * 0.025;
    const su = u + shear * v;
    return [2 + 24 * (0.5 + tx + c * su - s * v), 2 + 24 * (0.5 + ty + s * su + c * v)];
  };
  out.fill(0);
  for (const stroke of strokes) {
    const pts = stroke.map(toPixel);
    for (let i = 1; i < pts.length; i++) drawSegment(out, pts[i - 1] as Point, pts[i] as Point);
  }
}

function drawSegment(out: Float32Array, [ax, ay]: Point, [bx, by]: Point): void {
  const reach = STROKE_RADIUS + 1;
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach));
  const x1 = Math.min(IMAGE_SIZE - 1, Math.ceil(Math.max(ax, bx) + reach));
  const y0 = Math.max(0, Math.floor(Math.min(ay, by) - reach));
  const y1 = Math.min(IMAGE_SIZE - 1, Math.ceil(Math.max(ay, by) + reach));
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy || 1e-9;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      // Distance from the pixel centre to the segment.
      const px = x + 0.5 - ax;
      const py = y + 0.5 - ay;
      const t = Math.min(1, Math.max(0, (px * dx + py * dy) / len2));
      const ex = px - t * dx;
      const ey = py - t * dy;
      const ink = Math.min(1, Math.max(0, STROKE_RADIUS + 1 - Math.sqrt(ex * ex + ey * ey)));
      const k = y * IMAGE_SIZE + x;
      if (ink > (out[k] as number)) out[k] = ink;
    }
  }
}

/** All GLYPH_IMAGES_PER_CLASS images of class `label` (flat, count x 784), cached per process. */
export function glyphClass(generatorSeed: number, label: number): Float32Array {
  if (!Number.isInteger(label) || label < 0 || label >= GLYPH_CLASSES) {
    throw new DatasetError(`glyphs has classes 0 to ${GLYPH_CLASSES - 1}, got ${label}`);
  }
  const key = `${generatorSeed}:${label}`;
  let images = cache.get(key);
  if (images === undefined) {
    const strokes = characterStrokes(generatorSeed, label);
    images = new Float32Array(GLYPH_IMAGES_PER_CLASS * PIXELS);
    for (let k = 0; k < GLYPH_IMAGES_PER_CLASS; k++) {
      render(strokes, createRng(generatorSeed, `glyphs:img:${label}:${k}`), images.subarray(k * PIXELS, (k + 1) * PIXELS));
    }
    cache.set(key, images);
  }
  return images;
}
