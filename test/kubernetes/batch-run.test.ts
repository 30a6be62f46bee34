/** The Kubernetes executor + batch controller against the API double and the node simulator. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { controlJobs } from '../../src/executors/kubernetes/control.js';
import { chargedFailures, trialPhase } from '../../src/ledger/fold.js';
import { startCluster, type TestCluster } from './support/cluster.js';
import { SweepFixture } from './support/sweep-fixture.js';

let cluster: TestCluster;
beforeEach(async () => {
  cluster = await startCluster();
});
afterEach(async () => {
  await cluster.close();
});

const posts = (c: TestCluster): number => c.api.countRequests((r) => r.method === 'POST');
const attemptsOf = (o: Awaited<ReturnType<SweepFixture['run']>>, trialId: string): Array<[number, string, string | undefined]> =>
  [...(o.fold.trials.get(trialId)?.attempts.values() ?? [])].map((a) => [a.attempt, a.status, a.failure?.cause]);

describe('a sweep as one ConfigMap and one Indexed Job', () => {
  test('runs every index; 2 objects created; the ConfigMap is owned by the Job', async () => {
    const f = await new SweepFixture(cluster, 6).withExecutor({ parallelism: 2 }).create();
    const outcome = await f.run();
    expect(outcome.status).toBe('completed');
    expect(f.trials.map((t) => trialPhase(outcome.fold.trials.get(t.trialId), 2))).toEqual(Array(6).fill('succeeded'));
    expect(posts(cluster)).toBe(2);
    const cm = cluster.api.store.list('configmaps', 'sweeps')[0];
    const job = cluster.api.store.list('jobs', 'sweeps')[0];
    expect(cm?.metadata.ownerReferences?.[0]?.uid).toBe(job?.metadata.uid);
    expect((job?.['status'] as { completedIndexes: string }).completedIndexes).toBe('0-5');
  });

  test('shards: 7 trials by 3 -> 3 Jobs, each index once', async () => {
    const f = await new SweepFixture(cluster, 7).withShardSize(3).create();
    const outcome = await f.run();
    expect(outcome.status).toBe('completed');
    expect(cluster.api.store.list('jobs', 'sweeps').map((j) => j.metadata.name).sort()).toHaveLength(3);
    for (const t of f.trials) expect(attemptsOf(outcome, t.trialId)).toEqual([[0, 'succeeded', undefined]]);
  });
});

describe('failures map to trial states', () => {
  test.each([
    { name: 'reported failure, then success', plan: ['fail', 'ok'], attempts: [[0, 'failed', 'error'], [1, 'succeeded', undefined]], phase: 'succeeded' },
    { name: 'crash without a report is written for the worker', plan: ['crash', 'ok'], attempts: [[0, 'failed', 'crash'], [1, 'succeeded', undefined]], phase: 'succeeded' },
    { name: 'non-retryable exit 3 fails the index at once', plan: ['fatal', 'ok'], attempts: [[0, 'failed', 'crash']], phase: 'failed' },
    { name: 'out of retries (backoffLimitPerIndex = retries = 1)', plan: ['fail', 'fail', 'ok'], attempts: [[0, 'failed', 'error'], [1, 'failed', 'error']], phase: 'failed' },
  ] as const)('$name', async ({ plan, attempts, phase }) => {
    const f = await new SweepFixture(cluster, 2).withRetries(1).withPlan({ 1: [...plan] }).create();
    const outcome = await f.run();
    const trial = f.trials[1]?.trialId ?? '';
    expect(attemptsOf(outcome, trial)).toEqual(attempts);
    expect(trialPhase(outcome.fold.trials.get(trial), 1)).toBe(phase);
    expect(trialPhase(outcome.fold.trials.get(f.trials[0]?.trialId ?? ''), 1)).toBe('succeeded');
  });
});

describe('faults', () => {
  test('an evicted pod (DisruptionTarget) does not consume a retry', async () => {
    const f = await new SweepFixture(cluster, 2).withRetries(0).withPlan({ 0: ['hang', 'ok'] }).create();
    const running = f.run();
    const indexOf = (name: string): string | undefined => cluster.api.store.get('pods', 'sweeps', name)?.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
    const victim = await until(() => cluster.sim.runningPods().find((p) => indexOf(p) === '0'));
    await new Promise((r) => setTimeout(r, 300));
    cluster.sim.evict(victim, 'sweeps');
    const outcome = await running;
    const trial = f.trials[0]?.trialId ?? '';
    // retries 0: only an ignored failure can explain a second attempt.
    expect(attemptsOf(outcome, trial)).toEqual([[0, 'failed', 'interrupted'], [1, 'succeeded', undefined]]);
    expect(chargedFailures(outcome.fold.trials.get(trial))).toBe(0);
    const pods = cluster.api.store.list('pods', 'sweeps').filter((p) => indexOf(p.metadata.name) === '0');
    expect(pods.map((p) => [p.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count'], p.metadata.annotations?.['batch.kubernetes.io/job-index-ignored-failure-count']])).toEqual([['0', undefined], ['0', '1']]);
    expect(outcome.status).toBe('completed');
  });

  test('a replacement pod after pause reuses the attempt number, but its events keep keys of their own', async () => {
    const f = await new SweepFixture(cluster, 1).withRetries(0).withPlan({ 0: ['slow'] }).create();
    const running = f.run();
    await until(() => cluster.sim.runningPods()[0]);
    await new Promise((r) => setTimeout(r, 300));
    const kube = cluster.kube();
    await controlJobs(kube, f.sweepId, 'pause');
    await until(() => cluster.sim.runningPods().length === 0);
    await controlJobs(kube, f.sweepId, 'resume');
    const outcome = await running;
    const trial = f.trials[0]?.trialId ?? '';
    expect(trialPhase(outcome.fold.trials.get(trial), 0)).toBe('succeeded');
    // Both pods ran attempt 0 (a deleted pod is no failure); each pod's events are stored, none
    // dropped as a duplicate of the other's.
    const events = (await f.store.readEvents(f.sweepId)).events.filter((e) => e.trialId === trial);
    const starts = events.filter((e) => e.type === 'started');
    expect(starts.map((e) => e.attempt)).toEqual([0, 0]);
    expect(new Set(starts.map((e) => e.attemptId)).size).toBe(2);
    expect(events.filter((e) => e.type === 'finished')).toHaveLength(1);
    expect(outcome.rejected).toBe(0);
  });

  test('API 500s and 429s are retried with backoff', async () => {
    cluster.api.injectFault({ code: 500, match: (m) => m === 'POST' }, 2);
    cluster.api.injectFault({ code: 429, retryAfterSeconds: 0, match: (m, p) => m === 'GET' && p.endsWith('/jobs') }, 2);
    cluster.api.injectFault({ code: 503, match: (m) => m === 'PATCH' }, 1);
    const f = await new SweepFixture(cluster, 3).create();
    const outcome = await f.run();
    expect(outcome.status).toBe('completed');
    expect(cluster.api.store.list('jobs', 'sweeps')).toHaveLength(1);
  });

  test('a watch dropped mid-sweep (and a compacted history: 410 Gone) loses no state change', async () => {
    const f = await new SweepFixture(cluster, 6).withExecutor({ parallelism: 1 }).create();
    const running = f.run();
    await until(() => cluster.api.store.list('pods', 'sweeps').some((p) => (p['status'] as { phase?: string }).phase === 'Succeeded'));
    cluster.api.dropWatches();
    await until(() => cluster.api.store.list('pods', 'sweeps').filter((p) => (p['status'] as { phase?: string }).phase === 'Succeeded').length >= 3);
    cluster.api.store.compact();
    cluster.api.dropWatches();
    const outcome = await running;
    expect(outcome.status).toBe('completed');
    expect(f.trials.every((t) => trialPhase(outcome.fold.trials.get(t.trialId), 2) === 'succeeded')).toBe(true);
    expect(f.notes.some((n) => n.includes('410 Gone'))).toBe(true);
    expect(f.notes.some((n) => n.includes('rewatch'))).toBe(true);
  });

  test('a controller stopped mid-sweep and restarted adopts its Job and finishes', async () => {
    const f = await new SweepFixture(cluster, 4).withExecutor({ parallelism: 1 }).create();
    const stop = new AbortController();
    const first = f.run(stop.signal);
    await until(() => cluster.api.store.list('pods', 'sweeps').some((p) => (p['status'] as { phase?: string }).phase === 'Succeeded'));
    stop.abort();
    expect((await first).status).toBe('interrupted');
    const outcome = await f.run();
    expect(outcome.status).toBe('completed');
    expect(f.notes.some((n) => n.startsWith('adopted the existing Job'))).toBe(true);
    expect(cluster.api.store.list('jobs', 'sweeps')).toHaveLength(1);
    // One 201 and one 409 per object; each index ran once.
    expect(cluster.api.countRequests((r) => r.method === 'POST' && r.path.endsWith('/jobs'))).toBe(2);
    expect(cluster.sim.podsStarted).toHaveLength(4);
  });

  test('a Job of another sweep in the way is not adopted', async () => {
    const a = await new SweepFixture(cluster, 1, 'same-name').create();
    await a.run();
    const b = new SweepFixture(cluster, 2, 'same-name');
    await b.create();
    await expect(b.run()).rejects.toThrow(/expects trial digest/);
  });
});

async function until<T>(probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
