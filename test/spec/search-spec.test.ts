import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatSpecError, SpecError } from '../../src/spec/errors.js';
import { expand } from '../../src/spec/expand.js';
import { parseSpecText } from '../../src/spec/load.js';
import { curveMetricNames, finishedMetricNames } from '../../src/spec/search-metrics.js';
import { withSpec } from './cases.js';
import { malformedSearch } from './cases-search.js';

function errorOf(text: string): SpecError {
  try {
    parseSpecText(text, 'x.yaml');
  } catch (err) {
    if (err instanceof SpecError) return err;
    throw err;
  }
  throw new Error('expected a SpecError');
}

describe('malformed search blocks give one precise line per issue (exit 2)', () => {
  test.each(malformedSearch)('$name', ({ text, errors }) => {
    const err = errorOf(text);
    expect(formatSpecError(err).split('\n')).toEqual(errors);
    expect(err.exitCode).toBe(2);
  });
});

describe('expansion', () => {
  const axes = ['  parameters:', '    zapEvery: [0, 1, 2]', '    learningRate: [0.01, 0.001]'];
  const ids = (text: string): string[] => expand(parseSpecText(text, 'x.yaml').sweep).map((t) => `${t.index}:${t.trialId}`);

  test('grid without search, grid with search, and a race expand to the same trials (the race runs a subset)', () => {
    const plain = ids(withSpec('  seeds: 4', ...axes));
    expect(ids(withSpec('  seeds: 4', '  search: {kind: grid}', ...axes))).toEqual(plain);
    expect(ids(withSpec('  seeds: 4', '  search: {kind: race, minSeeds: 2}', ...axes))).toEqual(plain);
    expect(ids(withSpec('  seeds: 4', '  search: {kind: grid, stopping: {rule: median, metric: pretrain.oldTestAccuracy}}', ...axes))).toEqual(plain);
  });

  test('halving: the fidelity is one more axis, listed first', () => {
    const trials = expand(parseSpecText(withSpec('  seeds: 2', '  search: {kind: halving, fidelity: {path: pretrain.epochs, values: [1, 3]}}', ...axes), 'x.yaml').sweep);
    expect(trials).toHaveLength(2 * 3 * 2 * 2);
    expect(Object.keys(trials[0]?.parameters ?? {})).toEqual(['pretrain.epochs', 'pretrain.zapEvery', 'pretrain.learningRate']);
    expect(new Set(trials.map((t) => t.experiment.pretrain.epochs))).toEqual(new Set([1, 3]));
  });
});

test('the metric names a search accepts are the ones docs/metrics.md documents', () => {
  const doc = readFileSync(resolve(import.meta.dirname, '../../docs/metrics.md'), 'utf8');
  const section = (title: string): string => doc.split(`## ${title}`)[1]?.split('\n## ')[0] ?? '';
  const names = (text: string): string[] => [...text.matchAll(/^\| `([^`]+)`/gm)].map((m) => m[1] ?? '');
  const finished = section('Finished metrics').replace('`oldAccAfter` = `retainedAccuracy`', '`oldAccAfter` |\n| `retainedAccuracy`');
  expect([...finishedMetricNames].sort()).toEqual(names(finished).sort());
  expect([...curveMetricNames, 'seq.classAccuracy.<i>'].sort()).toEqual(names(section('Curves')).sort());
});
