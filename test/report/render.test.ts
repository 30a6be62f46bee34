/** Rendering: Vega-Lite to SVG headless, and PNG text needs a font (resvg draws none without). */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { frequencySpec } from '../../src/report/specs/frequency.js';
import { findFont, PNG_SCALE, specToSvg, svgToPng } from '../../src/report/render.js';
import { escapeHtml } from '../../src/report/html.js';

/** Dark pixels (any channel < 128) in an RGBA PNG rendered from SVG text on white. */
function darkPixels(svg: string, font: string | null): number {
  const img = new Resvg(svg, { background: 'white', font: { loadSystemFonts: false, ...(font ? { fontFiles: [font], defaultFontFamily: 'DejaVu Sans' } : {}) } }).render();
  const px = img.pixels;
  let dark = 0;
  for (let i = 0; i < px.length; i += 4) if ((px[i] ?? 255) < 128) dark++;
  return dark;
}

describe('report rendering', () => {
  it('a frequency spec renders to an SVG of the expected structure, and a PNG twice its size', async () => {
    const svg = await specToSvg(frequencySpec([{ x: '0', order: 0, group: 'adam', mean: 0.5, lo: 0.4, hi: 0.6, n: 3 }], { title: 'T', axisTitle: 'zapEvery', metricTitle: 'm', groupTitle: 'optimizer' }));
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('>zapEvery</text>');
    const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
    const png = svgToPng(svg, findFont());
    expect(png.width).toBe(PNG_SCALE * width);
  });

  it('text in the PNG is drawn when the font is present (CI installs fonts-dejavu-core)', () => {
    const font = findFont();
    if (!font) {
      // Not an assertion target on machines without the font; .ci/run installs it.
      console.warn('DejaVu Sans not found: skipping the PNG text check');
      return;
    }
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="30" font-family="sans-serif" font-size="24">zapsweep</text></svg>';
    expect(darkPixels(svg, font)).toBeGreaterThan(100);
    expect(darkPixels(svg, null)).toBe(0);
  });

  it.each([
    { raw: '<b>"x" & \'y\'</b>', escaped: '&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;' },
    { raw: 'plain', escaped: 'plain' },
  ])('escapes $raw', ({ raw, escaped }) => {
    expect(escapeHtml(raw)).toBe(escaped);
  });
});
