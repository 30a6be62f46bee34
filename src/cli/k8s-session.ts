/**
 * Runs (or re-attaches to) a sweep on Kubernetes: NATS transport (required: the pods publish
 * there), the Kubernetes BatchExecutor, the batch controller; Ctrl-C detaches (the Jobs keep
 * running; `zapsweep resume <id>` re-attaches).
 */
import { buildResults } from '../analysis/results.js';
import { runBatchController } from '../controller/batch-controller.js';
import { systemClock } from '../util/clock.js';
import { toOutcomes } from '../ledger/outcomes.js';
import { KubeApi } from '../executors/kubernetes/kube-api.js';
import { loadKubeConfig, resolveNamespace, type ClusterFlags } from '../executors/kubernetes/kube-config.js';
import { KubernetesExecutor } from '../executors/kubernetes/kubernetes-executor.js';
import { parseDuration } from '../spec/duration.js';
import { expectedTrialDigest } from '../spec/expand.js';
import type { KubernetesExecutorSpec, Sweep } from '../spec/schema.js';
import type { Trial } from '../spec/trial.js';
import type { SweepRecord } from '../store/types.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { openTransport } from './nats-wiring.js';
import { progressPrinter } from './progress.js';
import type { SessionResult } from './sweep-session.js';

export const zapsweepVersion = '0.1.0';

export interface KubernetesSessionOptions {
  record: SweepRecord;
  sweep: Sweep;
  specText: string;
  trials: readonly Trial[];
  log: (line: string) => void;
  cluster: ClusterFlags;
}

export function kubernetesSpec(sweep: Sweep): KubernetesExecutorSpec {
  const x = sweep.spec.executor;
  if (x.kind !== 'kubernetes') throw new UsageError(`the sweep's executor is "${x.kind}", not "kubernetes"`);
  return x;
}

/** The NATS URL the pods use: spec.executor.natsUrl, else the controller's own --nats / NATS_URL. */
export function podNatsUrl(ctx: CliContext, x: KubernetesExecutorSpec): string {
  const url = x.natsUrl ?? ctx.nats?.settings.servers[0];
  if (url === undefined) {
    throw new UsageError('a Kubernetes sweep needs NATS (the pods publish their events there): pass --nats nats://HOST:4222 or set NATS_URL, and spec.executor.natsUrl if the pods reach it at another address');
  }
  return url;
}

export function kubeApiFor(x: KubernetesExecutorSpec, cluster: ClusterFlags, signal?: AbortSignal): KubeApi {
  const kc = loadKubeConfig(cluster);
  return new KubeApi(kc, resolveNamespace(kc, cluster.namespace, x.namespace), undefined, signal);
}

export async function runKubernetesSession(ctx: CliContext, o: KubernetesSessionOptions): Promise<SessionResult> {
  const x = kubernetesSpec(o.sweep);
  const natsUrl = podNatsUrl(ctx, x);
  if (!ctx.nats) throw new UsageError('a Kubernetes sweep needs the controller on NATS too: pass --nats nats://HOST:4222 or set NATS_URL');
  const { record, sweep, trials } = o;
  const release = await ctx.store.lock(record.id);
  const detach = new AbortController();
  const onSignal = (sig: string): void => {
    if (detach.signal.aborted) return;
    o.log(`${sig}: detaching; the Jobs keep running in the cluster. Re-attach with: zapsweep resume ${record.id}; stop them with: zapsweep cancel ${record.id}`);
    detach.abort(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await ctx.store.updateStatus(record.id, 'running', Date.now());
    const api = kubeApiFor(x, o.cluster, detach.signal);
    const executor = new KubernetesExecutor({
      api,
      spec: x,
      retries: sweep.spec.budget.retries,
      trialTimeoutSeconds: parseDuration(sweep.spec.budget.trialTimeout) / 1000,
      natsUrl,
      version: zapsweepVersion,
    });
    const transport = await openTransport(ctx, record.id);
    const view = progressPrinter(o.log, Date.now(), trials.length);
    o.log(`sweep ${record.id}: ${trials.length} trials as Indexed Job(s) in namespace ${api.namespace}; events over NATS ${natsUrl}`);
    const outcome = await runBatchController({
      sweepId: record.id,
      trials,
      specText: o.specText,
      digest: expectedTrialDigest(trials),
      executor,
      inbox: transport.inbox,
      store: ctx.store,
      retries: sweep.spec.budget.retries,
      clock: systemClock,
      signal: detach.signal,
      observer: { ...view, note: (m) => o.log(`kubernetes: ${m}`) },
    });
    const results = buildResults({ id: record.id, name: record.name, status: outcome.status }, toOutcomes(trials, outcome.fold, sweep.spec.budget.retries));
    await ctx.store.saveSummary(record.id, results);
    await transport.finish(outcome.status);
    return { status: outcome.status, results };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await release();
  }
}
