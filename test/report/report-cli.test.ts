/** `zapsweep report` writes SVG, PNG and an index.html (built CLI, real process, synthetic stores). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AxisValue } from '../../src/spec/schema.js';
import { FileStore } from '../../src/store/file-store.js';
import { tempDir } from '../support/builders.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { syntheticSweep } from '../support/synthetic-sweep.js';

const dir = tempDir('zapsweep-report-');
const store = join(dir, 'store');
const ids = { plain: '', rich: '' };

const retained = (p: Readonly<Record<string, AxisValue>>): number => (p['pretrain.optimizer'] === 'adam' ? 0.9 : 0.6) - 0.02 * Number(p['pretrain.zapEvery']);

beforeAll(async () => {
  assertBuilt();
  const fs = new FileStore(store);
  const base = (name: string) =>
    syntheticSweep(name)
      .axes({ zapEvery: [0, 1, 3], optimizer: ['adam', 'sgd'] })
      .seeds(3)
      .metric('retainedAccuracy', retained)
      .metric('newTaskGain', (p) => 0.3 + 0.03 * Number(p['pretrain.zapEvery']));
  ids.plain = (await base('plain').writeTo(fs)).sweepId;
  // With the optional data: per-class forgetting and a sequential-transfer curve.
  ids.rich = (
    await base('rich')
      .metric('forgetting.class0', () => 0.1)
      .metric('forgetting.class1', (p) => 0.05 * Number(p['pretrain.zapEvery']))
      .curve('seq.accAfterClasses', () => [[1, 0.9], [2, 0.8], [5, 0.7]])
      .writeTo(fs)
  ).sweepId;
});

/** Checks that the text is one well-formed XML element tree and returns its root tag's attributes. */
function parseSvgRoot(text: string): { attrs: Record<string, string>; elements: number } {
  const stack: string[] = [];
  let elements = 0;
  let root: string | undefined;
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g;
  let rest = text.replace(/<\?xml[^>]*\?>/, '').trim();
  rest = rest.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of rest.matchAll(tag)) {
    const [, close, name = '', attrs = '', self] = m;
    if (close) {
      expect(stack.pop()).toBe(name);
    } else {
      elements++;
      if (root === undefined) root = attrs;
      if (!self) stack.push(name);
    }
  }
  expect(stack).toEqual([]);
  expect(rest.startsWith('<svg')).toBe(true);
  expect(rest.endsWith('</svg>')).toBe(true);
  return { attrs: Object.fromEntries([...(root ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1] ?? '', a[2] ?? ''])), elements };
}

/** PNG signature, then the IHDR chunk's width and height (big-endian at bytes 16 and 20). */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect([...buf.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function checkFigures(out: string, names: readonly string[]): void {
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  for (const name of names) {
    const svg = parseSvgRoot(readFileSync(join(out, `${name}.svg`), 'utf8'));
    expect(svg.attrs['xmlns']).toBe('http://www.w3.org/2000/svg');
    expect(svg.elements).toBeGreaterThan(20);
    const png = pngSize(readFileSync(join(out, `${name}.png`)));
    // PNG_SCALE = 2 pixels per SVG pixel.
    expect(png).toEqual({ width: 2 * Number(svg.attrs['width']), height: 2 * Number(svg.attrs['height']) });
    expect(html).toContain(`src="${name}.svg"`);
    expect(html).toContain(`href="${name}.png"`);
  }
}

describe('zapsweep report', () => {
  it('writes the frequency and Pareto figures and says which were skipped', async () => {
    const out = join(dir, 'plain-report');
    const r = await runCli(['--store', store, 'report', ids.plain, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const figures = ['retainedAccuracy-by-zapEvery', 'newTaskGain-by-zapEvery', 'pareto'];
    expect(readdirSync(out).sort()).toEqual(
      [...figures.flatMap((f) => [`${f}.svg`, `${f}.png`]), 'index.html', 'configs.csv', 'trials.csv', 'results.json', 'analysis-retainedAccuracy.csv', 'analysis-newTaskGain.csv'].sort(),
    );
    checkFigures(out, figures);
    expect(r.stdout).toContain('note: No accuracy-against-classes-learned figure');
    expect(r.stdout).toContain('note: No per-class forgetting heatmap');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<h2>Not shown</h2>');
    expect(html).toMatch(/With adam, never zapping is best/);
    for (const f of ['configs.csv', 'trials.csv', 'results.json', 'analysis-retainedAccuracy.csv']) expect(html).toContain(`href="${f}"`);
  });

  it('draws accuracy against classes learned and the per-class heatmap when the data exists', async () => {
    const out = join(dir, 'rich-report');
    const r = await runCli(['--store', store, 'report', ids.rich, '--out', out]);
    expect(r.code).toBe(0);
    checkFigures(out, ['retainedAccuracy-by-zapEvery', 'newTaskGain-by-zapEvery', 'pareto', 'accuracy-by-classes-learned', 'per-class-forgetting']);
    expect(r.stdout).not.toContain('note: No');
  });

  it.each([
    { name: 'no --out', args: ['report', 'plain-synthetic'], says: "required option '--out <dir>' not specified" },
    { name: 'unknown sweep', args: ['report', 'nope', '--out', join(dir, 'x')], says: 'no sweep "nope"' },
  ])('bad input: $name -> exit 2', async ({ args, says }) => {
    const r = await runCli(['--store', store, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(says);
  });
});
