/**
 * End to end: `zapsweep --nats URL run <spec>` with a kubernetes executor, against the API double
 * (real HTTP, driven by @kubernetes/client-node in the CLI process) and a real nats-server; the node
 * simulator runs each pod as a real `zapsweep worker` process that trains and publishes to NATS.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { assertBuilt, cliEntry, runCli } from '../support/cli.js';
import { tempDir } from '../support/builders.js';
import { NatsServer } from '../support/nats-server.js';
import { KubeApiDouble, NodeSimulator, processRuntime } from '../support/k8s-api-double/index.js';
import { writeTinySpec } from '../e2e/tiny-spec.js';

let nats: NatsServer;
let api: KubeApiDouble;
let sim: NodeSimulator;
let kubeconfig: string;
const dir = tempDir();

beforeAll(async () => {
  assertBuilt();
  nats = await NatsServer.start();
  api = new KubeApiDouble();
  const server = await api.start();
  sim = new NodeSimulator(api, { runtime: processRuntime({ commands: { zapsweep: [process.execPath, cliEntry] } }) });
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'double', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'tester', user: { token: 'test' } }],
    contexts: [{ name: 'double', context: { cluster: 'double', user: 'tester', namespace: 'zapsweep' } }],
    'current-context': 'double',
  }));
});

afterAll(async () => {
  sim.stop();
  await api.stop();
  await nats.stop();
});

describe('zapsweep run on Kubernetes (API double + real NATS)', () => {
  test('from run to the ranking', async () => {
    const spec = writeTinySpec(dir);
    const text = readFileSync(spec, 'utf8').replace('executor: { kind: local, parallelism: 2 }', 'executor: { kind: kubernetes, image: "zapsweep:test", parallelism: 2, backend: wasm }');
    writeFileSync(spec, text);
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
    const spec = join(dir, 'tiny.yaml');
    const before = api.countRequests();
    const r = await runCli(['--store', join(dir, 'store2'), 'run', spec, '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a Kubernetes sweep needs NATS');
    expect(api.countRequests()).toBe(before);
  });
});
