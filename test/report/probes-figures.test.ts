/** The report's probe figures (issue #16): built from the trials' probe curves, rendered headless. */
import { describe, expect, it } from 'vitest';
import type { ResultsJson, TrialOutcome } from '../../src/analysis/types.js';
import type { Curves } from '../../src/report/model.js';
import { probeCurvesCsv } from '../../src/report/probe-curves.js';
import { probeFigures } from '../../src/report/probes-model.js';
import { specToSvg } from '../../src/report/render.js';

const configs = [
  { configId: 'c1', zapEvery: 1 },
  { configId: 'c0', zapEvery: 0 },
];
const outcomes: TrialOutcome[] = configs.flatMap((c, k) =>
  [1, 2].map((seed) => ({ trialId: `${c.configId}-${seed}`, configId: c.configId, index: 2 * k + seed, seed, parameters: { 'pretrain.zapEvery': c.zapEvery }, status: 'succeeded' as const, attempts: 1, metrics: { 'probes.seconds': 1 } })),
);
const results = {
  sweep: { id: 's', name: 's', status: 'completed', trials: { total: 4, succeeded: 4, failed: 0, running: 0 } },
  configs: configs.map((c, i) => ({ configId: c.configId, parameters: { 'pretrain.zapEvery': c.zapEvery }, seeds: 2, metrics: {}, rank: i + 1, pareto: i === 0, paretoRank: 1 })),
} satisfies ResultsJson;

function curvesOf(zapEvery: number, seed: number): Record<string, Array<[number, number]>> {
  const epochs = [1, 2, 3, 4];
  const zaps = zapEvery > 0 ? [1, 2, 3] : [];
  const c: Record<string, Array<[number, number]>> = {};
  for (const layer of ['conv1', 'conv2', 'head']) {
    c[`fisher.trace.${layer}`] = epochs.map((e) => [e, (1 + seed * 0.1) / e]);
    if (zaps.length > 0) c[`fisher.trace.${layer}.afterZap`] = zaps.map((e) => [e, 3 / e]);
  }
  c['sharpness.top'] = epochs.map((e) => [e, 10 - e + seed]);
  if (zaps.length > 0) c['fisher.zappedShare'] = zaps.map((e) => [e, 0.4]);
  c['landscape.interp.transfer.loss'] = Array.from({ length: 11 }, (_, i) => [i, 1 + Math.sin((Math.PI * i) / 10)]);
  c['landscape.slice.loss'] = Array.from({ length: 9 }, (_, i) => [i, 1 + ((i % 3) - 1) ** 2 + (Math.floor(i / 3) - 1) ** 2 + zapEvery]);
  c['landscape.slice.span'] = [[0, 0.5]];
  return c;
}

const curves: Curves = new Map(outcomes.map((o) => [o.trialId, curvesOf(o.parameters['pretrain.zapEvery'] as number, o.seed)]));
const label = (p: Record<string, unknown>): string => `zapEvery=${String(p['pretrain.zapEvery'])}`;

describe('probe figures', () => {
  it('draws fisher, sharpness, interpolation and the slice of the best and the never-zap configuration', async () => {
    const { figures, notes } = probeFigures(results, outcomes, curves, label, 'pretrain.zapEvery');
    expect(notes).toEqual([]);
    expect(figures.map((f) => f.name)).toEqual(['fisher-trace', 'sharpness', 'interpolation', 'landscape-slice']);
    const data = (name: string): Array<Record<string, unknown>> => {
      const spec = figures.find((f) => f.name === name)?.spec as { data: { values: Array<Record<string, unknown>> } };
      return spec.data.values;
    };
    // Mean over the two seeds at epoch 2 of conv1 in zapEvery=1: (1.1 / 2 + 1.2 / 2) / 2.
    const p = data('fisher-trace').find((v) => v['kind'] === 'value' && v['series'] === 'conv1' && v['step'] === 2 && v['config'] === 'zapEvery=1' && v['when'] === 'trained');
    expect(p?.['mean']).toBeCloseTo(1.15 / 2, 12);
    // Zap markers: the after-zap epochs of the zapping configuration only, on every layer panel.
    const zaps = data('fisher-trace').filter((v) => v['kind'] === 'zap');
    expect(new Set(zaps.map((z) => z['config']))).toEqual(new Set(['zapEvery=1']));
    expect(zaps).toHaveLength(3 * 3);
    // The slice: best (zapEvery=1) beside never zap, coordinates from the span.
    const cells = data('landscape-slice');
    expect(new Set(cells.map((c) => c['config']))).toEqual(new Set(['best: zapEvery=1', 'never zap: zapEvery=0']));
    expect([...new Set(cells.map((c) => c['a']))].sort()).toEqual([-0.5, 0, 0.5]);
    // The interpolation's x runs 0..1.
    expect(Math.max(...data('interpolation').map((v) => v['t'] as number))).toBe(1);
    for (const f of figures) {
      const svg = await specToSvg(f.spec);
      expect(svg).toMatch(/^<svg /);
    }
    const fisherSvg = await specToSvg(figures[0]!.spec);
    for (const text of ['pre-training epoch', 'conv1', 'head', 'configuration']) expect(fisherSvg).toContain(`>${text}</text>`);
  });

  it('draws nothing, and says nothing, for trials without probes', () => {
    const plain = outcomes.map((o) => ({ ...o, metrics: {} }));
    expect(probeFigures(results, plain, new Map(), label, 'pretrain.zapEvery')).toEqual({ figures: [], notes: [] });
  });
});

describe('probe curves CSV', () => {
  it('has one row per trial, probe curve and step, and nothing of the other curves', () => {
    const withOther: Curves = new Map([...curves].map(([id, c]) => [id, { ...c, 'pretrain.loss': [[1, 0.5]] as Array<[number, number]> }]));
    const lines = probeCurvesCsv(outcomes, withOther).trim().split('\n');
    expect(lines[0]).toBe('trialId,configId,seed,name,step,value');
    expect(lines).toContain('c1-1,c1,1,landscape.slice.span,0,0.5');
    expect(lines.some((l) => l.includes('pretrain.loss'))).toBe(false);
    const perTrial = (id: string): number => lines.filter((l) => l.startsWith(`${id},`)).length;
    // zapEvery 1: 3 layers x (4 + 3) fisher, 4 sharpness, 3 zapped shares, 11 interpolation, 9 slice, 1 span.
    expect(perTrial('c1-1')).toBe(21 + 4 + 3 + 11 + 9 + 1);
    expect(perTrial('c0-1')).toBe(12 + 4 + 11 + 9 + 1);
  });
});
