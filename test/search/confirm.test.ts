import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildResults } from '../../src/analysis/results.js';
import type { TrialOutcome } from '../../src/analysis/types.js';
import { confirmationSpec } from '../../src/search/confirm.js';
import { expand } from '../../src/spec/expand.js';
import { parseSpecText } from '../../src/spec/load.js';
import { withSpec } from '../spec/cases.js';

// A bundle axis (its parameter is a label, not the paths) and a plain axis, raced over 6 seeds.
const sweep = parseSpecText(
  withSpec(
    '  experiment:',
    '    transfer: {learningRate: 0.02}',
    '  parameters:',
    '    pretrain:',
    '      - {label: adam3, optimizer: adam, learningRate: 0.003}',
    '      - {label: sgdm, optimizer: sgd, momentum: 0.9}',
    '    zapEvery: [0, 2]',
    '  seeds: 6',
    '  search: {kind: race, minSeeds: 3}',
  ),
  'x.yaml',
).sweep;
const universe = expand(sweep);
const outcomes: TrialOutcome[] = universe.filter((t) => t.seed < 3).map((t) => ({
  trialId: t.trialId, configId: t.configId, index: t.index, seed: t.seed, parameters: { ...t.parameters }, status: 'succeeded', attempts: 1,
  metrics: { retainedAccuracy: 0.5 + 0.1 * t.experiment.pretrain.zapEvery, newTaskGain: t.experiment.pretrain.optimizer === 'adam' ? 0.4 : 0.2 },
}));
const results = buildResults({ id: 'r1', name: 't', status: 'completed' }, outcomes);

describe('zapsweep confirm: the spec it prints', () => {
  const spec = confirmationSpec(sweep, results, universe, { seeds: 4, top: 3 });
  const loaded = parseSpecText(stringify(spec), 'confirm.yaml').sweep;
  const trials = expand(loaded);
  it('runs the top configurations with their original config ids', () => {
    expect([...new Set(trials.map((t) => t.configId))]).toEqual(results.configs.slice(0, 3).map((c) => c.configId));
  });
  it('on seeds the sweep never used, one grid', () => {
    expect([...new Set(trials.map((t) => t.seed))]).toEqual([6, 7, 8, 9]);
    expect(trials).toHaveLength(12);
    expect(loaded.spec.search.kind).toBe('grid');
    expect(loaded.spec.budget.maxTrials).toBe(12);
  });
  it('keeps the base experiment', () => {
    expect(loaded.spec.experiment.transfer.learningRate).toBe(0.02);
  });
});
