/**
 * Pre-train sharing end to end (real workers that really train): trials that differ only in their
 * transfer share one pre-training stage; with sharing every trial's finished metrics and replayed
 * pre-training events are bit-identical to the same trial trained alone (--no-share).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTinySpec } from './tiny-spec.js';
import { assertBuilt, childPids, onlySweepId, readLog, runCli, startCli, tempDir, waitFor } from './imports.js';

type Results = { sweep: { trials: Record<string, number>; pretrainings?: Record<string, number> } };
type Logged = ReturnType<typeof readLog>[number];

/** The tiny sweep with `axes` instead of its own (and its other changes). */
function sharingSpec(dir: string, axes: string, changes: Array<[string, string]> = []): string {
  const spec = writeTinySpec(dir);
  let text = readFileSync(spec, 'utf8').replace('    zapEvery: [0, 1]', axes);
  for (const [from, to] of changes) text = text.replace(from, to);
  writeFileSync(spec, text);
  return spec;
}

async function run(extra: string[]): Promise<{ results: Results; log: Logged[] }> {
  // 2 transfer rates x 2 seeds = 4 trials, 2 distinct pre-trainings (one per seed).
  const dir = tempDir();
  const spec = sharingSpec(dir, '    transfer.learningRate: [0.05, 0.01]\n    zapEvery: [1]');
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
    const origins = shared.log.filter((e) => e.type === 'stage').map((e) => String(e['origin']));
    // Each stage trained once; its other trial took it from memory, or from its checkpoint when
    // the other process was free first.
    expect(origins.filter((o) => o === 'trained')).toHaveLength(2);
    expect(origins.filter((o) => o !== 'trained').every((o) => o === 'memory' || o === 'checkpoint')).toBe(true);
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

// One seed, three transfer rates sharing one stage, one worker at a time; long transfers so the
// test can act during one.
const oneStage = (dir: string): string =>
  sharingSpec(dir, '    transfer.learningRate: [0.05, 0.02, 0.01]', [
    ['seeds: 2', 'seeds: 1'],
    ['parallelism: 2', 'parallelism: 1'],
    ['transfer: { epochs: 1,', 'transfer: { epochs: 60,'],
  ]);

describe('pre-train sharing under faults (local, real trials)', { timeout: 600_000 }, () => {
  beforeAll(() => assertBuilt());

  it('a worker SIGKILLed during a shared transfer: that trial alone is retried, from the checkpoint', async () => {
    const dir = tempDir();
    const store = join(dir, 'store');
    const { child, done } = startCli(['--store', store, 'run', oneStage(dir), '-o', 'json']);
    const id = await waitFor('the sweep', () => { try { return onlySweepId(store); } catch { return undefined; } });
    // The second trial reuses the stage (from memory) and is transferring: stop, check, kill.
    const victim = await waitFor('a transfer from a reused stage', () => readLog(store, id).find((e) => e.type === 'stage' && e['origin'] !== 'trained'));
    const [pid] = childPids(child.pid ?? -1);
    process.kill(pid ?? -1, 'SIGSTOP');
    await new Promise((r) => setTimeout(r, 500));
    expect(readLog(store, id).some((e) => e.trialId === victim.trialId && e.type === 'finished'), 'the transfer ended before the kill').toBe(false);
    process.kill(pid ?? -1, 'SIGKILL');
    const r = await done;
    expect(r.code, r.stderr).toBe(0);
    const log = readLog(store, id);
    expect(log.filter((e) => e.type === 'failed')).toMatchObject([{ trialId: victim.trialId, attempt: victim.attempt, cause: 'crash' }]);
    const retry = log.filter((e) => e.trialId === victim.trialId && e.attempt === victim.attempt + 1);
    expect(retry.find((e) => e.type === 'stage')).toMatchObject({ origin: 'checkpoint' });
    expect(retry.some((e) => e.type === 'finished')).toBe(true);
    expect(log.filter((e) => e.type === 'stage' && e['origin'] === 'trained')).toHaveLength(1);
    expect((JSON.parse(r.stdout) as Results).sweep.pretrainings).toEqual({ distinct: 1, trained: 1, reused: 2 });
  });

  it('the controller SIGKILLed after the stage was trained: resume reruns no finished trial and trains no stage again', async () => {
    const dir = tempDir();
    const store = join(dir, 'store');
    const { child, done } = startCli(['--store', store, 'run', oneStage(dir)]);
    const id = await waitFor('the sweep', () => { try { return onlySweepId(store); } catch { return undefined; } });
    await waitFor('a finished trial', () => readLog(store, id).some((e) => e.type === 'finished'));
    child.kill('SIGKILL');
    await done;
    const before = readLog(store, id);
    const finishedBefore = before.filter((e) => e.type === 'finished').map((e) => e.trialId);
    const resumed = await runCli(['--store', store, 'resume', id, '-o', 'json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = readLog(store, id);
    expect(after.filter((e) => e.type === 'stage' && e['origin'] === 'trained')).toHaveLength(1);
    for (const t of finishedBefore) expect(after.filter((e) => e.trialId === t && e.type === 'started'), t).toHaveLength(1);
    const fresh = after.slice(before.length).filter((e) => e.type === 'stage');
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((e) => e['origin'] === 'checkpoint' || e['origin'] === 'memory')).toBe(true);
    expect((JSON.parse(resumed.stdout) as Results).sweep.trials).toMatchObject({ total: 3, succeeded: 3, failed: 0 });
  });
});
