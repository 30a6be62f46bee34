import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { expand } from '../../src/spec/expand.js';
import { loadSpecFile } from '../../src/spec/load.js';
import { experimentSchema } from '../../src/spec/schema.js';
import { stageKeyOf, stagesOf } from '../../src/spec/stages.js';

const base = experimentSchema.parse({});
const withPath = (patch: Record<string, Record<string, unknown>>) =>
  experimentSchema.parse(Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, { ...v }])));

describe('stageKeyOf', () => {
  test.each([
    ['a transfer field', withPath({ transfer: { learningRate: 0.5 } }), 0, true],
    ['the transfer mode', withPath({ transfer: { mode: 'sequential' } }), 0, true],
    ['a pre-training field', withPath({ pretrain: { zapEvery: 2 } }), 0, false],
    ['the model', withPath({ model: { width: 8 } }), 0, false],
    ['the dataset', withPath({ dataset: { trainPerClass: 7 } }), 0, false],
    ['the seed', base, 1, false],
  ])('changing %s: same stage = %s', (_what, experiment, seed, same) => {
    expect(stageKeyOf(experiment, seed) === stageKeyOf(base, 0)).toBe(same);
  });

  test('a field set to its default does not change the key (ids survive new fields)', () => {
    expect(stageKeyOf(withPath({ pretrain: { zapEvery: 0 } }), 3)).toBe(stageKeyOf(base, 3));
  });
});

describe('stagesOf on the shipped sweeps', () => {
  test.each([
    ['repro-zapping.yaml', 90, 30],
    ['quick.yaml', 12, 12],
  ])('%s: %i trials, %i distinct pre-trainings', async (file, trials, stages) => {
    const { sweep } = await loadSpecFile(join(import.meta.dirname, '../../sweeps', file));
    const all = expand(sweep);
    const found = stagesOf(all);
    expect(all).toHaveLength(trials);
    expect(found).toHaveLength(stages);
    // Every trial is in exactly one stage, in expansion order within it.
    expect(found.flatMap((s) => s.trials).map((t) => t.index).sort((a, b) => a - b)).toEqual(all.map((t) => t.index));
    for (const s of found) expect(s.trials.map((t) => t.index)).toEqual([...s.trials.map((t) => t.index)].sort((a, b) => a - b));
  });
});
