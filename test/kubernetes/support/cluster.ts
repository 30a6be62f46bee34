/**
 * A test cluster: the API double on a real port, the node simulator, a KubeConfig built in memory
 * (plain http needs skipTLSVerify), and a KubeApi with a fast retry policy.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { resolve } from 'node:path';
import { KubeApi } from '../../../src/executors/kubernetes/kube-api.js';
import type { RetryPolicy } from '../../../src/executors/kubernetes/retry.js';
import { IpcInbox } from '../../../src/transport/ipc/inbox.js';
import { KubeApiDouble, NodeSimulator, processRuntime, type PodRuntime } from '../../support/k8s-api-double/index.js';

export const fakeWorker = resolve(import.meta.dirname, 'fake-worker.js');
export const fastRetry: RetryPolicy = { attempts: 6, baseMs: 5, maxMs: 50 };

export function kubeConfigFor(server: string, namespace = 'sweeps'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'double', server, skipTLSVerify: true }],
    users: [{ name: 'tester', token: 'test' }],
    contexts: [{ name: 'double', cluster: 'double', user: 'tester', namespace }],
    currentContext: 'double',
  });
  return kc;
}

export interface TestCluster {
  server: string;
  api: KubeApiDouble;
  sim: NodeSimulator;
  /** The current inbox; `freshInbox` replaces it, replaying every event so far (as a durable stream would). */
  inbox(): IpcInbox;
  freshInbox(): IpcInbox;
  kube: (signal?: AbortSignal) => KubeApi;
  close(): Promise<void>;
}

/** Pod stdout lines that parse as JSON go to `inbox` (the stand-in transport of these tests). */
export async function startCluster(runtime: PodRuntime = processRuntime({ commands: { zapsweep: [process.execPath, fakeWorker] } })): Promise<TestCluster> {
  const api = new KubeApiDouble();
  api.bookmarkIntervalMs = 200;
  const server = await api.start();
  const log: unknown[] = [];
  let inbox = new IpcInbox();
  const sim = new NodeSimulator(api, {
    runtime,
    onStdout: (_pod, line) => {
      try {
        const event = JSON.parse(line) as unknown;
        log.push(event);
        inbox.push(event);
      } catch {
        // not an event
      }
    },
  });
  const kc = kubeConfigFor(server);
  return {
    server,
    api,
    sim,
    inbox: () => inbox,
    freshInbox: () => {
      inbox = new IpcInbox();
      for (const e of log) inbox.push(e);
      return inbox;
    },
    kube: (signal) => new KubeApi(kc, 'sweeps', fastRetry, signal),
    close: async () => {
      sim.stop();
      await api.stop();
    },
  };
}
