/** `zapsweep export` on a synthetic store (built CLI, real process). */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file-store.js';
import { tempDir } from '../support/builders.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { syntheticSweep } from '../support/synthetic-sweep.js';

const store = join(tempDir('zapsweep-export-'), 'store');
let id = '';

beforeAll(async () => {
  assertBuilt();
  // zapEvery [0, 1] x optimizer [adam, sgd] x 2 seeds; trial 5 fails.
  const s = syntheticSweep('exported')
    .axes({ zapEvery: [0, 1], optimizer: ['adam', 'sgd'] })
    .seeds(2)
    .metric('retainedAccuracy', () => 0.9)
    .metric('newTaskGain', () => 0.3)
    .curve('fisher.trace.head', (_p, seed) => [[1, 10 + seed], [2, 20 + seed]])
    .curve('pretrain.loss', () => [[1, 0.5]])
    .fail(5);
  id = (await s.writeTo(new FileStore(store))).sweepId;
});

describe('zapsweep export', () => {
  it('--trials as CSV: every trial, every parameter and metric', async () => {
    const r = await runCli(['--store', store, 'export', id, '--trials']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('trialId,configId,index,seed,status,attempts,pretrain.zapEvery,pretrain.optimizer,newTaskGain,retainedAccuracy,error');
    expect(lines).toHaveLength(1 + 8);
    expect(lines[6]).toMatch(/^[0-9a-f]{12},[0-9a-f]{12},5,1,failed,1,0,sgd,,,planted failure$/);
  });

  it('--trials as JSON', async () => {
    const r = await runCli(['--store', store, 'export', id, '--trials', '-o', 'json']);
    const j = JSON.parse(r.stdout) as { metrics: string[]; trials: Array<{ status: string; parameters: Record<string, unknown> }> };
    expect(j.metrics).toEqual(['newTaskGain', 'retainedAccuracy']);
    expect(j.trials.map((t) => t.status).filter((s) => s === 'succeeded')).toHaveLength(7);
    expect(j.trials[0]?.parameters).toEqual({ 'pretrain.zapEvery': 0, 'pretrain.optimizer': 'adam' });
  });

  it('--configs as CSV and JSON', async () => {
    const csv = await runCli(['--store', store, 'export', id, '--configs']);
    expect(csv.stdout.split('\n')[0]).toBe('rank,pareto,configId,pretrain.zapEvery,pretrain.optimizer,seeds,newTaskGain.mean,newTaskGain.lo,newTaskGain.hi,newTaskGain.n,retainedAccuracy.mean,retainedAccuracy.lo,retainedAccuracy.hi,retainedAccuracy.n');
    expect(csv.stdout.trim().split('\n')).toHaveLength(5);
    const json = await runCli(['--store', store, 'export', id, '--configs', '-o', 'json']);
    expect((JSON.parse(json.stdout) as { configs: unknown[] }).configs).toHaveLength(4);
  });

  it('--probe-curves: every probe curve point of each succeeded trial, no other curve', async () => {
    const r = await runCli(['--store', store, 'export', id, '--probe-curves']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('trialId,configId,seed,name,step,value');
    expect(lines).toHaveLength(1 + 7 * 2);
    expect(lines.slice(1).every((l) => l.includes(',fisher.trace.head,'))).toBe(true);
    expect(lines[1]).toMatch(/^[0-9a-f]{12},[0-9a-f]{12},0,fisher\.trace\.head,1,10$/);
  });

  it.each([
    { name: 'neither table', args: [], says: 'zapsweep: export: give exactly one of --trials, --configs or --probe-curves' },
    { name: 'both tables', args: ['--trials', '--configs'], says: 'zapsweep: export: give exactly one of --trials, --configs or --probe-curves' },
    { name: 'probe curves as JSON', args: ['--probe-curves', '-o', 'json'], says: 'zapsweep: export --probe-curves: CSV only' },
    { name: 'table output', args: ['--trials', '-o', 'table'], says: "argument 'table' is invalid. Allowed choices are csv, json." },
  ])('bad input: $name -> exit 2', async ({ args, says }) => {
    const r = await runCli(['--store', store, 'export', id, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(says);
  });
});
