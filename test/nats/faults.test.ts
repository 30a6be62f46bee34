/**
 * Nothing is lost with NATS (real workers that really train, a real nats-server):
 * the server SIGKILLed and restarted mid-sweep, a worker SIGKILLed, the controller SIGKILLed and
 * resumed from its durable consumer.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JetStreamStore } from '../../src/store/jetstream/jetstream-store.js';
import { dedupKey, type TrialEvent } from '../../src/transport/events.js';
import { connectNats } from '../../src/transport/nats/options.js';
import { writeSlowTinySpec } from '../e2e/tiny-spec.js';
import { tempDir } from '../support/builders.js';
import { assertBuilt, childPids, isAlive, killWorkerMidAttempt, runCli, startCli, waitFor } from '../support/cli.js';
import { NatsServer } from '../support/nats-server.js';

let server: NatsServer;
let nc: NatsConnection;
let store: JetStreamStore;
beforeAll(async () => {
  assertBuilt();
  server = await NatsServer.start();
  nc = await connectNats({ servers: [server.url] }, { name: 'faults-test' });
  store = await JetStreamStore.open(nc, { cacheDir: tempDir(), label: 'test' });
});
/** CLI processes this suite started: killed at the end if a failed test left them running. */
const started: ChildProcess[] = [];
afterAll(async () => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await nc.close();
  await server.stop();
});

type Results = { sweep: { status: string; trials: Record<string, number> } };

/** The one sweep of this name created by the run (sweep ids are unique per run). */
async function sweepOf(name: string, known: Set<string>): Promise<string | undefined> {
  const all = await store.listSweeps().catch(() => []);
  return all.find((s) => s.name === name && !known.has(s.id))?.id;
}
const events = async (id: string): Promise<TrialEvent[]> => (await store.readEvents(id).catch(() => ({ events: [] }))).events;
const finishedCount = (log: TrialEvent[]): number => new Set(log.filter((e) => e.type === 'finished').map((e) => e.trialId)).size;
const known = new Set<string>();

async function startRun(name: string, extraArgs: string[] = []) {
  const dir = tempDir();
  const spec = writeSlowTinySpec(dir);
  writeFileSync(spec, readFileSync(spec, 'utf8').replace('name: tiny', `name: ${name}`));
  const run = startCli(['--store', join(dir, 'store'), 'run', spec, '-o', 'json', '--nats', server.url, ...extraArgs]);
  started.push(run.child);
  const id = await pollAsync('the sweep', () => sweepOf(name, known));
  known.add(id);
  return { ...run, id, dir };
}

async function pollAsync<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (i > 6000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function expectExactlyOnce(log: TrialEvent[]): void {
  expect(new Set(log.map(dedupKey)).size).toBe(log.length);
}

// Real trials on 2 shared cores: the limit is a safety net against hangs, not a speed assertion.
describe('NATS: nothing is lost', { timeout: 600_000 }, () => {
  it('nats-server SIGKILLed mid-sweep and restarted on the same store: the sweep completes, each event stored once', async () => {
    const { done, id } = await startRun('nats-restart');
    await pollAsync('a started trial', async () => (await events(id)).some((e) => e.type === 'started'));
    await server.kill();
    await server.restart();
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Results).sweep.trials).toMatchObject({ total: 4, succeeded: 4, failed: 0 });
    const log = await events(id);
    expectExactlyOnce(log);
    expect(log.filter((e) => e.type === 'finished')).toHaveLength(4);
    // Each finished attempt's events are all there: seqs 0..last without gaps.
    for (const f of log.filter((e) => e.type === 'finished')) {
      const seqs = log.filter((e) => e.trialId === f.trialId && e.attempt === f.attempt).map((e) => e.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => i));
    }
  });

  it('a SIGKILLed worker is retried and its partial attempt does not enter the results', async () => {
    const { done, id, child } = await startRun('nats-worker-kill');
    await killWorkerMidAttempt(child.pid ?? -1, () => events(id));
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    // The victim: the one attempt reported as a crash; its retry is the trial's result.
    const crashes = (await events(id)).filter((e) => e.type === 'failed' && e.cause === 'crash');
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatchObject({ retryable: true });
    const log = (await events(id)).filter((e) => e.trialId === crashes[0]?.trialId);
    expect(log.filter((e) => e.type === 'finished').map((e) => e.attempt)).toEqual([(crashes[0]?.attempt ?? -1) + 1]);
    expect((JSON.parse(run.stdout) as Results).sweep.trials).toMatchObject({ succeeded: 4, failed: 0 });
  });

  it('the controller SIGKILLed and resumed: continues from its durable consumer, reruns no finished trial', async () => {
    const { done, id, child, dir } = await startRun('nats-controller-kill');
    await pollAsync('a finished trial', async () => finishedCount(await events(id)) >= 1);
    const workers = childPids(child.pid ?? -1);
    child.kill('SIGKILL');
    await done;
    await waitFor('the workers to exit', () => workers.every((p) => !isAlive(p)), 15_000);
    const before = await events(id);
    const doneBefore = new Set(before.filter((e) => e.type === 'finished').map((e) => e.trialId));

    const resumed = await runCli(['--store', join(dir, 'store'), 'resume', id, '-o', 'json', '--nats', server.url]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as Results).sweep.trials).toMatchObject({ total: 4, succeeded: 4, failed: 0 });
    const after = await events(id);
    expectExactlyOnce(after);
    for (const t of doneBefore) {
      expect(after.filter((e) => e.trialId === t && e.type === 'started').length, t).toBe(before.filter((e) => e.trialId === t && e.type === 'started').length);
    }
    expect(after.filter((e) => e.type === 'finished').map((e) => e.trialId).sort()).toEqual([...new Set(after.filter((e) => e.type === 'finished').map((e) => e.trialId))].sort());
  });

  it('results and ls work from another machine (another store directory) through NATS', async () => {
    const ls = await runCli(['--store', tempDir(), 'ls', '-o', 'json', '--nats', server.url]);
    expect(ls.code, ls.stderr).toBe(0);
    const sweeps = JSON.parse(ls.stdout) as Array<{ id: string; status: string }>;
    const completed = sweeps.find((s) => s.status === 'completed');
    expect(completed).toBeDefined();
    const results = await runCli(['--store', tempDir(), 'results', completed?.id ?? '', '-o', 'json', '--nats', server.url]);
    expect(results.code, results.stderr).toBe(0);
    expect((JSON.parse(results.stdout) as Results).sweep.trials).toMatchObject({ total: 4, succeeded: 4 });
  });

  it('an unreachable server is a clear error at start, exit 2, no stack', async () => {
    const r = await runCli(['--store', tempDir(), 'run', writeSlowTinySpec(tempDir()), '--nats', 'nats://127.0.0.1:1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('zapsweep: cannot reach the NATS server at nats://127.0.0.1:1 (connection refused); is nats-server running with -js?');
  });
});
