/** Rendering is pure and every object it returns is a valid, strict Kubernetes manifest. */
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { fitName, sweepNames } from '../../src/executors/kubernetes/render/names.js';
import { RenderError, renderSweep, SHARD_SIZE, shardsOf } from '../../src/executors/kubernetes/render/render-sweep.js';
import { toYaml } from '../../src/executors/kubernetes/render/yaml.js';
import { makeRenderInput } from './support/render-input-builder.js';
import { manifestProblems } from './support/strict.js';

type Job = { metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> }; spec: Record<string, unknown> & { template: { spec: { containers: Array<Record<string, unknown> & { env: Array<{ name: string; value?: string; valueFrom?: unknown }>; resources: Record<string, Record<string, string>> }> } & Record<string, unknown> } } };

const longId = `${'a'.repeat(40)}-20261130-235959-ffff`;

const inputs = [
  { name: 'minimal', input: makeRenderInput().obj() },
  { name: 'GPU, resources, scheduling, Kueue', input: makeRenderInput().executor({
      gpus: 2,
      resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { memory: '16Gi' } },
      nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['gpu'] }] }] } } },
      priorityClassName: 'research-low',
      serviceAccountName: 'zapsweep-worker',
      imagePullSecrets: ['regcred'],
      env: { TF_CPP_MIN_LOG_LEVEL: '2' },
      queueName: 'team-a',
      ttlSecondsAfterFinished: 3600,
      parallelism: 8,
      backoffLimitPerIndex: 3,
      maxFailedIndexes: 10,
      backend: 'tensorflow',
      imagePullPolicy: 'IfNotPresent',
    }).obj() },
  { name: 'longest sweep id', input: makeRenderInput(longId).obj() },
  { name: 'sharded', input: makeRenderInput().trials(25_001).obj() },
];

describe('every rendered object validates (OpenAPI schema + no unknown fields + names + labels)', () => {
  test.each(inputs)('$name', ({ input }) => {
    const r = renderSweep(input);
    for (const o of [r.configMap, ...r.jobs]) expect(manifestProblems(o), o.metadata.name).toEqual([]);
  });
});

describe('the Job', () => {
  test('Indexed, completions = trials, failure policy, attempt and index from the pod', () => {
    const job = renderSweep(makeRenderInput().trials(12).retries(4).obj()).jobs[0] as unknown as Job;
    expect(job.spec).toMatchObject({
      completionMode: 'Indexed',
      completions: 12,
      parallelism: 12,
      backoffLimitPerIndex: 4,
      suspend: false,
      podFailurePolicy: {
        rules: [
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          { action: 'FailIndex', onExitCodes: { containerName: 'worker', operator: 'In', values: [3] } },
        ],
      },
    });
    const pod = job.spec.template.spec;
    expect(pod).toMatchObject({ restartPolicy: 'Never', activeDeadlineSeconds: 1800 });
    const c = pod.containers[0];
    expect(c?.command).toEqual(['zapsweep', 'worker']);
    expect(c?.args).toEqual(['--spec', '/etc/zapsweep/spec.yaml']);
    const env = Object.fromEntries((c?.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(env).toMatchObject({
      ZAPSWEEP_INDEX_OFFSET: '0',
      NATS_URL: 'nats://nats.zapsweep:4222',
      ZAPSWEEP_EXPECTED_DIGEST: { configMapKeyRef: { name: 'tiny-20260101-010203-ab12-spec', key: 'expected-trial-digest' } },
      ZAPSWEEP_FAILURE_COUNT: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-index-failure-count']" } },
      ZAPSWEEP_IGNORED_FAILURE_COUNT: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-index-ignored-failure-count']" } },
    });
  });

  test.each([
    { name: 'no queue: starts at once', patch: {}, suspend: false, queueLabel: undefined },
    { name: 'Kueue queue: created suspended, labelled', patch: { queueName: 'team-a' }, suspend: true, queueLabel: 'team-a' },
  ])('$name', ({ patch, suspend, queueLabel }) => {
    const job = renderSweep(makeRenderInput().executor(patch).obj()).jobs[0] as unknown as Job;
    expect(job.spec['suspend']).toBe(suspend);
    expect(job.metadata.labels['kueue.x-k8s.io/queue-name']).toBe(queueLabel);
  });

  test.each([
    { gpus: 0, limits: undefined },
    { gpus: 1, limits: { 'nvidia.com/gpu': '1' } },
    { gpus: 4, limits: { 'nvidia.com/gpu': '4' } },
  ])('gpus $gpus -> limits $limits', ({ gpus, limits }) => {
    const job = renderSweep(makeRenderInput().executor({ gpus }).obj()).jobs[0] as unknown as Job;
    expect(job.spec.template.spec.containers[0]?.resources['limits']).toEqual(limits);
  });

  test.each([
    { parallelism: undefined, trials: 7, expected: 7 },
    { parallelism: 3, trials: 7, expected: 3 },
    { parallelism: 50, trials: 7, expected: 7 },
  ])('parallelism $parallelism with $trials trials -> $expected', ({ parallelism, trials, expected }) => {
    const patch = parallelism === undefined ? {} : { parallelism };
    const job = renderSweep(makeRenderInput().trials(trials).executor(patch).obj()).jobs[0] as unknown as Job;
    expect(job.spec['parallelism']).toBe(expected);
  });
});

describe('sharding', () => {
  test.each([
    { trials: 1, size: SHARD_SIZE, shards: [[0, 0, 1]] },
    { trials: 10_000, size: SHARD_SIZE, shards: [[0, 0, 10_000]] },
    { trials: 10_001, size: SHARD_SIZE, shards: [[0, 0, 10_000], [1, 10_000, 1]] },
    { trials: 7, size: 3, shards: [[0, 0, 3], [1, 3, 3], [2, 6, 1]] },
  ])('$trials trials by $size', ({ trials, size, shards }) => {
    expect(shardsOf(trials, size).map((s) => [s.shard, s.offset, s.completions])).toEqual(shards);
  });

  test('each shard Job carries its offset and a distinct name', () => {
    const r = renderSweep(makeRenderInput().trials(7).shardSize(3).obj());
    const jobs = r.jobs as unknown as Job[];
    expect(jobs.map((j) => j.metadata.name)).toEqual(['tiny-20260101-010203-ab12-0', 'tiny-20260101-010203-ab12-1', 'tiny-20260101-010203-ab12-2']);
    expect(jobs.map((j) => j.metadata.annotations['zapsweep.io/index-offset'])).toEqual(['0', '3', '6']);
    expect(jobs.map((j) => j.spec.template.spec.containers[0]?.env.find((e) => e.name === 'ZAPSWEEP_INDEX_OFFSET')?.value)).toEqual(['0', '3', '6']);
  });

  test.each([
    { name: 'no trials', input: makeRenderInput().trials(0).obj(), says: 'no trials' },
    { name: 'no NATS URL', input: { ...makeRenderInput().obj(), natsUrl: '' }, says: 'NATS URL' },
  ])('refuses: $name', ({ input, says }) => {
    expect(() => renderSweep(input)).toThrow(RenderError);
    expect(() => renderSweep(input)).toThrow(says);
  });
});

describe('names', () => {
  test.each([
    { text: 'tiny-20260101-010203-ab12', max: 50, expected: 'tiny-20260101-010203-ab12' },
    { text: 'Upper_Case', max: 50, expected: 'upper-case' },
    { text: longId, max: 30, expected: /^a{23}-[0-9a-f]{6}$/ },
  ])('fitName($text, $max)', ({ text, max, expected }) => {
    const name = fitName(text, max);
    expect(name.length).toBeLessThanOrEqual(max);
    if (typeof expected === 'string') expect(name).toBe(expected);
    else expect(name).toMatch(expected);
  });

  test('long ids keep Job names <= 50 and distinct', () => {
    const a = sweepNames(longId).job(0);
    const b = sweepNames(longId.replace('ffff', 'fffe')).job(0);
    expect(a.length).toBeLessThanOrEqual(50);
    expect(a).not.toBe(b);
  });

  test('deterministic: same input, same objects', () => {
    expect(renderSweep(makeRenderInput().obj())).toEqual(renderSweep(makeRenderInput().obj()));
  });
});

test('YAML round-trips', () => {
  const r = renderSweep(makeRenderInput().trials(7).shardSize(3).obj());
  const docs = toYaml([r.configMap, ...r.jobs]).split(/^---$/m).map((d) => parse(d) as unknown);
  expect(docs).toEqual([r.configMap, ...r.jobs]);
});

describe('the strict checks catch what kubernetes-models lets through', () => {
  const job = (): Job => structuredClone(renderSweep(makeRenderInput().obj()).jobs[0]) as unknown as Job;
  test.each([
    { name: 'unknown field', mutate: (j: Job) => void (j.spec['completionsMode'] = 'Indexed'), says: 'spec.completionsMode: unknown field' },
    { name: 'unknown container field', mutate: (j: Job) => void ((j.spec.template.spec.containers[0] as Record<string, unknown>)['gpu'] = 1), says: 'containers[0].gpu: unknown field' },
    { name: 'bad name', mutate: (j: Job) => void (j.metadata.name = 'Bad_Name'), says: 'not a DNS-1123 label' },
    { name: 'long label value', mutate: (j: Job) => void (j.metadata.labels['x'] = 'v'.repeat(64)), says: 'bad label value' },
    { name: 'schema type error', mutate: (j: Job) => void (j.spec['completions'] = 'many'), says: 'schema:' },
  ])('$name', ({ mutate, says }) => {
    const j = job();
    mutate(j);
    expect(manifestProblems(j as never).join('\n')).toContain(says);
  });
});
