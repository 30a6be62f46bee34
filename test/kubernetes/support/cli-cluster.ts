/**
 * A cluster for tests of the real CLI on Kubernetes: the API double on a real port, the node
 * simulator running each pod as a real `zapsweep worker` process (it trains and publishes to NATS),
 * a real nats-server, and a kubeconfig file the CLI reads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cliEntry } from '../../support/cli.js';
import { NatsServer } from '../../support/nats-server.js';
import { KubeApiDouble, NodeSimulator, processRuntime } from '../../support/k8s-api-double/index.js';
import { writeTinySpec } from '../../e2e/tiny-spec.js';

export interface CliCluster {
  nats: NatsServer;
  api: KubeApiDouble;
  sim: NodeSimulator;
  kubeconfig: string;
  stop(): Promise<void>;
}

export async function startCliCluster(dir: string): Promise<CliCluster> {
  const nats = await NatsServer.start();
  const api = new KubeApiDouble();
  const server = await api.start();
  const sim = new NodeSimulator(api, { runtime: processRuntime({ commands: { zapsweep: [process.execPath, cliEntry] } }) });
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'double', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'tester', user: { token: 'test' } }],
    contexts: [{ name: 'double', context: { cluster: 'double', user: 'tester', namespace: 'zapsweep' } }],
    'current-context': 'double',
  }));
  return {
    nats,
    api,
    sim,
    kubeconfig,
    stop: async () => {
      sim.stop();
      await api.stop();
      await nats.stop();
    },
  };
}

/** The tiny real sweep (tiny-spec.ts) with a kubernetes executor. */
export function writeTinyKubernetesSpec(dir: string): string {
  const spec = writeTinySpec(dir);
  const text = readFileSync(spec, 'utf8').replace('executor: { kind: local, parallelism: 2 }', 'executor: { kind: kubernetes, image: "zapsweep:test", parallelism: 2, backend: wasm }');
  writeFileSync(spec, text);
  return spec;
}
