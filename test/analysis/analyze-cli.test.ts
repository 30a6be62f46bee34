/** `zapsweep analyze` on a synthetic store written with the real FileStore (built CLI, real process). */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file-store.js';
import { tempDir } from '../support/builders.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { syntheticSweep } from '../support/synthetic-sweep.js';

const store = join(tempDir('zapsweep-analyze-'), 'store');
let planted = '';
let zero = '';

beforeAll(async () => {
  assertBuilt();
  const fs = new FileStore(store);
  const axes = { zapEvery: [0, 1, 3, 5], optimizer: ['adam', 'sgd'] };
  // The planted optimum: zapping every 3 epochs, +6 points with adam and +3 with sgd.
  planted = (
    await syntheticSweep('planted')
      .axes(axes)
      .seeds(4)
      .metric('retainedAccuracy', (p) => (p['pretrain.optimizer'] === 'adam' ? 0.8 : 0.6) + (p['pretrain.zapEvery'] === 3 ? (p['pretrain.optimizer'] === 'adam' ? 0.06 : 0.03) : 0))
      .metric('newTaskGain', () => 0.4)
      .noise(0.005, 0.03, 3)
      .writeTo(fs)
  ).sweepId;
  zero = (await syntheticSweep('zero').axes(axes).seeds(4).metric('retainedAccuracy', () => 0.7).noise(0.01, 0.03, 5).writeTo(fs)).sweepId;
});

interface Json {
  axis: { path: string };
  groups: Array<{ parameters: Record<string, string>; best: { value: number }; comparisons: Array<{ value: number; verdict: string }>; sentence: string }>;
}

describe('zapsweep analyze', () => {
  it('finds the planted optimum frequency per optimizer', async () => {
    const r = await runCli(['--store', store, 'analyze', planted, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.axis.path).toBe('pretrain.zapEvery');
    expect(j.groups.map((g) => [g.parameters['pretrain.optimizer'], g.best.value])).toEqual([['adam', 3], ['sgd', 3]]);
    for (const g of j.groups) expect(g.comparisons.find((c) => c.value === 3)?.verdict).toBe('better');
    expect(j.groups[0]?.sentence).toMatch(/^With adam, zapping every 3 epochs retains [5-7]\.\d ± \d\.\d points more than never zapping/);
  });

  it('reports no significant difference for a planted zero effect', async () => {
    const r = await runCli(['--store', store, 'analyze', zero, '-o', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.groups.flatMap((g) => g.comparisons.map((c) => c.verdict))).toEqual(Array(6).fill('tie'));
    for (const g of j.groups) expect(g.sentence).toContain('within noise');
  });

  it('gives the same output twice (seeded bootstrap), as CSV too', async () => {
    const [a, b] = await Promise.all([runCli(['--store', store, 'analyze', planted, '-o', 'csv']), runCli(['--store', store, 'analyze', planted, '-o', 'csv'])]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.split('\n')[0]).toContain('pretrain.optimizer,pretrain.zapEvery,configId,metric,mean');
  });

  it('accepts full paths and other metrics', async () => {
    const r = await runCli(['--store', store, 'analyze', planted, '--axis', 'pretrain.optimizer', '--metric', 'newTaskGain', '--control', 'sgd']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('newTaskGain against pretrain.optimizer, control sgd');
  });

  it.each([
    { name: 'unknown axis', args: ['--axis', 'zapevery'], says: 'zapsweep: --axis: "zapevery" is not a swept parameter; did you mean "zapEvery"? (swept: zapEvery (pretrain.zapEvery), optimizer (pretrain.optimizer))' },
    { name: 'unknown metric', args: ['--metric', 'acc'], says: 'zapsweep: --metric: unknown metric "acc" (available: newTaskGain, retainedAccuracy)' },
    { name: 'unknown control', args: ['--control', '2'], says: 'zapsweep: --control: pretrain.zapEvery never takes the value "2" in this sweep (values: 0, 1, 3, 5)' },
    { name: 'bad output', args: ['-o', 'xml'], says: 'expected one of table, json, csv, found "xml"' },
  ])('bad input: $name -> exit 2, one line', async ({ args, says }) => {
    const r = await runCli(['--store', store, 'analyze', planted, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(says);
  });

  it('unknown sweep -> exit 2', async () => {
    const r = await runCli(['--store', store, 'analyze', 'no-such-sweep']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`zapsweep: no sweep "no-such-sweep" in ${store} (see: zapsweep ls)`);
  });
});
