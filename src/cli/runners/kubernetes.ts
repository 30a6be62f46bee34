/**
 * Kubernetes Indexed Jobs, followed over NATS (required: the pods publish there). Ctrl-C detaches:
 * the Jobs keep running in the cluster and `zapsweep resume <id>` re-attaches. The live view's
 * pause key suspends the Jobs (running pods stop and report as interrupted; resuming un-suspends).
 */
import { runBatchController } from '../../controller/batch-controller.js';
import { controlJobs } from '../../executors/kubernetes/control.js';
import { KubeApi } from '../../executors/kubernetes/kube-api.js';
import { loadKubeConfig, resolveNamespace, type ClusterFlags } from '../../executors/kubernetes/kube-config.js';
import { KubernetesExecutor } from '../../executors/kubernetes/kubernetes-executor.js';
import { parseDuration } from '../../spec/duration.js';
import { expectedTrialDigest } from '../../spec/expand.js';
import type { KubernetesExecutorSpec, Sweep } from '../../spec/schema.js';
import type { Trial } from '../../spec/trial.js';
import { systemClock } from '../../util/clock.js';
import { zapsweepVersion } from '../../version.js';
import { connectionOf } from '../checkpoint-wiring.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import type { Runner, RunnerInput } from './types.js';

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

export function clusterFlags(flags: ClusterFlags): ClusterFlags {
  return {
    ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
  };
}

/** A ConfigMap holds at most 1 MiB (etcd's object limit); the spec shares it with the trial digest and labels. */
export const maxKubernetesSpecBytes = 1024 * 1024 - 16 * 1024;

export function kubernetesRunner(i: RunnerInput): Runner {
  const { ctx, record, sweep, trials } = i;
  const x = kubernetesSpec(sweep);
  const cluster = clusterFlags(i.flags);
  return {
    check: () => {
      const bytes = Buffer.byteLength(i.specText, 'utf8');
      if (bytes > maxKubernetesSpecBytes) throw new UsageError(`the spec is ${bytes} bytes; a Kubernetes sweep ships it in a ConfigMap, which holds at most ${maxKubernetesSpecBytes} bytes of it (1 MiB less room for the rest): make the spec smaller (fewer listed values; a random search instead of long lists)`);
      if (i.flags.share === false) throw new UsageError('--no-share applies to local runs: the pods of a Kubernetes sweep always share their pre-training stages (docs/proposals/pretrain-sharing.md)');
      podNatsUrl(ctx, x);
      if (!ctx.nats) throw new UsageError('a Kubernetes sweep needs the controller on NATS too: pass --nats nats://HOST:4222 or set NATS_URL');
    },
    reopen: async () => `${await controlJobs(kubeApiFor(x, cluster), record.id, 'resume', x.parallelism)} Job(s) un-paused`,
    signalLine: (sig) => `${sig}: detaching; the Jobs keep running in the cluster. Re-attach with: zapsweep resume ${record.id}; stop them with: zapsweep cancel ${record.id}`,
    interruptedLine: (done, total) => `detached: ${done}/${total} trials done; the Jobs keep running. Re-attach with: zapsweep resume ${record.id}`,
    prepare: (transport, signal) => {
      const natsUrl = podNatsUrl(ctx, x);
      const api = kubeApiFor(x, cluster, signal);
      const executor = new KubernetesExecutor({
        api,
        spec: x,
        retries: sweep.spec.budget.retries,
        trialTimeoutSeconds: parseDuration(sweep.spec.budget.trialTimeout) / 1000,
        natsUrl,
        version: zapsweepVersion,
      });
      return Promise.resolve({
        line: `sweep ${record.id}: ${trials.length} trials as Indexed Job(s) in namespace ${api.namespace}; events over NATS ${natsUrl}`,
        run: async (observer, pause) => {
          const note = (m: string): void => observer.note?.(`kubernetes: ${m}`);
          const unsubscribe = pause.subscribe((paused) => {
            controlJobs(api, record.id, paused ? 'pause' : 'resume', x.parallelism).then(
              (n) => note(`${n} Job(s) ${paused ? 'suspended' : 'un-suspended'}`),
              (err: unknown) => note(`could not ${paused ? 'suspend' : 'un-suspend'} the Jobs: ${err instanceof Error ? err.message : String(err)}`),
            );
          });
          // search.stopping: the pod of a stopped attempt is told over NATS and exits 0.
          const stopPod = async (trial: Trial, attempt: number, reason: string): Promise<void> => {
            const connection = connectionOf(ctx);
            if (!connection) return;
            const { publishStop } = await import('../../transport/nats/control.js');
            await publishStop(await connection(), record.id, trial.index, { stop: true, attempt, reason });
          };
          try {
            return await runBatchController({
              sweepId: record.id,
              trials,
              specText: i.specText,
              // The workers check themselves against the spec's whole expansion (a race runs part of it).
              digest: expectedTrialDigest(i.planner?.universe ?? trials),
              ...(i.planner?.adaptive === true ? { planner: i.planner, groups: i.groups ?? [trials] } : {}),
              executor,
              inbox: transport.inbox,
              store: ctx.store,
              retries: sweep.spec.budget.retries,
              clock: systemClock,
              signal,
              observer: { ...observer, note },
              ...(sweep.spec.search.stopping ? { stopping: sweep.spec.search.stopping, stopAttempt: stopPod } : {}),
            });
          } finally {
            unsubscribe();
          }
        },
      });
    },
  };
}
