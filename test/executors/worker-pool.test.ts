/**
 * The local worker pool with real serving workers (`zapsweep worker --serve`, dist/), real trials:
 * processes are kept between attempts with their stage, an abort ends only the attempt, a kill ends
 * only its process, and a late kill never reaches the next attempt of the same process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/executors/local/worker-pool.js';
import { loadSpecFile } from '../../src/spec/load.js';
import { expand } from '../../src/spec/expand.js';
import { stageKeyOf } from '../../src/spec/stages.js';
import type { Trial } from '../../src/spec/trial.js';
import { IpcInbox } from '../../src/transport/ipc/inbox.js';
import { writeTinySpec } from '../e2e/tiny-spec.js';
import { tempDir } from '../support/builders.js';
import { assertBuilt, cliEntry } from '../support/cli.js';

type Event = { type: string; trialId: string; attempt: number; origin?: string };

let spec: string;
let trials: Trial[];
beforeAll(async () => {
  assertBuilt();
  // 2 transfer rates x 2 seeds: trials 0 and 1 share a stage, 2 and 3 another.
  spec = writeTinySpec(tempDir());
  writeFileSync(spec, readFileSync(spec, 'utf8').replace('    zapEvery: [0, 1]', '    transfer.learningRate: [0.05, 0.01]'));
  trials = expand((await loadSpecFile(spec)).sweep);
});

let pool: WorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function start(parallelism = 1): { pool: WorkerPool; events: Event[] } {
  const inbox = new IpcInbox();
  const events: Event[] = [];
  void (async () => {
    for await (const d of inbox) events.push(d.raw as Event);
  })();
  // Checkpoints go to a store of this test's own (serving workers keep them beside ZAPSWEEP_HOME).
  pool = new WorkerPool({ parallelism, cliEntry, inbox, env: { ZAPSWEEP_HOME: tempDir() }, workerArgs: ['--backend', 'wasm'] });
  return { pool, events };
}

const launch = (p: WorkerPool, trial: Trial, attempt = 0) => p.launch({ sweepId: 'pool-test', specFile: spec, trial, attempt, attemptId: `a${trial.index}x${attempt}` });
const t = (i: number): Trial => trials[i] as Trial;

describe('WorkerPool (real serving workers)', { timeout: 300_000 }, () => {
  it('keeps the process and its stage between attempts: the second trial of a stage reuses it', async () => {
    const { pool: p, events } = start();
    expect(stageKeyOf(t(0).experiment, t(0).seed)).toBe(stageKeyOf(t(1).experiment, t(1).seed));
    expect((await launch(p, t(0)).exited).code).toBe(0);
    expect(p.warmStages()).toEqual([stageKeyOf(t(0).experiment, t(0).seed)]);
    expect((await launch(p, t(1)).exited).code).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    const stages = events.filter((e) => e.type === 'stage').map((e) => [e.trialId, e.origin]);
    expect(stages).toEqual([[t(0).trialId, 'trained'], [t(1).trialId, 'memory']]);
    expect(events.filter((e) => e.type === 'finished').map((e) => e.trialId)).toEqual([t(0).trialId, t(1).trialId]);
  });

  it('terminate aborts the attempt (reported, exit 1) and the process serves the next one', async () => {
    const { pool: p, events } = start();
    const a = launch(p, t(2));
    while (!events.some((e) => e.type === 'progress')) await new Promise((r) => setTimeout(r, 20));
    a.terminate();
    expect((await a.exited).code).toBe(1);
    await new Promise((r) => setTimeout(r, 50)); // the inbox's reader takes the last events
    expect(events.find((e) => e.type === 'failed')).toMatchObject({ trialId: t(2).trialId, cause: 'interrupted' });
    expect((await launch(p, t(2), 1).exited).code).toBe(0);
  });

  it('kill ends the process of that attempt only; a late kill does not reach the next attempt', async () => {
    const { pool: p } = start();
    const a = launch(p, t(0));
    a.kill();
    expect((await a.exited).signal).toBe('SIGKILL');
    const b = launch(p, t(0), 1);
    expect((await b.exited).code).toBe(0);
    const c = launch(p, t(1));
    b.kill(); // b is over: this must not touch c, which runs in the same process
    b.terminate();
    expect((await c.exited).code).toBe(0);
  });
});
