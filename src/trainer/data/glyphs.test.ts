import { describe, expect, it } from 'vitest';
import { PIXELS } from './dataset.js';
import { GLYPH_CLASSES, GLYPH_IMAGES_PER_CLASS, characterStrokes, glyphClass } from './glyphs.js';
import { buildTask } from './task.js';

const image = (set: Float32Array, k: number): Float32Array => set.subarray(k * PIXELS, (k + 1) * PIXELS);
const distance = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + Math.abs(v - (b[i] as number)), 0);

describe('glyphs', () => {
  it('20 images of 28x28 per class, values in 0..1, with ink', () => {
    const set = glyphClass(0, 5);
    expect(set.length).toBe(GLYPH_IMAGES_PER_CLASS * PIXELS);
    expect(Math.min(...set)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...set)).toBeLessThanOrEqual(1);
    for (let k = 0; k < GLYPH_IMAGES_PER_CLASS; k++) expect(image(set, k).reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
  });

  it('is deterministic from the generator seed; another seed is another alphabet', () => {
    expect(glyphClass(3, 7)).toEqual(glyphClass(3, 7));
    expect(characterStrokes(3, 7)).toEqual(characterStrokes(3, 7));
    expect(characterStrokes(4, 7)).not.toEqual(characterStrokes(3, 7));
  });

  it('renderings of one character differ (jitter, affine) but are closer than other characters', () => {
    const a = glyphClass(0, 100);
    const b = glyphClass(0, 1500);
    expect(distance(image(a, 0), image(a, 1))).toBeGreaterThan(0);
    let within = 0;
    let across = 0;
    for (let k = 1; k < 10; k++) {
      within += distance(image(a, 0), image(a, k));
      across += distance(image(a, 0), image(b, k));
    }
    expect(within).toBeLessThan(across);
  });

  it('has 1,623 classes and rejects labels beyond', () => {
    expect(() => glyphClass(0, GLYPH_CLASSES - 1)).not.toThrow();
    expect(() => glyphClass(0, GLYPH_CLASSES)).toThrow(/classes 0 to 1622/);
  });

  it('splits 15 train / 5 test per class, disjoint, like every dataset', async () => {
    const t = await buildTask('glyphs', { oldClasses: [0, 1], newClasses: [900], trainPerClass: 15, testPerClass: 5 }, 1, (c) => Promise.resolve(glyphClass(0, c)));
    expect([t.oldTrain.count, t.oldTest.count, t.newTrain.count, t.newTest.count]).toEqual([30, 10, 15, 5]);
    const keys = new Set(Array.from({ length: 15 }, (_, i) => image(t.newTrain.images, i).join()));
    for (let i = 0; i < 5; i++) expect(keys.has(image(t.newTest.images, i).join())).toBe(false);
    await expect(buildTask('glyphs', { oldClasses: [0, 1], newClasses: [2], trainPerClass: 18, testPerClass: 5 }, 1, (c) => Promise.resolve(glyphClass(0, c)))).rejects.toMatchObject({ name: 'DatasetError', retryable: false });
  });
});
