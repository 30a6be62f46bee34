/**
 * Pre-train sharing on Kubernetes (API double + real NATS; each pod a real `zapsweep worker` that
 * trains): the pods of one stage find its checkpoint in NATS's object store, one of them (the
 * claimant, through the KV claims) trains it, and every trial's metrics are bit-identical to the
 * same trial trained alone on the local executor with --no-share.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JetStreamStore } from '../../src/store/jetstream/jetstream-store.js';
import { connectNats } from '../../src/transport/nats/options.js';
import { assertBuilt, onlySweepId, readLog, runCli } from '../support/cli.js';
import { tempDir } from '../support/builders.js';
import { startCliCluster, writeTinyKubernetesSpec, type CliCluster } from './support/cli-cluster.js';

let cluster: CliCluster;
const dir = tempDir();
beforeAll(async () => {
  assertBuilt();
  cluster = await startCliCluster(dir);
});
afterAll(() => cluster.stop());

/** 2 transfer rates x 2 seeds: 4 trials, 2 stages; the trials of a stage are adjacent indices. */
function shared(spec: string): string {
  writeFileSync(spec, readFileSync(spec, 'utf8').replace('    zapEvery: [0, 1]', '    zapEvery: [1]\n    transfer.learningRate: [0.05, 0.01]'));
  return spec;
}

type Results = { sweep: { id: string; trials: Record<string, number>; pretrainings?: Record<string, number> } };

describe('pre-train sharing on Kubernetes', { timeout: 600_000 }, () => {
  test('each stage trained by one pod; the others load its checkpoint; metrics equal local --no-share', async () => {
    const { nats, kubeconfig } = cluster;
    const spec = shared(writeTinyKubernetesSpec(dir));
    const run = await runCli(['--store', join(dir, 'store'), '--nats', nats.url, 'run', spec, '-o', 'json', '--kubeconfig', kubeconfig]);
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as Results;
    expect(results.sweep.trials).toMatchObject({ total: 4, succeeded: 4, failed: 0 });
    expect(results.sweep.pretrainings).toEqual({ distinct: 2, trained: 2, reused: 2 });

    const nc = await connectNats({ servers: [nats.url] }, { name: 'sharing-test' });
    const store = await JetStreamStore.open(nc, { cacheDir: tempDir(), label: 'test' });
    const log = (await store.readEvents(results.sweep.id)).events;
    await nc.close();
    expect(log.filter((e) => e.type === 'stage').map((e) => (e.type === 'stage' ? e.origin : '')).sort()).toEqual(['checkpoint', 'checkpoint', 'trained', 'trained']);

    // The same trials alone, locally, one process each, every stage trained by its own trial.
    const localDir = tempDir();
    const localSpec = join(localDir, 'local.yaml');
    writeFileSync(localSpec, readFileSync(spec, 'utf8').replace(/executor: \{ kind: kubernetes[^}]*\}/, 'executor: { kind: local, parallelism: 2 }'));
    const local = await runCli(['--store', join(localDir, 'store'), 'run', localSpec, '-o', 'json', '--no-share', '--backend', 'wasm']);
    expect(local.code, local.stderr).toBe(0);
    const finished = (events: Array<{ type: string; trialId: string; metrics?: unknown }>) => Object.fromEntries(events.filter((e) => e.type === 'finished').map((e) => [e.trialId, e.metrics]));
    const alone = finished(readLog(join(localDir, 'store'), onlySweepId(join(localDir, 'store'))));
    expect(Object.keys(alone)).toHaveLength(4);
    expect(finished(log as Array<{ type: string; trialId: string; metrics?: unknown }>)).toEqual(alone);
  });
});
