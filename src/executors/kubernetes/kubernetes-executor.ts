/**
 * The Kubernetes BatchExecutor: submits a sweep as a ConfigMap and Indexed Jobs, then follows the
 * Jobs and their Pods (list + watch, see list-watch.ts) and reports how each index ended and which
 * attempts failed. Reports are de-duplicated, so re-lists and re-watches repeat nothing.
 */
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import type { BatchExecutor, BatchReport, BatchRun, BatchSubmission } from '../batch.js';
import type { KubernetesExecutorSpec } from '../../spec/schema.js';
import { AsyncQueue } from '../../util/async-queue.js';
import { parseIndexes, podAttempt } from './indexes.js';
import type { KubeApi } from './kube-api.js';
import { listWatch } from './list-watch.js';
import { annotationKeys, sweepSelector } from './render/labels.js';
import { renderJob } from './render/job.js';
import { groupShards, renderSweep } from './render/render-sweep.js';
import type { RenderInput, Shard } from './render/types.js';
import { submitJobs, submitSweep } from './submit.js';
import type { Trial } from '../../spec/trial.js';

export interface KubernetesExecutorOptions {
  api: KubeApi;
  spec: KubernetesExecutorSpec;
  retries: number;
  trialTimeoutSeconds: number;
  natsUrl: string;
  version: string;
  shardSize?: number;
  /** Re-watch after this long without an event or bookmark. */
  stallMs?: number;
}

export class KubernetesExecutor implements BatchExecutor {
  readonly name = 'kubernetes';
  readonly batch = true as const;

  constructor(private readonly o: KubernetesExecutorOptions) {}

  renderInput(s: Pick<BatchSubmission, 'sweepId' | 'specText' | 'digest'> & { trialCount: number; groups?: readonly (readonly number[])[] }): RenderInput {
    return {
      ...(s.groups === undefined ? {} : { groups: s.groups }),
      sweepId: s.sweepId,
      namespace: this.o.api.namespace,
      specText: s.specText,
      version: this.o.version,
      digest: s.digest,
      trialCount: s.trialCount,
      executor: this.o.spec,
      retries: this.o.retries,
      trialTimeoutSeconds: this.o.trialTimeoutSeconds,
      natsUrl: this.o.natsUrl,
      ...(this.o.shardSize === undefined ? {} : { shardSize: this.o.shardSize }),
    };
  }

  async submit(s: BatchSubmission): Promise<BatchRun> {
    const groups = s.groups?.map((g) => g.map((t) => t.index));
    const base = { sweepId: s.sweepId, specText: s.specText, digest: s.digest, trialCount: s.universeSize ?? s.trials.length };
    const input = this.renderInput(groups === undefined ? base : { ...base, groups });
    const rendered = renderSweep(input);
    const submitted = await submitSweep(this.o.api, s.sweepId, s.digest, rendered);
    const queue = new AsyncQueue<BatchReport>();
    for (const j of submitted.jobs) if (j.adopted) queue.push({ kind: 'note', message: `adopted the existing Job ${j.name}` });
    const shardOf = new Map(submitted.jobs.map((j, i) => [j.name, rendered.shards[i] ?? { shard: i, offset: j.offset, completions: 0 }]));
    const follow = new Follower(queue, shardOf);
    let shards = rendered.shards.length;
    // An adaptive search's next round: its own Job shard(s), numbered on (deterministic names).
    const add = async (trials: readonly Trial[]): Promise<void> => {
      const more = groupShards([trials.map((t) => t.index)], input.shardSize, shards);
      shards += more.length;
      const jobs = await submitJobs(this.o.api, s.sweepId, s.digest, more.map((sh) => renderJob(input, sh)), more);
      jobs.forEach((j, i) => {
        const sh = more[i];
        if (sh) follow.register(j.name, sh);
        if (j.adopted) queue.push({ kind: 'note', message: `adopted the existing Job ${j.name}` });
      });
    };
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    s.signal.addEventListener('abort', onAbort, { once: true });
    const selector = sweepSelector(s.sweepId);
    const common = { api: this.o.api, labelSelector: selector, signal: stop.signal, ...(this.o.stallMs === undefined ? {} : { stallMs: this.o.stallMs }) };
    const note = (what: string, why: string): void => queue.push({ kind: 'note', message: `${what} (${why})` });
    const loops = Promise.all([
      listWatch<V1Job>({ ...common, resource: 'jobs', list: () => this.o.api.listJobs(selector), sync: (jobs) => jobs.forEach((j) => follow.job('MODIFIED', j)), event: (t, j) => follow.job(t, j), note: (w, why) => note(`jobs: ${w}`, why) }),
      listWatch<V1Pod>({ ...common, resource: 'pods', list: () => this.o.api.listPods(selector), sync: (pods) => pods.forEach((p) => follow.pod(p)), event: (_t, p) => follow.pod(p), note: (w, why) => note(`pods: ${w}`, why) }),
    ]);
    return {
      [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
      add,
      close: async () => {
        s.signal.removeEventListener('abort', onAbort);
        stop.abort();
        await loops;
        queue.close();
      },
    };
  }
}

/** Turns Job and Pod states into reports, each at most once. */
class Follower {
  private readonly finalIndexes = new Set<number>();
  private readonly failedPods = new Set<string>();
  private readonly seenPods = new Set<string>();

  constructor(
    private readonly queue: AsyncQueue<BatchReport>,
    private readonly shards: Map<string, Shard>,
  ) {}

  /** A Job submitted after the start (a race's next round). */
  register(name: string, shard: Shard): void {
    this.shards.set(name, shard);
  }

  /** The trial index of a Job's completion index (a round's Job maps them through its index list). */
  private trialIndex(jobName: string, i: number, annotations?: Readonly<Record<string, string>>): number {
    const shard = this.shards.get(jobName);
    const list = shard?.indexes ?? (annotations?.[annotationKeys.indexes] === undefined ? undefined : parseIndexes(annotations[annotationKeys.indexes]));
    if (list !== undefined) return list[i] ?? -1;
    return (shard?.offset ?? Number(annotations?.[annotationKeys.indexOffset] ?? 0)) + i;
  }

  job(type: 'ADDED' | 'MODIFIED' | 'DELETED', job: V1Job): void {
    const name = job.metadata?.name ?? '';
    const at = (i: number): number => this.trialIndex(name, i, job.metadata?.annotations);
    const completions = job.spec?.completions ?? 0;
    const succeeded = parseIndexes(job.status?.completedIndexes);
    const failed = parseIndexes(job.status?.failedIndexes);
    for (const i of succeeded) this.final(at(i), 'succeeded');
    for (const i of failed) this.final(at(i), 'failed', 'the Job gave up on this index (backoffLimitPerIndex or a non-retryable exit)');
    const jobFailed = (job.status?.conditions ?? []).find((c) => c.type === 'Failed' && c.status === 'True');
    // A Job that failed as a whole (maxFailedIndexes) or was deleted runs nothing more.
    const gone = type === 'DELETED' ? 'the Job was deleted' : jobFailed !== undefined ? `the Job failed (${jobFailed.reason ?? 'unknown reason'})` : undefined;
    if (gone !== undefined) for (let i = 0; i < completions; i++) this.final(at(i), 'failed', gone);
  }

  pod(pod: V1Pod): void {
    const uid = pod.metadata?.uid ?? pod.metadata?.name ?? '';
    const annotations = pod.metadata?.annotations ?? {};
    const jobName = pod.metadata?.labels?.['batch.kubernetes.io/job-name'] ?? '';
    const index = this.trialIndex(jobName, Number(annotations[annotationKeys.completionIndex] ?? -1));
    const name = pod.metadata?.name;
    if (name !== undefined && !this.seenPods.has(uid)) {
      // The pod's name is its attempt's id (the worker reads it through the downward API).
      this.seenPods.add(uid);
      this.queue.push({ kind: 'attempt-started', index, attempt: podAttempt(annotations), attemptId: name });
    }
    if (pod.status?.phase !== 'Failed' || this.failedPods.has(uid)) return;
    this.failedPods.add(uid);
    const terminated = pod.status.containerStatuses?.[0]?.state?.terminated;
    const disrupted = (pod.status.conditions ?? []).some((c) => c.type === 'DisruptionTarget' && c.status === 'True');
    const why = [pod.status.reason, terminated?.reason, terminated?.message?.trim().split('\n').pop()].filter((s) => s !== undefined && s !== '').join(': ');
    this.queue.push({
      kind: 'attempt-failed',
      index,
      attempt: podAttempt(annotations),
      exitCode: terminated?.exitCode ?? null,
      disrupted,
      message: `pod ${pod.metadata?.name ?? '?'} ${disrupted ? 'was disrupted (preempted or evicted)' : `failed${terminated ? ` with exit code ${terminated.exitCode}` : ''}`}${why ? ` (${why})` : ''}`,
    });
  }

  private final(index: number, outcome: 'succeeded' | 'failed', reason?: string): void {
    if (this.finalIndexes.has(index)) return;
    this.finalIndexes.add(index);
    this.queue.push({ kind: 'index', index, outcome, ...(reason === undefined ? {} : { reason }) });
  }
}
