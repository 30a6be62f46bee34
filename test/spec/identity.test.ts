import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expand } from '../../src/spec/expand.js';
import { configIdOf, experimentIdentity, trialIdOf } from '../../src/spec/identity.js';
import { loadSpecFile } from '../../src/spec/load.js';
import { experimentSchema } from '../../src/spec/schema.js';

const defaults = experimentSchema.parse({});

describe('identity: ids hash the non-default fields only', () => {
  it.each([
    { name: 'all defaults', input: {}, identity: {} },
    { name: 'one top-level change', input: { pretrain: { zapEvery: 3 } }, identity: { pretrain: { zapEvery: 3 } } },
    { name: 'a default written out', input: { pretrain: { zapEvery: defaults.pretrain.zapEvery, optimizer: 'sgd' } }, identity: { pretrain: { optimizer: 'sgd' } } },
    { name: 'a list differing from the default', input: { dataset: { oldClasses: [0, 1] } }, identity: { dataset: { oldClasses: [0, 1] } } },
  ])('$name', ({ input, identity }) => {
    expect(experimentIdentity(experimentSchema.parse(input))).toEqual(identity);
  });

  it('a field added later with its default does not change an id', () => {
    const before = experimentSchema.parse({ pretrain: { zapEvery: 1 } });
    const later = { ...before, model: { ...before.model, someNewField: undefined } } as typeof before;
    expect(configIdOf(later)).toBe(configIdOf(before));
    expect(trialIdOf(later, 2)).toBe(trialIdOf(before, 2));
    expect(trialIdOf(before, 1)).not.toBe(trialIdOf(before, 2));
  });

  // The policy that keeps ids stable across versions: a default never changes within zapsweep/v1.
  // If this fails, a default changed (or the identity rule did): every stored sweep's ids move.
  it('pins the ids of sweeps/quick.yaml', async () => {
    const { sweep } = await loadSpecFile(join(import.meta.dirname, '../../sweeps/quick.yaml'));
    expect(expand(sweep).map((t) => t.trialId)).toMatchInlineSnapshot(`
      [
        "efd371f9d302",
        "01ec003b4df9",
        "3c99dc789347",
        "6e1149b33746",
        "601904c6a210",
        "f01637188803",
        "6adbec372abf",
        "275964115617",
        "e0a300865259",
        "eaf58ca387da",
        "91a808a34df0",
        "7103cc5dd504",
      ]
    `);
  });
});
