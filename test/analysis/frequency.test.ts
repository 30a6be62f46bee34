/** analyzeAxis on synthetic outcomes with planted effects (pure; no store). */
import { xoroshiro128plus } from 'pure-rand';
import { describe, expect, it } from 'vitest';
import { AnalysisInputError } from '../../src/analysis/errors.js';
import { analyzeAxis, type FrequencyAnalysis } from '../../src/analysis/frequency.js';
import { formatFrequency, frequencyToCsv, frequencyToJson } from '../../src/analysis/frequency-format.js';
import { groupSentence } from '../../src/analysis/frequency-text.js';
import { syntheticSweep } from '../support/synthetic-sweep.js';

const rng = xoroshiro128plus(0);
const header = { sweep: { id: 'x', name: 'x', status: 'completed' }, bootstrap: { resamples: 2000, seed: 0 } };

/** adam peaks at zapEvery 2 (+8 points over never); sgd is best never zapping. */
const planted = syntheticSweep('planted')
  .axes({ zapEvery: [0, 1, 2, 4], optimizer: ['adam', 'sgd'] })
  .seeds(5)
  .metric('retainedAccuracy', (p) => {
    const k = Number(p['pretrain.zapEvery']);
    if (p['pretrain.optimizer'] === 'adam') return ({ 0: 0.8, 1: 0.84, 2: 0.88, 4: 0.82 } as Record<number, number>)[k] ?? 0;
    return 0.5 - 0.05 * Math.min(k, 1);
  })
  .metric('forgetting', (p) => (Number(p['pretrain.zapEvery']) === 4 ? 0.05 : 0.1))
  .noise(0.01, 0.03, 7)
  .outcomes();

const group = (a: FrequencyAnalysis, optimizer: string) => {
  const g = a.groups.find((x) => x.parameters['pretrain.optimizer'] === optimizer);
  if (!g) throw new Error(`no group ${optimizer}`);
  return g;
};

describe('analyzeAxis: planted optimum', () => {
  const a = analyzeAxis(planted, { rng, resamples: 2000 });

  it('resolves defaults: zapEvery, retainedAccuracy, control 0, groups by optimizer', () => {
    expect(a.axis).toEqual({ name: 'zapEvery', path: 'pretrain.zapEvery', values: [0, 1, 2, 4] });
    expect(a.metric).toEqual({ name: 'retainedAccuracy', direction: 'higher' });
    expect(a.control).toBe(0);
    expect(a.groupBy).toEqual(['pretrain.optimizer']);
    expect(a.groups.map((g) => g.parameters)).toEqual([{ 'pretrain.optimizer': 'adam' }, { 'pretrain.optimizer': 'sgd' }]);
  });

  it('finds the planted best value per group', () => {
    expect(group(a, 'adam').best?.value).toBe(2);
    expect(group(a, 'sgd').best?.value).toBe(0);
  });

  it('paired comparisons against never zapping recover the planted differences', () => {
    const adam = group(a, 'adam');
    const at2 = adam.comparisons.find((c) => c.value === 2);
    expect(at2?.n).toBe(5);
    expect(at2?.diff).toBeCloseTo(0.08, 1);
    expect(at2?.ci95?.[0]).toBeGreaterThan(0);
    expect(at2?.bootstrapCi95?.[0]).toBeGreaterThan(0);
    expect(at2?.verdict).toBe('better');
    expect(group(a, 'sgd').comparisons.map((c) => c.verdict)).toEqual(['worse', 'worse', 'worse']);
  });

  it('is deterministic (seeded bootstrap)', () => {
    expect(analyzeAxis(planted, { rng, resamples: 2000 })).toEqual(a);
  });

  it('says it in one sentence per group', () => {
    expect(groupSentence(a, group(a, 'adam'))).toMatch(/^With adam, zapping every 2 epochs retains 8\.\d ± \d\.\d points more than never zapping \(p [<=] /);
    expect(groupSentence(a, group(a, 'sgd'))).toMatch(/^With sgd, never zapping is best: zapping every (epoch|\d+ epochs) retains \d\.\d ± \d\.\d points less than never zapping/);
  });

  it('a probe metric has no better direction: never zapping is "highest", not "best"', () => {
    const probed = syntheticSweep('probed')
      .axes({ zapEvery: [0, 1, 2], optimizer: ['sgd'] })
      .seeds(5)
      .metric('sharpness.top', (p) => (Number(p['pretrain.zapEvery']) === 0 ? 30 : 10))
      .noise(0.01, 0.03, 7)
      .outcomes();
    const f = analyzeAxis(probed, { rng, resamples: 500, metric: 'sharpness.top' });
    const text = groupSentence(f, group(f, 'sgd'));
    expect(text).toMatch(/never zapping is highest/);
    expect(text).not.toMatch(/best/);
  });

  it('for a lower-is-better metric, the best value is the lowest', () => {
    const f = analyzeAxis(planted, { rng, resamples: 500, metric: 'forgetting' });
    expect(f.metric.direction).toBe('lower');
    expect(group(f, 'adam').best?.value).toBe(4);
    expect(group(f, 'adam').comparisons.find((c) => c.value === 4)?.verdict).toBe('better');
    expect(groupSentence(f, group(f, 'adam'))).toMatch(/zapping every 4 epochs forgets [4-6]\.\d ± \d\.\d points less than never zapping \(p < 0\.001/);
  });

  it('presents as text, JSON and CSV', () => {
    const text = formatFrequency(a, header);
    expect(text).toContain('optimizer=adam');
    expect(text).toContain('control, best');
    const json = frequencyToJson(a, header) as { groups: Array<{ sentence: string }>; correction: string };
    expect(json.groups[0]?.sentence).toMatch(/^With adam/);
    expect(json.correction).toContain('holm');
    const csv = frequencyToCsv(a).trim().split('\n');
    expect(csv[0]).toMatch(/^pretrain\.optimizer,pretrain\.zapEvery,configId,metric,mean,lo,hi,n,control,best,tiedWithBest,diff/);
    expect(csv).toHaveLength(1 + 8);
  });
});

describe('analyzeAxis: planted zero effect', () => {
  const nullOutcomes = syntheticSweep('null')
    .axes({ zapEvery: [0, 1, 2, 4], optimizer: ['adam', 'sgd'] })
    .seeds(5)
    .metric('retainedAccuracy', () => 0.8)
    .noise(0.01, 0.03, 11)
    .outcomes();
  const a = analyzeAxis(nullOutcomes, { rng, resamples: 1000 });

  it('reports no significant difference', () => {
    for (const g of a.groups) for (const c of g.comparisons) expect(c.verdict).toBe('tie');
    for (const g of a.groups) expect(groupSentence(a, g)).toContain('within noise');
  });

  it('identical values everywhere (a deterministic no-op) are a tie, not untestable', () => {
    const flat = syntheticSweep('flat').metric('retainedAccuracy', () => 0.5).noise(0, 0).outcomes();
    const f = analyzeAxis(flat, { rng, resamples: 10 });
    expect(f.groups[0]?.comparisons.map((c) => c.verdict)).toEqual(['tie']);
  });

  it('marks values tied with the best', () => {
    for (const g of a.groups) expect(g.best?.tiedWith.length).toBeGreaterThan(0);
  });
});

describe('analyzeAxis: names and bad input', () => {
  it.each([
    { axis: 'zapEvery', path: 'pretrain.zapEvery' },
    { axis: 'pretrain.zapEvery', path: 'pretrain.zapEvery' },
    { axis: 'experiment.pretrain.zapEvery', path: 'pretrain.zapEvery' },
    { axis: 'optimizer', path: 'pretrain.optimizer' },
  ])('axis $axis -> $path', ({ axis, path }) => {
    expect(analyzeAxis(planted, { rng, resamples: 10, axis }).axis.path).toBe(path);
  });

  it('optimizer as the axis: control is its first value, groups by zapEvery', () => {
    const a = analyzeAxis(planted, { rng, resamples: 10, axis: 'optimizer' });
    expect(a.control).toBe('adam');
    expect(a.groups).toHaveLength(4);
  });

  it.each([
    { name: 'unknown axis', o: { axis: 'zapevry' }, says: /--axis: "zapevry" is not a swept parameter; did you mean "zapEvery"\? \(swept: zapEvery \(pretrain\.zapEvery\), optimizer \(pretrain\.optimizer\)\)/ },
    { name: 'unswept axis', o: { axis: 'learningRate' }, says: /not a swept parameter.*swept: zapEvery/ },
    { name: 'unknown metric', o: { metric: 'retained' }, says: /--metric: unknown metric "retained".*\(available: forgetting, retainedAccuracy\)/ },
    { name: 'control not run', o: { control: '3' }, says: /--control: pretrain\.zapEvery never takes the value "3" in this sweep \(values: 0, 1, 2, 4\)/ },
  ])('$name', ({ o, says }) => {
    const run = (): unknown => analyzeAxis(planted, { rng, resamples: 10, ...o });
    expect(run).toThrow(AnalysisInputError);
    expect(run).toThrow(says);
  });

  it('no succeeded trial: a clear error', () => {
    const failed = syntheticSweep('f').metric('retainedAccuracy', () => 1).fail(0, 1, 2, 3, 4, 5).outcomes();
    expect(() => analyzeAxis(failed, { rng })).toThrow(/no succeeded trials yet/);
  });

  it('seeds that failed on one side are left out of the pairing', () => {
    // zapEvery [0, 1] x 3 seeds: trial 3 is (zapEvery 1, seed 1).
    const o = syntheticSweep('p').metric('retainedAccuracy', (p) => (p['pretrain.zapEvery'] === 1 ? 0.9 : 0.8)).fail(3).outcomes();
    const a = analyzeAxis(o, { rng, resamples: 10 });
    expect(a.groups[0]?.comparisons[0]?.n).toBe(2);
    expect(a.groups[0]?.levels.map((l) => l.summary.n)).toEqual([3, 2]);
  });
});
