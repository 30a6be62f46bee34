/** Linked axes (bundles): expansion, labels, ids (issue #17). Errors: cases-knobs.ts. */
import { describe, expect, test } from 'vitest';
import { expand } from '../../src/spec/expand.js';
import { describeParameters } from '../../src/spec/labels.js';
import { parseSpecText } from '../../src/spec/load.js';
import type { Sweep } from '../../src/spec/schema.js';
import { withSpec } from './cases.js';

const sweepOf = (...lines: string[]): Sweep => parseSpecText(withSpec(...lines), 'x.yaml').sweep;

const issueExample = [
  '  parameters:',
  '    pretrain:',
  '      - { label: adam-3e-3, optimizer: adam, learningRate: 0.003 }',
  '      - { label: sgd-cos, optimizer: sgd, learningRate: 0.1, momentum: 0.9, weightDecay: 0.0001, schedule: { kind: cosine } }',
  '    zap:',
  '      - { label: never, pretrain.zapEvery: 0 }',
  '      - { label: every-3-frac-0.1, pretrain.zapEvery: 3, pretrain.zapFraction: 0.1 }',
  '    transfer.learningRate: [0.055, 0.017, 0.0055, 0.0017, 0.00055]',
];

describe('bundle axes', () => {
  test("the issue's example: 2 x 2 x 5 configurations, each bundle setting its paths, labelled", () => {
    const trials = expand(sweepOf(...issueExample));
    expect(trials).toHaveLength(20);
    const t = trials.find((x) => x.parameters.pretrain === 'sgd-cos' && x.parameters.zap === 'every-3-frac-0.1' && x.parameters['transfer.learningRate'] === 0.0017);
    expect(t).toBeDefined();
    const p = t?.experiment.pretrain;
    expect([p?.optimizer, p?.learningRate, p?.momentum, p?.weightDecay, p?.schedule, p?.zapEvery, p?.zapFraction]).toEqual(['sgd', 0.1, 0.9, 0.0001, { kind: 'cosine', minLearningRate: 0 }, 3, 0.1]);
    expect(t?.experiment.transfer.learningRate).toBe(0.0017);
    // The other bundle of the same axis leaves momentum at its default.
    expect(trials.find((x) => x.parameters.pretrain === 'adam-3e-3')?.experiment.pretrain.momentum).toBe(0);
    expect(Object.keys(t?.parameters ?? {})).toEqual(['pretrain', 'zap', 'transfer.learningRate']);
  });

  test('ids: a bundle gives the same configuration (and id) as the same paths set one by one', () => {
    const linked = expand(sweepOf('  parameters:', '    pretrain:', '      - { optimizer: adam, learningRate: 0.003 }', '      - { optimizer: sgd, learningRate: 0.1 }'));
    const flat = expand(sweepOf('  parameters:', '    optimizer: [adam]', '    learningRate: [0.003]'));
    expect(linked[0]?.configId).toBe(flat[0]?.configId);
    expect(linked[0]?.trialId).toBe(flat[0]?.trialId);
    expect(linked.map((t) => t.parameters.pretrain)).toEqual(['optimizer=adam,learningRate=0.003', 'optimizer=sgd,learningRate=0.1']);
  });

  test('deterministic: the same spec gives the same trials', () => {
    expect(expand(sweepOf(...issueExample))).toEqual(expand(sweepOf(...issueExample)));
  });

  test('whole paths under a named axis, shorthands and experiment. prefixes included', () => {
    const trials = expand(sweepOf('  parameters:', '    regime:', '      - { label: a, zapEvery: 2, experiment.transfer.trainLayers: all, model.width: 8 }'));
    const e = trials[0]?.experiment;
    expect([e?.pretrain.zapEvery, e?.transfer.trainLayers, e?.model.width]).toEqual([2, 'all', 8]);
    expect(trials[0]?.parameters).toEqual({ regime: 'a' });
  });

  test('an object field is swept by value, not as a bundle', () => {
    const trials = expand(sweepOf('  parameters:', '    pretrain.schedule: [{ kind: constant }, { kind: step, every: 2, gamma: 0.5 }]'));
    expect(trials.map((t) => t.experiment.pretrain.schedule.kind)).toEqual(['constant', 'step']);
    expect(describeParameters(trials[1]?.parameters ?? {})).toBe('schedule=kind=step,every=2,gamma=0.5');
  });
});

describe('short labels stay unambiguous (issue #10 finding)', () => {
  test('two learningRate paths keep their sections', () => {
    expect(describeParameters({ 'pretrain.learningRate': 10, 'transfer.learningRate': 10, 'pretrain.zapEvery': 1 })).toBe('pretrain.learningRate=10 transfer.learningRate=10 zapEvery=1');
  });
});
