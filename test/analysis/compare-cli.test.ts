/** `zapsweep compare` on synthetic stores (built CLI, real process). */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AxisValue } from '../../src/spec/schema.js';
import { FileStore } from '../../src/store/file-store.js';
import { tempDir } from '../support/builders.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { syntheticSweep } from '../support/synthetic-sweep.js';

const store = join(tempDir('zapsweep-compare-'), 'store');
const ids: Record<'base' | 'same' | 'regressed', string> = { base: '', same: '', regressed: '' };

const night = (suffix: string, rngSeed: number, shift: (p: Readonly<Record<string, AxisValue>>) => number) =>
  syntheticSweep('nightly')
    .suffix(suffix)
    .axes({ zapEvery: [0, 1, 3], optimizer: ['adam', 'sgd'] })
    .seeds(5)
    .metric('retainedAccuracy', (p) => 0.8 + shift(p))
    .metric('newTaskGain', () => 0.4)
    .noise(0.01, 0.01, rngSeed);

beforeAll(async () => {
  assertBuilt();
  const fs = new FileStore(store);
  ids.base = (await night('mon', 1, () => 0).writeTo(fs)).sweepId;
  ids.same = (await night('tue', 2, () => 0).writeTo(fs)).sweepId;
  ids.regressed = (await night('wed', 3, (p) => (p['pretrain.zapEvery'] === 3 && p['pretrain.optimizer'] === 'adam' ? -0.08 : 0)).writeTo(fs)).sweepId;
});

describe('zapsweep compare', () => {
  it('flags the planted regression and --fail-on-regression exits 4', async () => {
    const r = await runCli(['--store', store, 'compare', ids.base, ids.regressed, '--fail-on-regression']);
    expect(r.code).toBe(4);
    expect(r.stderr.trim()).toBe('compare: 1 regression found (exit 4)');
    expect(r.stdout).toMatch(/zapEvery\s+optimizer/);
    expect(r.stdout).toMatch(/^[0-9a-f]{12}\s+3\s+adam\s+retainedAccuracy .* !! REGRESSION$/m);
    expect(r.stdout).toContain("significance after Holm's correction over 12 tests");
  });

  it('without the flag the same comparison exits 0', async () => {
    const r = await runCli(['--store', store, 'compare', ids.base, ids.regressed, '-o', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { comparisons: Array<{ counts: Record<string, number> }> };
    expect(j.comparisons[0]?.counts).toEqual({ regression: 1, improvement: 0, unchanged: 11, untestable: 0 });
  });

  it('no change: exit 0 even with --fail-on-regression; three sweeps compare with the first', async () => {
    const r = await runCli(['--store', store, 'compare', ids.base, ids.same, ids.regressed, '--metric', 'retainedAccuracy', '-o', 'csv', '--fail-on-regression']);
    expect(r.code).toBe(4);
    const rows = r.stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(12);
    expect(rows.filter((l) => l.startsWith(`${ids.base},${ids.same},`)).every((l) => l.endsWith(',unchanged'))).toBe(true);
    const ok = await runCli(['--store', store, 'compare', ids.base, ids.same, '--fail-on-regression']);
    expect(ok.code).toBe(0);
  });

  it.each([
    { name: 'one sweep', args: ['compare', 'x'], says: 'compare: give at least two sweeps' },
    { name: 'unknown metric', args: ['compare', 'nightly-synthetic-mon', 'nightly-synthetic-tue', '--metric', 'retainedAccuracy,gain'], says: '--metric: unknown metric "gain"' },
    { name: 'unknown sweep', args: ['compare', 'nightly-synthetic-mon', 'nope'], says: 'no sweep "nope"' },
  ])('bad input: $name -> exit 2, one line', async ({ args, says }) => {
    const r = await runCli(['--store', store, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(says);
  });
});
