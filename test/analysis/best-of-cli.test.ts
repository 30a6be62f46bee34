/** `zapsweep analyze --best-of` on a synthetic store (built CLI, real process). */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file-store.js';
import { tempDir } from '../support/builders.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { syntheticSweep } from '../support/synthetic-sweep.js';

const store = join(tempDir('zapsweep-best-of-'), 'store');
let id = '';

beforeAll(async () => {
  assertBuilt();
  // Planted: the best transfer rate is 0.01 for every zapEvery; zapping every epoch adds 5 points.
  id = (
    await syntheticSweep('best-of')
      .axes({ zapEvery: [0, 1], 'transfer.learningRate': [0.1, 0.01, 0.001] })
      .seeds(6)
      .metric('newAccAfter', (p) => (p['transfer.learningRate'] === 0.01 ? 0.6 : 0.4) + (p['pretrain.zapEvery'] === 1 ? 0.05 : 0))
      .noise(0.005, 0.02, 7)
      .writeTo(new FileStore(store))
  ).sweepId;
});

describe('zapsweep analyze --best-of', () => {
  it('chooses on half the seeds, reports on the others, and compares zapEvery on them', async () => {
    const r = await runCli(['--store', store, 'analyze', id, '--best-of', 'transfer.learningRate', '--axis', 'zapEvery', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { bestOf: { optimistic: boolean; choices: Array<{ chosen: number; selectSeeds: number[]; reportSeeds: number[] }> }; analysis: { groups: Array<{ comparisons: Array<{ value: number; diff: number }> }> } };
    expect(j.bestOf.optimistic).toBe(false);
    expect(j.bestOf.choices.map((c) => [c.chosen, c.selectSeeds, c.reportSeeds])).toEqual([
      [0.01, [0, 1, 2], [3, 4, 5]],
      [0.01, [0, 1, 2], [3, 4, 5]],
    ]);
    expect(j.analysis.groups[0]?.comparisons[0]?.diff).toBeCloseTo(0.05, 1);
  });

  it('--select-on all says it is optimistic', async () => {
    const r = await runCli(['--store', store, 'analyze', id, '--best-of', 'transfer.learningRate', '--select-on', 'all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OPTIMISTIC');
    expect(r.stdout).toContain('0.01');
  });

  it('an unknown best-of axis is a usage error naming the swept axes', async () => {
    const r = await runCli(['--store', store, 'analyze', id, '--best-of', 'transfer.lr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('transfer.learningRate');
  });
});
