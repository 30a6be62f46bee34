/**
 * End to end: `zapsweep --nats URL run <spec>` with a kubernetes executor, against the API double
 * (real HTTP, driven by @kubernetes/client-node in the CLI process) and a real nats-server; the node
 * simulator runs each pod as a real `zapsweep worker` process that trains and publishes to NATS.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertBuilt, runCli } from '../support/cli.js';
import { tempDir } from '../support/builders.js';
import { startCliCluster, writeTinyKubernetesSpec, type CliCluster } from './support/cli-cluster.js';

let cluster: CliCluster;
const dir = tempDir();

beforeAll(async () => {
  assertBuilt();
  cluster = await startCliCluster(dir);
});

afterAll(() => cluster.stop());

describe('zapsweep run on Kubernetes (API double + real NATS)', () => {
  test('from run to the ranking', async () => {
    const { api, sim, nats, kubeconfig } = cluster;
    const spec = writeTinyKubernetesSpec(dir);
    const store = join(dir, 'store');
    const run = await runCli(['--store', store, '--nats', nats.url, 'run', spec, '-o', 'json', '--kubeconfig', kubeconfig]);
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as { sweep: { id: string; status: string; trials: Record<string, number> }; configs: Array<{ rank: number; seeds: number }> };
    expect(results.sweep).toMatchObject({ status: 'completed', trials: { total: 4, succeeded: 4, failed: 0 } });
    expect(results.configs.map((c) => [c.rank, c.seeds])).toEqual([[1, 2], [2, 2]]);
    // Constant API objects: one ConfigMap, one Job (pods are the Job controller's).
    expect(api.countRequests((r) => r.method === 'POST')).toBe(2);
    expect(api.store.list('jobs', 'zapsweep')).toHaveLength(1);
    expect(sim.podsStarted).toHaveLength(4);
    const again = await runCli(['--store', store, '--nats', nats.url, 'results', results.sweep.id, '-o', 'json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ sweep: { id: results.sweep.id } });
  });

  test('without NATS: one clear sentence, exit 2, nothing created', async () => {
    const { api, kubeconfig } = cluster;
    const spec = join(dir, 'tiny.yaml');
    const before = api.countRequests();
    const r = await runCli(['--store', join(dir, 'store2'), 'run', spec, '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a Kubernetes sweep needs NATS');
    expect(api.countRequests()).toBe(before);
  });
});
