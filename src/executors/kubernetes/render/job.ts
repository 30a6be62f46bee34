/**
 * One Indexed Job for one shard of a sweep (pure). The pod resolves its trial from
 * JOB_COMPLETION_INDEX + ZAPSWEEP_INDEX_OFFSET and the mounted spec; its attempt from the two
 * failure counters (downward API). See docs/proposals/kubernetes-executor.md.
 */
import { workerExit } from '../../../worker/exit-codes.js';
import { formatIndexes } from '../indexes.js';
import { annotationKeys, labelKeys, sweepLabels } from './labels.js';
import { sweepNames } from './names.js';
import type { KubeObject, RenderInput, Shard } from './types.js';

export const WORKER_CONTAINER = 'worker';
export const SPEC_MOUNT = '/etc/zapsweep';
export const SPEC_KEY = 'spec.yaml';
export const DIGEST_KEY = 'expected-trial-digest';

export function renderJob(input: RenderInput, shard: Shard): KubeObject {
  const names = sweepNames(input.sweepId);
  const x = input.executor;
  const labels = { ...sweepLabels(input.sweepId, input.version, 'worker'), [labelKeys.shard]: String(shard.shard) };
  const jobLabels = x.queueName === undefined ? labels : { ...labels, [labelKeys.kueueQueue]: x.queueName };
  const parallelism = Math.min(x.parallelism ?? shard.completions, shard.completions);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: names.job(shard.shard),
      namespace: input.namespace,
      labels: jobLabels,
      annotations: {
        [annotationKeys.sweepId]: input.sweepId,
        [annotationKeys.indexOffset]: String(shard.offset),
        [annotationKeys.trials]: String(input.trialCount),
        [annotationKeys.digest]: input.digest,
        ...(shard.indexes === undefined ? {} : { [annotationKeys.indexes]: formatIndexes(shard.indexes) }),
      },
    },
    spec: {
      completionMode: 'Indexed',
      completions: shard.completions,
      parallelism,
      backoffLimitPerIndex: x.backoffLimitPerIndex ?? input.retries,
      ...(x.maxFailedIndexes === undefined ? {} : { maxFailedIndexes: Math.min(x.maxFailedIndexes, shard.completions) }),
      // Kueue admits a Job by un-suspending it; without a queue it starts at once.
      suspend: x.queueName !== undefined,
      ...(x.ttlSecondsAfterFinished === undefined ? {} : { ttlSecondsAfterFinished: x.ttlSecondsAfterFinished }),
      podFailurePolicy: {
        rules: [
          // Preemption, eviction, node drain: retry without charging the index.
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          // The worker says retrying cannot help (bad index, digest mismatch, invalid experiment).
          { action: 'FailIndex', onExitCodes: { containerName: WORKER_CONTAINER, operator: 'In', values: [workerExit.nonRetryable] } },
        ],
      },
      template: {
        metadata: { labels },
        spec: podSpec(input, shard, names.configMap),
      },
    },
  };
}

function podSpec(input: RenderInput, shard: Shard, configMap: string): Record<string, unknown> {
  const x = input.executor;
  return {
    restartPolicy: 'Never',
    activeDeadlineSeconds: Math.max(1, Math.ceil(input.trialTimeoutSeconds)),
    ...(x.serviceAccountName === undefined ? {} : { serviceAccountName: x.serviceAccountName }),
    ...(x.priorityClassName === undefined ? {} : { priorityClassName: x.priorityClassName }),
    ...(x.nodeSelector === undefined ? {} : { nodeSelector: { ...x.nodeSelector } }),
    ...(x.tolerations === undefined ? {} : { tolerations: x.tolerations.map((t) => ({ ...t })) }),
    ...(x.affinity === undefined ? {} : { affinity: structuredClone(x.affinity) }),
    ...(x.imagePullSecrets === undefined ? {} : { imagePullSecrets: x.imagePullSecrets.map((name) => ({ name })) }),
    containers: [
      {
        name: WORKER_CONTAINER,
        image: x.image,
        ...(x.imagePullPolicy === undefined ? {} : { imagePullPolicy: x.imagePullPolicy }),
        command: ['zapsweep', 'worker'],
        args: ['--spec', `${SPEC_MOUNT}/${SPEC_KEY}`],
        env: env(input, shard, configMap),
        resources: resources(input),
        volumeMounts: [{ name: 'spec', mountPath: SPEC_MOUNT, readOnly: true }],
      },
    ],
    volumes: [{ name: 'spec', configMap: { name: configMap } }],
  };
}

/** Names this file sets; the spec's extra env may not shadow them. */
const ownEnv = ['NATS_URL', 'ZAPSWEEP_ATTEMPT_ID', 'ZAPSWEEP_SWEEP_ID', 'ZAPSWEEP_INDEX_OFFSET', 'ZAPSWEEP_INDEX_LIST', 'ZAPSWEEP_EXPECTED_DIGEST', 'ZAPSWEEP_FAILURE_COUNT', 'ZAPSWEEP_IGNORED_FAILURE_COUNT', 'ZAPSWEEP_BACKEND', 'JOB_COMPLETION_INDEX'];

function env(input: RenderInput, shard: Shard, configMap: string): Array<Record<string, unknown>> {
  const x = input.executor;
  const annotation = (key: string): Record<string, unknown> => ({ fieldRef: { fieldPath: `metadata.annotations['${key}']` } });
  return [
    ...Object.entries(x.env ?? {}).filter(([name]) => !ownEnv.includes(name)).map(([name, value]) => ({ name, value })),
    { name: 'ZAPSWEEP_SWEEP_ID', value: input.sweepId },
    { name: 'ZAPSWEEP_INDEX_OFFSET', value: String(shard.offset) },
    // A round's Job: completion index k runs the k-th of these trial indexes (indexes.ts).
    ...(shard.indexes === undefined ? [] : [{ name: 'ZAPSWEEP_INDEX_LIST', value: formatIndexes(shard.indexes) }]),
    // The worker's NATS wiring reads NATS_URL (src/transport/nats/options.ts).
    { name: 'NATS_URL', value: input.natsUrl },
    // From the ConfigMap, so the worker checks itself against what the controller published.
    { name: 'ZAPSWEEP_EXPECTED_DIGEST', valueFrom: { configMapKeyRef: { name: configMap, key: DIGEST_KEY } } },
    { name: 'ZAPSWEEP_FAILURE_COUNT', valueFrom: annotation(annotationKeys.failureCount) },
    { name: 'ZAPSWEEP_IGNORED_FAILURE_COUNT', valueFrom: annotation(annotationKeys.ignoredFailureCount) },
    // The pod's name: unique per pod, the attempt's id (a replacement pod after pause or stop reuses
    // the attempt number, never the name).
    { name: 'ZAPSWEEP_ATTEMPT_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ...(x.backend === undefined ? [] : [{ name: 'ZAPSWEEP_BACKEND', value: x.backend }]),
  ];
}

function resources(input: RenderInput): Record<string, unknown> {
  const x = input.executor;
  const requests: Record<string, string> = { ...(x.resources?.requests ?? {}) } as Record<string, string>;
  const limits: Record<string, string> = { ...(x.resources?.limits ?? {}) } as Record<string, string>;
  if (x.gpus > 0) limits['nvidia.com/gpu'] = String(x.gpus);
  return {
    ...(Object.keys(requests).length === 0 ? {} : { requests }),
    ...(Object.keys(limits).length === 0 ? {} : { limits }),
  };
}
