/**
 * Writes a small Omniglot folder in the public layout for tests (not imported by production code):
 * images_background/<Alphabet>/characterNN/*.png and images_evaluation/..., 105x105 8-bit PNGs,
 * black ink on white, each character a glyphs class scaled up (so it is learnable).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_SIZE, PIXELS } from './dataset.js';
import { glyphClass } from './glyphs.js';
import { encodeGreyPng } from './png.js';

export interface FixtureLayout {
  /** Characters per alphabet, per part. */
  readonly background: readonly number[];
  readonly evaluation: readonly number[];
  readonly imagesPerCharacter: number;
}

export async function writeOmniglotFixture(root: string, layout: FixtureLayout): Promise<void> {
  let glyph = 0;
  for (const [part, alphabets] of [['images_background', layout.background], ['images_evaluation', layout.evaluation]] as const) {
    for (const [a, characters] of alphabets.entries()) {
      for (let c = 1; c <= characters; c++) {
        const dir = path.join(root, part, `Alphabet_${part.slice(7, 10)}_${a}`, `character${String(c).padStart(2, '0')}`);
        await mkdir(dir, { recursive: true });
        const images = glyphClass(11, glyph++);
        for (let k = 0; k < layout.imagesPerCharacter; k++) {
          const src = images.subarray(k * PIXELS, (k + 1) * PIXELS);
          const big = Array.from({ length: 105 * 105 }, (_, i) => {
            const y = Math.floor(((i / 105) | 0) * IMAGE_SIZE / 105);
            const x = Math.floor((i % 105) * IMAGE_SIZE / 105);
            return 1 - (src[y * IMAGE_SIZE + x] as number);
          });
          await writeFile(path.join(dir, `${1000 + glyph}_${String(k + 1).padStart(2, '0')}.png`), encodeGreyPng(105, 105, big));
        }
      }
    }
  }
}
