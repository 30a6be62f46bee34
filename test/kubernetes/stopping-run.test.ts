/**
 * search.stopping (median rule) on Kubernetes (API double + real NATS; each pod a real worker that
 * trains): the controller records `stopped` for a pod below the completed trials' median and tells
 * it over NATS; the pod exits 0, so the Job does not run the index again, and the trial is stopped,
 * not failed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JetStreamStore } from '../../src/store/jetstream/jetstream-store.js';
import { connectNats } from '../../src/transport/nats/options.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { tempDir } from '../support/builders.js';
import { startCliCluster, type CliCluster } from './support/cli-cluster.js';

let cluster: CliCluster;
const dir = tempDir();
beforeAll(async () => {
  assertBuilt();
  cluster = await startCliCluster(dir);
});
afterAll(() => cluster.stop());

// One pod at a time: the learning configuration's seed 0 completes first; a pre-training rate of
// 1e-7 learns nothing, so its old-task accuracy at epoch 2 of 6 is far below that median.
const spec = `apiVersion: zapsweep/v1
kind: Sweep
metadata:
  name: k8sstop
spec:
  experiment:
    dataset: { name: mnist, oldClasses: [0, 1, 2], newClasses: [3, 4], trainPerClass: 24, testPerClass: 8 }
    model: { convBlocks: 1, width: 4 }
    pretrain: { epochs: 6, batchSize: 16, learningRate: 0.01 }
    transfer: { epochs: 1, batchSize: 8, learningRate: 0.05 }
  parameters:
    pretrain.learningRate: [0.01, 0.0000001]
  seeds: 2
  search: { kind: grid, stopping: { rule: median, metric: pretrain.oldTestAccuracy, afterFraction: 0.3, minTrials: 1 } }
  executor: { kind: kubernetes, image: "zapsweep:test", parallelism: 1, backend: wasm }
  budget: { maxTrials: 10, trialTimeout: 5m, retries: 2 }
`;

describe('median stopping on Kubernetes', { timeout: 600_000 }, () => {
  test('a stopped pod exits 0 and is not run again; its trial is stopped, in no interval', async () => {
    const { nats, kubeconfig, sim } = cluster;
    const file = join(dir, 'stop.yaml');
    writeFileSync(file, spec);
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
