/**
 * Rendering I/O of reports: Vega-Lite -> Vega -> SVG in Node (no browser, no canvas), SVG -> PNG
 * with resvg, and the files of a report directory.
 * Fonts: resvg draws no text without a font. We load DejaVu Sans from the usual places (Debian:
 * fonts-dejavu-core) plus the system fonts; `fontFile` is null when none of ours was found, so the
 * caller can say that PNG text may be missing.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { RenderedFile } from './html.js';

/** PNG pixels per SVG pixel (sharp on high-density screens and in documents). */
export const PNG_SCALE = 2;

const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', // Debian, Ubuntu
  '/usr/share/fonts/dejavu/DejaVuSans.ttf', // Fedora
  '/usr/share/fonts/TTF/DejaVuSans.ttf', // Arch
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
];

export function findFont(): string | null {
  return FONT_CANDIDATES.find((f) => existsSync(f)) ?? null;
}

/** The SVG text of a Vega-Lite spec, rendered headless. */
export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string, fontFile: string | null): { png: Buffer; width: number; height: number } {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    background: 'white',
    font: {
      loadSystemFonts: true,
      ...(fontFile ? { fontFiles: [fontFile], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' } : {}),
    },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** Renders each figure to `<dir>/<name>.svg` and `.png`; returns what was written. */
export async function writeFigures(dir: string, figures: ReadonlyArray<{ name: string; spec: TopLevelSpec }>, fontFile: string | null): Promise<RenderedFile[]> {
  await mkdir(dir, { recursive: true });
  const files: RenderedFile[] = [];
  for (const f of figures) {
    const svg = await specToSvg(f.spec);
    const { png, width, height } = svgToPng(svg, fontFile);
    await writeFile(join(dir, `${f.name}.svg`), svg);
    await writeFile(join(dir, `${f.name}.png`), png);
    files.push({ name: f.name, svg: `${f.name}.svg`, png: `${f.name}.png`, width, height });
  }
  return files;
}

export async function writeText(dir: string, name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}
