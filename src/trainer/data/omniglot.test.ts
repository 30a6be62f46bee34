import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIXELS } from './dataset.js';
import { glyphClass } from './glyphs.js';
import { writeOmniglotFixture } from './omniglot-fixture.js';
import { loadOmniglotTask, omniglotClasses, omniglotRoot } from './omniglot.js';

let root = '';

describe('omniglot (a generated fixture in the public folder layout)', () => {
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'zs-omniglot-'));
    await writeOmniglotFixture(root, { background: [2, 1], evaluation: [2], imagesPerCharacter: 4 });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('labels background characters first, then evaluation, in sorted order', async () => {
    const classes = await omniglotClasses(root);
    expect(classes.map((c) => path.relative(root, c))).toEqual([
      'images_background/Alphabet_bac_0/character01',
      'images_background/Alphabet_bac_0/character02',
      'images_background/Alphabet_bac_1/character01',
      'images_evaluation/Alphabet_eva_0/character01',
      'images_evaluation/Alphabet_eva_0/character02',
    ]);
  });

  it('decodes, inverts (ink = 1) and resizes to 28x28; splits per class like every dataset', async () => {
    const t = await loadOmniglotTask({ oldClasses: [0, 1, 2], newClasses: [4], trainPerClass: 3, testPerClass: 1 }, 1, root);
    expect([t.oldTrain.count, t.oldTest.count, t.newTrain.count, t.newTest.count]).toEqual([9, 3, 3, 1]);
    expect(t.newTrain.images.length).toBe(3 * PIXELS);
    // Each image is close to the glyph it was drawn from (fixture class 4 = glyph 4).
    const source = glyphClass(11, 4);
    const img = t.newTest.images;
    let best = Infinity;
    for (let k = 0; k < 4; k++) {
      const d = img.reduce((s, v, i) => s + Math.abs(v - (source[k * PIXELS + i] as number)), 0) / PIXELS;
      best = Math.min(best, d);
    }
    expect(best).toBeLessThan(0.05);
  });

  it('says clearly what is missing', async () => {
    await expect(loadOmniglotTask({ oldClasses: [0, 1], newClasses: [9], trainPerClass: 1, testPerClass: 1 }, 1, root)).rejects.toThrow(/classes 0 to 4, got 9/);
    await expect(loadOmniglotTask({ oldClasses: [0, 1], newClasses: [2], trainPerClass: 4, testPerClass: 1 }, 1, root)).rejects.toThrow(/has 4 images/);
    await expect(omniglotClasses(path.join(root, 'nope'))).rejects.toThrow(/no Omniglot found/);
    expect(() => omniglotRoot(undefined)).toThrow(/dataset.path/);
  });
});
