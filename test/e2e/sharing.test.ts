/**
 * Pre-train sharing end to end (real workers that really train): trials that differ only in their
 * transfer share one pre-training stage; with sharing every trial's finished metrics and replayed
 * pre-training events are bit-identical to the same trial trained alone (--no-share).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTinySpec } from './tiny-spec.js';
import { assertBuilt, onlySweepId, readLog, runCli, tempDir } from './imports.js';

type Results = { sweep: { trials: Record<string, number>; pretrainings?: Record<string, number> } };
type Logged = ReturnType<typeof readLog>[number];

async function run(extra: string[]): Promise<{ results: Results; log: Logged[] }> {
  // 2 transfer rates x 2 seeds = 4 trials, 2 distinct pre-trainings (one per seed).
  const dir = tempDir();
  const spec = writeTinySpec(dir);
  writeFileSync(spec, readFileSync(spec, 'utf8').replace('    zapEvery: [0, 1]', '    transfer.learningRate: [0.05, 0.01]\n    zapEvery: [1]'));
  const store = join(dir, 'store');
  const r = await runCli(['--store', store, 'run', spec, '-o', 'json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return { results: JSON.parse(r.stdout) as Results, log: readLog(store, onlySweepId(store)) };
}

const finishedBy = (log: Logged[]): Record<string, unknown> => Object.fromEntries(log.filter((e) => e.type === 'finished').map((e) => [e.trialId, e['metrics']]));
/** A trial's pre-training events as it reported them, without envelopes. */
const pretraining = (log: Logged[], trialId: string): unknown[] =>
  log
    .filter((e) => e.trialId === trialId && ((e.type === 'metric' && String(e['name']).startsWith('pretrain.')) || (e.type === 'zap' && e['phase'] === 'pretrain')))
    .map(({ type, name, value, step, layers }) => ({ type, name, value, step, layers }));

describe('pre-train sharing (local, real trials)', { timeout: 600_000 }, () => {
  let shared: Awaited<ReturnType<typeof run>>;
  let alone: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    assertBuilt();
    shared = await run([]);
    alone = await run(['--no-share']);
  }, 600_000);

  it('trains each stage once and reuses it for the other transfer', () => {
    expect(shared.results.sweep.trials).toMatchObject({ total: 4, succeeded: 4 });
    expect(shared.results.sweep.pretrainings).toEqual({ distinct: 2, trained: 2, reused: 2 });
    const stages = shared.log.filter((e) => e.type === 'stage');
    expect(stages.map((e) => e['origin']).sort()).toEqual(['memory', 'memory', 'trained', 'trained']);
    expect(alone.results.sweep.pretrainings).toEqual({ distinct: 2, trained: 4, reused: 0 });
  });

  it('gives every trial bit-identical metrics and pre-training events to training it alone', () => {
    const a = finishedBy(alone.log);
    expect(Object.keys(a)).toHaveLength(4);
    expect(finishedBy(shared.log)).toEqual(a);
    for (const trialId of Object.keys(a)) {
      expect(pretraining(shared.log, trialId).length, trialId).toBeGreaterThan(0);
      expect(pretraining(shared.log, trialId), trialId).toEqual(pretraining(alone.log, trialId));
    }
  });
});
