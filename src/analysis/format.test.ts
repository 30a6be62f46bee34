import { describe, expect, it } from 'vitest';
import { formatMetric, formatRanking, formatValue, resultsToCsv, shortNames } from './format.js';
import { outcome } from './outcome-builder.js';
import { buildResults } from './results.js';

const sweep = { id: 'sw-1', name: 'quick', status: 'succeeded' };
const p = (zapEvery: number, optimizer: string, resetLayers: string[] = ['head']) => ({
  'pretrain.zapEvery': zapEvery,
  'pretrain.optimizer': optimizer,
  'pretrain.resetLayers': resetLayers,
});

const results = buildResults(sweep, [
  outcome('c-zap2', 0).index(0).params(p(2, 'adam')).scores(0.9, 0.3).obj(),
  outcome('c-zap2', 1).index(1).params(p(2, 'adam')).scores(0.92, 0.32).obj(),
  outcome('c-never', 0).index(2).params(p(0, 'sgd', ['head', 'conv2'])).scores(0.8, 0.2).obj(),
  outcome('c-gain', 0).index(3).params(p(10, 'adam')).scores(0.5, 0.6).metrics({ forgetting: 0.1 }).obj(),
  outcome('c-fail', 0).index(4).params(p(1, 'sgd')).status('failed').obj(),
]);

describe('shortNames', () => {
  it.each([
    { paths: [], want: [] },
    { paths: ['pretrain.zapEvery', 'pretrain.optimizer'], want: ['zapEvery', 'optimizer'] },
    { paths: ['pretrain.optimizer', 'transfer.optimizer', 'model.width'], want: ['pretrain.optimizer', 'transfer.optimizer', 'width'] },
    { paths: ['a.x.lr', 'b.x.lr'], want: ['a.x.lr', 'b.x.lr'] },
    { paths: ['seedless'], want: ['seedless'] },
  ])('$paths', ({ paths, want }) => {
    expect(shortNames(paths)).toEqual(want);
  });
});

describe('formatValue and formatMetric', () => {
  it.each([
    { v: 0.001, want: '0.001' },
    { v: 'adam', want: 'adam' },
    { v: ['head', 'conv2'], want: 'head+conv2' },
    { v: true, want: 'true' },
    { v: undefined, want: '-' },
  ])('value $v', ({ v, want }) => {
    expect(formatValue(v)).toBe(want);
  });

  it.each([
    { m: { mean: 0.9123, ci95: [0.8993, 0.9253] as [number, number], n: 5 }, want: '0.912 ±0.013' },
    { m: { mean: -0.05, ci95: null, n: 1 }, want: '-0.050' },
    { m: undefined, want: '-' },
  ])('metric $want', ({ m, want }) => {
    expect(formatMetric(m)).toBe(want);
  });
});

describe('formatRanking', () => {
  it('renders the ranking table', () => {
    expect(formatRanking(results)).toMatchInlineSnapshot(`
      "sweep quick (sw-1) succeeded: 5 trials, 4 succeeded, 1 failed, 0 running
      rank     zapEvery  optimizer  resetLayers  retained      gain          seeds
      ----------------------------------------------------------------------------
         1  *         2  adam       head         0.910 ±0.127  0.310 ±0.127      2
         2  *        10  adam       head         0.500         0.600             1
         3            0  sgd        head+conv2   0.800         0.200             1
      * Pareto front of (retained, gain); ± is the 95% CI half-width (none with one seed)
      "
    `);
  });

  it('narrows parameter columns to fit a width', () => {
    const text = formatRanking(results, { width: 60 });
    for (const line of text.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(text).toMatchInlineSnapshot(`
      "sweep quick (sw-1) succeeded: 5 trials, 4 succeeded, 1 fail…
      rank     zap…  opt…  res…  retained      gain          seeds
      ------------------------------------------------------------
         1  *     2  adam  head  0.910 ±0.127  0.310 ±0.127      2
         2  *    10  adam  head  0.500         0.600             1
         3        0  sgd   hea…  0.800         0.200             1
      * Pareto front of (retained, gain); ± is the 95% CI half-wi…
      "
    `);
  });

  it('says so when nothing succeeded', () => {
    const empty = buildResults(sweep, [outcome('a').status('running').obj()]);
    expect(formatRanking(empty)).toBe('sweep quick (sw-1) succeeded: 1 trials, 0 succeeded, 0 failed, 1 running\nno succeeded trials yet\n');
  });
});

describe('resultsToCsv', () => {
  it('one row per configuration, every metric as mean, lo, hi, n', () => {
    expect(resultsToCsv(results)).toMatchInlineSnapshot(`
      "rank,pareto,configId,pretrain.zapEvery,pretrain.optimizer,pretrain.resetLayers,seeds,forgetting.mean,forgetting.lo,forgetting.hi,forgetting.n,newTaskGain.mean,newTaskGain.lo,newTaskGain.hi,newTaskGain.n,retainedAccuracy.mean,retainedAccuracy.lo,retainedAccuracy.hi,retainedAccuracy.n
      1,true,c-zap2,2,adam,"[""head""]",2,,,,,0.31,0.18293795263825294,0.43706204736174703,2,0.91,0.7829379526382529,1.0370620473617471,2
      2,true,c-gain,10,adam,"[""head""]",1,0.1,,,1,0.6,,,1,0.5,,,1
      3,false,c-never,0,sgd,"[""head"",""conv2""]",1,,,,,0.2,,,1,0.8,,,1
      "
    `);
  });

  it('quotes cells that need it', () => {
    const r = buildResults(sweep, [outcome('x').params({ note: 'a,b "c"' }).obj()]);
    expect(resultsToCsv(r)).toBe('rank,pareto,configId,note,seeds\n1,false,x,"a,b ""c""",1\n');
  });
});
