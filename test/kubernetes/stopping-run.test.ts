/**
 * search.stopping (median rule) on Kubernetes (API double + real NATS; each pod a real worker that
 * trains): the controller records `stopped` for a pod below the completed trials' median and tells
 * it over NATS; the pod exits 0, so the Job does not run the index again, and the trial is stopped,
 * not failed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JetStreamStore } from '../../src/store/jetstream/jetstream-store.js';
import { connectNats } from '../../src/transport/nats/options.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { tempDir } from '../support/builders.js';
import { writeStoppingSpec } from '../e2e/race-spec.js';
import { startCliCluster, type CliCluster } from './support/cli-cluster.js';

let cluster: CliCluster;
const dir = tempDir();
beforeAll(async () => {
  assertBuilt();
  cluster = await startCliCluster(dir);
});
afterAll(() => cluster.stop());

describe('median stopping on Kubernetes', { timeout: 600_000 }, () => {
  test('a stopped pod exits 0 and is not run again; its trial is stopped, in no interval', async () => {
    const { nats, kubeconfig, sim } = cluster;
    // One pod at a time (see writeStoppingSpec).
    const file = writeStoppingSpec(dir, 'executor: { kind: kubernetes, image: "zapsweep:test", parallelism: 1, backend: wasm }');
    const run = await runCli(['--store', join(dir, 'store'), '--nats', nats.url, 'run', file, '-o', 'json', '--kubeconfig', kubeconfig]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('stopped by the median rule: pretrain.oldTestAccuracy');
    const r = JSON.parse(run.stdout) as { sweep: { id: string; status: string; trials: Record<string, number> } };
    expect(r.sweep.status).toBe('completed');
    expect(r.sweep.trials).toMatchObject({ total: 4, failed: 0, running: 0 });
    expect(r.sweep.trials['stopped']).toBeGreaterThanOrEqual(1);
    expect(r.sweep.trials['succeeded']).toBe(4 - (r.sweep.trials['stopped'] ?? 0));
    // One pod per index: a stopped pod's exit 0 completed its index.
    expect(sim.podsStarted).toHaveLength(4);
    // The pods were stopped, not left to finish: a stopped trial has no `finished` event.
    const nc = await connectNats({ servers: [nats.url] }, { name: 'stopping-test' });
    const log = (await (await JetStreamStore.open(nc, { cacheDir: tempDir(), label: 'test' })).readEvents(r.sweep.id)).events;
    await nc.close();
    const stopped = new Set(log.filter((e) => e.type === 'stopped').map((e) => e.trialId));
    expect(stopped.size).toBe(r.sweep.trials['stopped']);
    expect(log.filter((e) => e.type === 'finished' && stopped.has(e.trialId))).toEqual([]);
  });
});
