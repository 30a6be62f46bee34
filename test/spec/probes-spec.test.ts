/** experiment.probes (issue #16): defaults, precise errors, and ids of sweeps without probes unchanged. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatSpecError, SpecError } from '../../src/spec/errors.js';
import { expand } from '../../src/spec/expand.js';
import { parseSpecText } from '../../src/spec/load.js';
import { withSpec } from './cases.js';

function errorLines(text: string): string[] {
  try {
    parseSpecText(text, 'x.yaml');
  } catch (err) {
    if (err instanceof SpecError) return formatSpecError(err).split('\n');
    throw err;
  }
  throw new Error('expected a SpecError');
}

const probes = (line: string): string => withSpec('  experiment:', `    probes: ${line}`);

describe('experiment.probes', () => {
  test('quick.yaml keeps the trial ids it had before probes existed', () => {
    const trials = expand(parseSpecText(readFileSync('sweeps/quick.yaml', 'utf8'), 'quick.yaml').sweep);
    expect(trials.map((t) => t.trialId)).toEqual([
      'efd371f9d302', '01ec003b4df9', '3c99dc789347', '6e1149b33746', '601904c6a210', 'f01637188803',
      '6adbec372abf', '275964115617', 'e0a300865259', 'eaf58ca387da', '91a808a34df0', '7103cc5dd504',
    ]);
  });

  test('an empty mapping switches a probe on with its defaults', () => {
    const e = parseSpecText(probes('{ fisher: {}, sharpness: {}, interpolate: {}, slice: {} }'), 'x.yaml').sweep.spec.experiment;
    expect(e.probes).toEqual({
      probeImages: 16,
      fisher: { at: ['epoch'] },
      sharpness: { at: ['epoch'], iterations: 4 },
      interpolate: { points: 11, pairs: ['zap', 'transfer'] },
      slice: { grid: 9, span: 1 },
    });
  });

  test('probes change the trial ids (they are part of what a trial measures)', () => {
    const plain = expand(parseSpecText(withSpec('  seeds: 1'), 'x.yaml').sweep);
    const probed = expand(parseSpecText(withSpec('  seeds: 1', '  experiment:', '    probes: { fisher: {} }'), 'x.yaml').sweep);
    expect(probed[0]?.trialId).not.toBe(plain[0]?.trialId);
  });

  test.each([
    { name: 'unknown probe', line: '{ hessian: {} }', errors: ['x.yaml:7:15: spec.experiment.probes.hessian: unknown key "hessian"; known keys: probeImages, fisher, sharpness, interpolate, slice'] },
    { name: 'unknown point', line: '{ fisher: { at: [epoch, batch] } }', errors: ['x.yaml:7:37: spec.experiment.probes.fisher.at[1]: expected one of "epoch", "zap" or "transferCheckpoint", found "batch"'] },
    { name: 'duplicate point', line: '{ fisher: { at: [epoch, epoch] } }', errors: ['x.yaml:7:37: spec.experiment.probes.fisher.at[1]: duplicate point "epoch"'] },
    { name: 'even grid', line: '{ slice: { grid: 8 } }', errors: ['x.yaml:7:30: spec.experiment.probes.slice.grid: expected an odd number (the trained weights sit at the centre), found 8'] },
    { name: 'grid too large', line: '{ slice: { grid: 99 } }', errors: ['x.yaml:7:30: spec.experiment.probes.slice.grid: expected an integer from 3 to 25, found 99'] },
    { name: 'two points', line: '{ interpolate: { points: 2 } }', errors: ['x.yaml:7:38: spec.experiment.probes.interpolate.points: expected an integer from 3 to 101, found 2'] },
    { name: 'zero probe images', line: '{ probeImages: 0, sharpness: {} }', errors: ['x.yaml:7:28: spec.experiment.probes.probeImages: expected a positive integer up to 1000, found 0'] },
    { name: 'zero iterations', line: '{ sharpness: { iterations: 0 } }', errors: ['x.yaml:7:40: spec.experiment.probes.sharpness.iterations: expected a positive integer up to 200, found 0'] },
    { name: 'unknown pair', line: '{ interpolate: { pairs: [zap, final] } }', errors: ['x.yaml:7:43: spec.experiment.probes.interpolate.pairs[1]: expected one of "zap" or "transfer", found "final"'] },
    { name: 'negative span', line: '{ slice: { span: -1 } }', errors: ['x.yaml:7:30: spec.experiment.probes.slice.span: expected a positive number up to 10, found -1'] },
  ])('$name', ({ line, errors }) => {
    expect(errorLines(probes(line))).toEqual(errors);
  });
});
