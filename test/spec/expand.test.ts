import { describe, expect, test } from 'vitest';
import { SpecError } from '../../src/spec/errors.js';
import { expand, expandConfigurations, expectedTrialDigest } from '../../src/spec/expand.js';
import { parseSpecText } from '../../src/spec/load.js';
import type { Sweep } from '../../src/spec/schema.js';
import { withSpec } from './cases.js';

const sweepOf = (...lines: string[]): Sweep => parseSpecText(withSpec(...lines), 'x.yaml').sweep;

describe('grid expansion', () => {
  test.each([
    { lines: ['  seeds: 1'], configs: 1, seeds: 1 },
    { lines: ['  seeds: 3'], configs: 1, seeds: 3 },
    { lines: ['  parameters:', '    zapEvery: [0, 1, 2, 4]', '  seeds: 3'], configs: 4, seeds: 3 },
    { lines: ['  parameters:', '    zapEvery: [0, 1, 2]', '    optimizer: [adam, sgd]', '  seeds: [7, 11]'], configs: 6, seeds: 2 },
    {
      lines: ['  parameters:', '    zapEvery: [0, 1]', '    resetLayers: [[head], [head, conv1]]', '    transfer.learningRate: {distribution: choice, values: [0.1, 0.01, 0.001]}'],
      configs: 12,
      seeds: 1,
    },
  ])('$configs configurations x $seeds seeds', ({ lines, configs, seeds }) => {
    const trials = expand(sweepOf(...lines));
    expect(trials).toHaveLength(configs * seeds);
    expect(new Set(trials.map((t) => t.configId)).size).toBe(configs);
    expect(new Set(trials.map((t) => t.trialId)).size).toBe(configs * seeds);
    expect(trials.map((t) => t.index)).toEqual(trials.map((_, i) => i));
  });

  test('first axis varies slowest; seed-major order', () => {
    const trials = expand(sweepOf('  parameters:', '    zapEvery: [0, 2]', '    optimizer: [adam, sgd]', '  seeds: [5, 9]'));
    expect(trials.map((t) => [t.seed, t.parameters['pretrain.zapEvery'], t.parameters['pretrain.optimizer']])).toEqual([
      [5, 0, 'adam'],
      [5, 0, 'sgd'],
      [5, 2, 'adam'],
      [5, 2, 'sgd'],
      [9, 0, 'adam'],
      [9, 0, 'sgd'],
      [9, 2, 'adam'],
      [9, 2, 'sgd'],
    ]);
    // the same configuration has the same configId under every seed
    expect(trials[1]?.configId).toBe(trials[5]?.configId);
  });

  test('parameters are keyed by full path and substituted into the experiment', () => {
    const [trial] = expand(sweepOf('  parameters:', '    experiment.model.width: [32]', '    transfer.learningRate: [0.05]', '    resetLayers: [[head, conv2]]'));
    expect(trial?.parameters).toEqual({ 'model.width': 32, 'transfer.learningRate': 0.05, 'pretrain.resetLayers': ['head', 'conv2'] });
    expect(trial?.experiment.model.width).toBe(32);
    expect(trial?.experiment.transfer.learningRate).toBe(0.05);
    expect(trial?.experiment.pretrain.resetLayers).toEqual(['head', 'conv2']);
    expect(trial?.experiment.pretrain.epochs).toBe(4); // defaults stay
  });

  test('maxTrials is enforced by expand too, naming both numbers', () => {
    const sweep = sweepOf('  parameters:', '    zapEvery: [0, 1]', '  seeds: 2');
    const tight: Sweep = { ...sweep, spec: { ...sweep.spec, budget: { ...sweep.spec.budget, maxTrials: 3 } } };
    expect(() => expand(tight)).toThrow(SpecError);
    expect(() => expand(tight)).toThrow('the sweep expands to 4 trials (2 configurations × 2 seeds), more than maxTrials 3');
  });
});

describe('random search', () => {
  const lines = [
    '  search: {kind: random, trials: 40, seed: 3}',
    '  parameters:',
    '    learningRate: {distribution: log-uniform, min: 0.0001, max: 0.1}',
    '    transfer.learningRate: {distribution: uniform, min: 0.01, max: 0.5}',
    '    zapEvery: {distribution: uniform, min: 0, max: 5}',
    '    optimizer: [adam, sgd]',
    '  seeds: 2',
  ];

  test('deterministic for a seed, different for another', () => {
    const a = expand(sweepOf(...lines));
    const b = expand(sweepOf(...lines));
    expect(b).toEqual(a);
    const other = expand(sweepOf(...lines.map((l) => l.replace('seed: 3', 'seed: 4'))));
    expect(other.map((t) => t.trialId)).not.toEqual(a.map((t) => t.trialId));
  });

  test('values stay in range and follow the field type', () => {
    const configs = expandConfigurations(sweepOf(...lines));
    expect(configs).toHaveLength(40);
    for (const { experiment } of configs) {
      expect(experiment.pretrain.learningRate).toBeGreaterThanOrEqual(0.0001);
      expect(experiment.pretrain.learningRate).toBeLessThanOrEqual(0.1);
      expect(experiment.transfer.learningRate).toBeGreaterThanOrEqual(0.01);
      expect(experiment.transfer.learningRate).toBeLessThanOrEqual(0.5);
      expect(Number.isInteger(experiment.pretrain.zapEvery)).toBe(true);
      expect(experiment.pretrain.zapEvery).toBeGreaterThanOrEqual(0);
      expect(experiment.pretrain.zapEvery).toBeLessThanOrEqual(5);
      expect(['adam', 'sgd']).toContain(experiment.pretrain.optimizer);
    }
    // log-uniform: about as many draws below the geometric midpoint (0.00316) as above it
    const below = configs.filter((c) => c.experiment.pretrain.learningRate < Math.sqrt(0.0001 * 0.1)).length;
    expect(below).toBeGreaterThan(8);
    expect(below).toBeLessThan(32);
    // every integer value is reachable
    expect(new Set(configs.map((c) => c.experiment.pretrain.zapEvery)).size).toBe(6);
  });

  test('identical draws are kept once (de-duplication), seed-major', () => {
    const trials = expand(sweepOf('  search: {kind: random, trials: 30}', '  parameters:', '    optimizer: [adam, sgd]', '  seeds: 2'));
    expect(trials).toHaveLength(4);
    expect(trials.map((t) => t.seed)).toEqual([0, 0, 1, 1]);
    expect(new Set(trials.slice(0, 2).map((t) => t.parameters['pretrain.optimizer']))).toEqual(new Set(['adam', 'sgd']));
  });
});

describe('identity', () => {
  const text = withSpec('  parameters:', '    zapEvery: [0, 2]', '    optimizer: [adam, sgd]', '  seeds: 2');

  test('ids are stable (snapshot)', () => {
    const trials = expand(parseSpecText(text, 'x.yaml').sweep);
    expect(trials[0]).toMatchObject({ index: 0, seed: 0, parameters: { 'pretrain.zapEvery': 0, 'pretrain.optimizer': 'adam' } });
    expect([trials[0]?.trialId, trials[0]?.configId, expectedTrialDigest(trials)]).toMatchInlineSnapshot(`
      [
        "a327d76a3633",
        "44136fa355b3",
        "7f9e808c5b12",
      ]
    `);
  });

  test('ids do not depend on key order or the way a value is written', () => {
    const reordered = withSpec('  seeds: 2', '  parameters:', '    experiment.pretrain.zapEvery: [0, 2]', '    pretrain.optimizer: [adam, sgd]', '  experiment: {pretrain: {epochs: 4}}');
    expect(expand(parseSpecText(reordered, 'y.yaml').sweep).map((t) => t.trialId)).toEqual(
      expand(parseSpecText(text, 'x.yaml').sweep).map((t) => t.trialId),
    );
  });

  test('expectedTrialDigest follows the order of the ids', () => {
    const trials = expand(parseSpecText(text, 'x.yaml').sweep);
    expect(expectedTrialDigest([...trials].reverse())).not.toBe(expectedTrialDigest(trials));
  });
});
