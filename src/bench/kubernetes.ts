/**
 * Kubernetes bench: a 10,000-trial sweep submitted through @kubernetes/client-node to the API double
 * (test/support/k8s-api-double, bundled on the fly with rolldown since it lives outside src/),
 * pods "run" in-process and report at once. Figures, each beside a reference from the same run:
 * API objects the controller creates and API requests per trial (reference: one Job per trial, as
 * a per-trial-object design does), time from submit to every index admitted (a pod created), and
 * the RSS of the process (controller + double + simulator: an upper bound for the controller).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { runBatchController } from '../controller/batch-controller.js';
import { systemClock } from '../util/clock.js';
import { KubeApi } from '../executors/kubernetes/kube-api.js';
import { KubernetesExecutor } from '../executors/kubernetes/kubernetes-executor.js';
import { expectedTrialDigest } from '../spec/expand.js';
import { experimentSchema } from '../spec/schema.js';
import type { Trial } from '../spec/trial.js';
import { FileStore } from '../store/file-store.js';
import { IpcInbox } from '../transport/ipc/inbox.js';
import type { BenchFigure } from './figure.js';

/** The slice of test/support/k8s-api-double this bench uses (typed here: it is outside src/). */
interface Double {
  KubeApiDouble: new () => { start(): Promise<string>; stop(): Promise<void>; countRequests(filter?: (r: { method: string }) => boolean): number };
  NodeSimulator: new (api: unknown, o: { runtime: unknown }) => { readonly podsStarted: string[]; stop(): void };
  functionRuntime: (decide: (launch: { env: Readonly<Record<string, string>> }) => number) => unknown;
}

const TRIALS = 10_000;

async function loadDouble(): Promise<Double> {
  const { build } = (await import('rolldown')) as { build: (o: unknown) => Promise<unknown> };
  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  const file = join(mkdtempSync(join(tmpdir(), 'zapsweep-bench-')), 'k8s-double.mjs');
  await build({ input: join(root, 'test/support/k8s-api-double/index.ts'), platform: 'node', external: [/^node:/], output: { file, format: 'esm' }, logLevel: 'silent' });
  return (await import(file)) as Double;
}

function kubeConfig(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'd', server, skipTLSVerify: true }], users: [{ name: 'u', token: 't' }], contexts: [{ name: 'd', cluster: 'd', user: 'u', namespace: 'bench' }], currentContext: 'd' });
  return kc;
}

function trials(n: number): Trial[] {
  const experiment = experimentSchema.parse({});
  return Array.from({ length: n }, (_, index) => ({ index, trialId: `t${index}`, configId: `c${index}`, seed: 0, parameters: {}, experiment }));
}

export async function benchKubernetes(log: (line: string) => void = () => undefined): Promise<BenchFigure[]> {
  const d = await loadDouble();
  const ts = trials(TRIALS);
  const inbox = new IpcInbox();
  const api = new d.KubeApiDouble();
  const server = await api.start();
  let admittedAt = 0;
  const sim = new d.NodeSimulator(api, {
    runtime: d.functionRuntime((launch) => {
      const trial = ts[Number(launch.env['JOB_COMPLETION_INDEX'])];
      if (sim.podsStarted.length === TRIALS && admittedAt === 0) admittedAt = performance.now();
      if (trial) inbox.push({ type: 'finished', metrics: { retainedAccuracy: 0.5, newTaskGain: 0.1 }, sweepId: 'bench', trialId: trial.trialId, attempt: 0, attemptId: launch.env['ZAPSWEEP_ATTEMPT_ID'], seq: 0, time: 0 });
      return 0;
    }),
  });
  const store = new FileStore(mkdtempSync(join(tmpdir(), 'zapsweep-bench-store-')));
  await store.createSweep({ id: 'bench', name: 'bench', createdAt: 0, updatedAt: 0, specSource: '-', specDigest: '-', executor: 'kubernetes', totalTrials: TRIALS, status: 'running' }, 'spec: {}\n');
  const kube = new KubeApi(kubeConfig(server), 'bench');
  const executor = new KubernetesExecutor({ api: kube, spec: { kind: 'kubernetes', image: 'zapsweep:bench', gpus: 0 }, retries: 2, trialTimeoutSeconds: 600, natsUrl: 'nats://x:4222', version: '0.1.0' });
  log(`kubernetes: ${TRIALS} trials through the API double`);
  const t0 = performance.now();
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const outcome = await runBatchController({ sweepId: 'bench', trials: ts, specText: 'spec: {}\n', digest: expectedTrialDigest(ts), executor, inbox, store, retries: 2, clock: systemClock, signal: new AbortController().signal, graceMs: 5000 });
  const total = performance.now() - t0;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const created = api.countRequests((r) => r.method === 'POST');
  const requests = api.countRequests();
  if (outcome.status !== 'completed') throw new Error(`bench sweep ended ${outcome.status}`);
  sim.stop();

  // Reference: one Job per trial (what a per-trial object design does), same client, same double.
  const before = api.countRequests();
  const r0 = performance.now();
  const perTrial = 2000;
  for (let i = 0; i < perTrial; i++) {
    await kube.createJob({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `ref-${i}`, labels: { ref: 'yes' } }, spec: { completions: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'w', image: 'x' }] } } } });
  }
  const refMs = ((performance.now() - r0) / perTrial) * TRIALS;
  const refRequests = (api.countRequests() - before) / perTrial;
  await api.stop();
  return [
    { name: `API objects created for ${TRIALS} trials`, value: created, unit: 'objects', reference: { name: 'one Job per trial', value: TRIALS } },
    { name: 'API requests per trial (all: create, patch, list, watch)', value: requests / TRIALS, unit: 'requests', reference: { name: 'one Job per trial (creates only)', value: refRequests } },
    { name: `submit to every index admitted (${TRIALS} pods created)`, value: (admittedAt > 0 ? admittedAt - t0 : total) / 1000, unit: 's', reference: { name: `creating ${TRIALS} Jobs one by one (extrapolated from ${perTrial})`, value: refMs / 1000 } },
    { name: 'submit to sweep completed', value: total / 1000, unit: 's' },
    { name: 'peak RSS (controller + API double + simulator, one process)', value: peakRss / 2 ** 20, unit: 'MB', reference: { name: 'goal', value: 300 } },
  ];
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  for (const f of await benchKubernetes((l) => console.error(l))) console.log(JSON.stringify(f));
}
