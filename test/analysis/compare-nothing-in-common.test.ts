/** `compare --fail-on-regression` of sweeps with no configuration in common must not pass (issue #10). */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file-store.js';
import { tempDir } from '../support/builders.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { syntheticSweep } from '../support/synthetic-sweep.js';

const store = join(tempDir('zapsweep-compare-none-'), 'store');
const ids = { a: '', b: '', a2: '' };

const sweep = (suffix: string, zapEvery: number[], rngSeed: number) =>
  syntheticSweep('disjoint')
    .suffix(suffix)
    .axes({ zapEvery, optimizer: ['adam'] })
    .seeds(3)
    .metric('retainedAccuracy', () => 0.8)
    .metric('newTaskGain', () => 0.4)
    .noise(0.01, 0.01, rngSeed);

beforeAll(async () => {
  assertBuilt();
  const fs = new FileStore(store);
  ids.a = (await sweep('a', [0, 1], 1).writeTo(fs)).sweepId;
  ids.b = (await sweep('b', [5, 7], 2).writeTo(fs)).sweepId;
  ids.a2 = (await sweep('a2', [0, 1], 3).writeTo(fs)).sweepId;
});

describe('compare with nothing in common', () => {
  it('--fail-on-regression says nothing was compared and exits 5', async () => {
    const r = await runCli(['--store', store, 'compare', ids.a, ids.b, '--fail-on-regression']);
    expect(r.code).toBe(5);
    expect(r.stderr.trim()).toBe(`compare: nothing was compared between ${ids.a} and ${ids.b}: no configuration has results in both (exit 5)`);
    expect(r.stdout).toContain('no configuration is in both sweeps');
  });

  it('one empty pair among several fails the gate too', async () => {
    const r = await runCli(['--store', store, 'compare', ids.a, ids.a2, ids.b, '--fail-on-regression', '-o', 'json']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`between ${ids.a} and ${ids.b}`);
    expect(r.stderr).not.toContain(`and ${ids.a2}`);
  });

  it('without the gate it reports and exits 0; with overlap the gate passes', async () => {
    expect((await runCli(['--store', store, 'compare', ids.a, ids.b])).code).toBe(0);
    expect((await runCli(['--store', store, 'compare', ids.a, ids.a2, '--fail-on-regression'])).code).toBe(0);
  });
});
