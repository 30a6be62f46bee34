/**
 * The node simulator: a Job controller and a kubelet in one. For each Indexed Job it creates pods
 * (honouring parallelism and suspend), runs their container through a PodRuntime with the pod's
 * env (JOB_COMPLETION_INDEX, downward-API annotations, ConfigMap keys) and ConfigMap volumes
 * written to local directories, and applies backoffLimitPerIndex, podFailurePolicy (Ignore on
 * DisruptionTarget, FailIndex on exit codes) and maxFailedIndexes, writing the Job status the real
 * controller writes (completedIndexes, failedIndexes, conditions).
 * Simplification: no retry back-off delay between a failed pod and its replacement.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Obj } from './object-store.js';
import type { PodRuntime, RunningContainer } from './pod-runtime.js';
import type { KubeApiDouble } from './server.js';

interface IndexState {
  failures: number;
  ignored: number;
  done?: 'succeeded' | 'failed';
}

interface JobState {
  indexes: Map<number, IndexState>;
  running: Map<string, { index: number; container: RunningContainer }>;
  runningIndexes: Set<number>;
  /** Lowest index that may still need a pod (indexes below are done or running). */
  scanFrom: number;
}

type Container = { name: string; command?: string[]; args?: string[]; env?: Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string }; configMapKeyRef?: { name: string; key: string } } }>; volumeMounts?: Array<{ name: string; mountPath: string }> };
type PodSpec = { containers: Container[]; volumes?: Array<{ name: string; configMap?: { name: string } }> };
type JobSpec = {
  completions: number;
  parallelism?: number;
  suspend?: boolean;
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  podFailurePolicy?: { rules: Array<{ action: string; onExitCodes?: { operator: string; values: number[] }; onPodConditions?: Array<{ type: string }> }> };
  template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
};

export interface NodeSimulatorOptions {
  runtime: PodRuntime;
  /** Every stdout line of every pod. */
  onStdout?: (podName: string, line: string) => void;
}

export class NodeSimulator {
  private readonly jobs = new Map<string, JobState>();
  private scheduled = false;
  private stopped = false;
  private readonly unsubscribe: () => void;
  readonly podsStarted: string[] = [];

  constructor(
    private readonly api: KubeApiDouble,
    private readonly o: NodeSimulatorOptions,
  ) {
    this.unsubscribe = api.store.subscribe((c) => {
      if (c.resource === 'jobs') this.schedule();
    });
    api.onDelete = (resource, obj, propagation) => this.deleted(resource, obj, propagation);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    for (const j of this.jobs.values()) for (const r of j.running.values()) r.container.kill('SIGKILL');
  }

  /** Preempt a pod: DisruptionTarget condition, then SIGTERM (as the scheduler's preemption does). */
  evict(podName: string, namespace = 'default'): void {
    const pod = this.api.store.mustGet('pods', namespace, podName, 'Pod');
    const status = (pod['status'] ?? {}) as { conditions?: unknown[] };
    pod['status'] = { ...status, conditions: [...(status.conditions ?? []), { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'preempted' }] };
    this.api.store.update('pods', namespace, pod);
    for (const j of this.jobs.values()) j.running.get(podName)?.container.kill('SIGTERM');
  }

  runningPods(): string[] {
    return [...this.jobs.values()].flatMap((j) => [...j.running.keys()]);
  }

  private forced = false;

  private schedule(force = false): void {
    this.forced ||= force;
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.forced = false;
      if (!this.stopped) this.reconcile();
    });
  }

  private state(job: Obj): JobState {
    const uid = job.metadata.uid ?? '';
    let s = this.jobs.get(uid);
    if (!s) this.jobs.set(uid, (s = { indexes: new Map(), running: new Map(), runningIndexes: new Set(), scanFrom: 0 }));
    return s;
  }

  private reconcile(): void {
    for (const job of this.api.store.list('jobs', undefined)) {
      if (job.metadata.deletionTimestamp !== undefined || finished(job)) continue;
      const spec = job['spec'] as JobSpec;
      const s = this.state(job);
      if (spec.suspend === true) {
        for (const [name, r] of s.running) {
          r.container.kill('SIGKILL');
          s.running.delete(name);
          s.runningIndexes.delete(r.index);
          s.scanFrom = Math.min(s.scanFrom, r.index);
          this.removePod(job.metadata.namespace ?? 'default', name);
        }
        this.writeStatus(job, s);
        continue;
      }
      const limit = spec.parallelism ?? 1;
      // Fewer pods allowed than running (parallelism lowered): terminate the excess.
      for (const [name, r] of [...s.running].slice(limit)) {
        r.container.kill('SIGTERM');
        void name;
      }
      let settled = true;
      for (let i = s.scanFrom; i < spec.completions && s.running.size < limit; i++) {
        const idx = s.indexes.get(i) ?? { failures: 0, ignored: 0 };
        s.indexes.set(i, idx);
        if (idx.done !== undefined) {
          if (settled) s.scanFrom = i + 1;
          continue;
        }
        settled = false;
        if (s.runningIndexes.has(i)) continue;
        this.startPod(job, s, i, idx);
      }
      this.writeStatus(job, s);
    }
  }

  private startPod(job: Obj, s: JobState, index: number, idx: IndexState): void {
    const ns = job.metadata.namespace ?? 'default';
    const spec = job['spec'] as JobSpec;
    const name = `${job.metadata.name}-${index}-${randomBytes(3).toString('hex').slice(0, 5)}`;
    const annotations: Record<string, string> = {
      'batch.kubernetes.io/job-completion-index': String(index),
      'batch.kubernetes.io/job-index-failure-count': String(idx.failures),
      ...(idx.ignored > 0 ? { 'batch.kubernetes.io/job-index-ignored-failure-count': String(idx.ignored) } : {}),
    };
    const pod = this.api.store.create('pods', ns, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: ns,
        labels: { ...(spec.template.metadata?.labels ?? {}), 'batch.kubernetes.io/job-name': job.metadata.name, 'batch.kubernetes.io/controller-uid': job.metadata.uid ?? '', 'batch.kubernetes.io/job-completion-index': String(index) },
        annotations,
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: job.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: structuredClone(spec.template.spec),
      status: { phase: 'Pending' },
    });
    const container = spec.template.spec.containers[0];
    if (!container) return;
    const launched = this.launch(ns, pod, container, spec.template.spec, index);
    this.podsStarted.push(name);
    s.running.set(name, { index, container: launched });
    s.runningIndexes.add(index);
    pod['status'] = { phase: 'Running', startTime: new Date().toISOString() };
    this.api.store.update('pods', ns, pod);
    void launched.exited.then(({ exitCode, stderrTail }) => this.podExited(job.metadata.uid ?? '', ns, name, index, exitCode, stderrTail));
  }

  private launch(ns: string, pod: Obj, c: Container, podSpec: PodSpec, index: number): RunningContainer {
    const annotations = pod.metadata.annotations ?? {};
    const env: Record<string, string> = { JOB_COMPLETION_INDEX: String(index) };
    for (const e of c.env ?? []) {
      if (e.value !== undefined) env[e.name] = e.value;
      const field = e.valueFrom?.fieldRef?.fieldPath;
      if (field !== undefined) {
        const m = /^metadata\.annotations\['(.+)'\]$/.exec(field);
        env[e.name] = m?.[1] !== undefined ? (annotations[m[1]] ?? '') : field === 'metadata.name' ? pod.metadata.name : '';
      }
      const ref = e.valueFrom?.configMapKeyRef;
      if (ref !== undefined) env[e.name] = String((this.api.store.get('configmaps', ns, ref.name)?.['data'] as Record<string, string> | undefined)?.[ref.key] ?? '');
    }
    // ConfigMap volumes become local directories; args naming a mount path are rewritten.
    const mounts = new Map<string, string>();
    for (const m of c.volumeMounts ?? []) {
      const cm = podSpec.volumes?.find((v) => v.name === m.name)?.configMap?.name;
      if (cm === undefined) continue;
      const dir = mkdtempSync(join(tmpdir(), 'k8s-double-vol-'));
      mkdirSync(dir, { recursive: true });
      const data = (this.api.store.get('configmaps', ns, cm)?.['data'] ?? {}) as Record<string, string>;
      for (const [k, v] of Object.entries(data)) writeFileSync(join(dir, k), v);
      mounts.set(m.mountPath, dir);
    }
    const argv = [...(c.command ?? []), ...(c.args ?? [])].map((a) => {
      for (const [mount, dir] of mounts) if (a.startsWith(mount)) return dir + a.slice(mount.length);
      return a;
    });
    return this.o.runtime({ podName: pod.metadata.name, index, argv, env, onStdout: (line) => this.o.onStdout?.(pod.metadata.name, line) });
  }

  private podExited(uid: string, ns: string, name: string, index: number, exitCode: number, stderrTail: string): void {
    const s = this.jobs.get(uid);
    if (!s?.running.delete(name)) return; // deleted (suspend, job deletion)
    s.runningIndexes.delete(index);
    const pod = this.api.store.get('pods', ns, name);
    const job = this.api.store.list('jobs', ns).find((j) => j.metadata.uid === uid);
    if (!pod || !job) return;
    const status = (pod['status'] ?? {}) as { conditions?: Array<{ type: string; status: string }> };
    pod['status'] = {
      ...status,
      phase: exitCode === 0 ? 'Succeeded' : 'Failed',
      containerStatuses: [{ name: 'worker', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', message: stderrTail.slice(-512) } } }],
    };
    this.api.store.update('pods', ns, pod);
    const spec = job['spec'] as JobSpec;
    const idx = s.indexes.get(index) ?? { failures: 0, ignored: 0 };
    if (exitCode === 0) idx.done = 'succeeded';
    else {
      const action = policyAction(spec, exitCode, status.conditions ?? []);
      if (action === 'Ignore') idx.ignored++;
      else if (action === 'FailIndex') idx.done = 'failed';
      else if (action === 'FailJob') idx.done = 'failed';
      else if (++idx.failures > (spec.backoffLimitPerIndex ?? 6)) idx.done = 'failed';
    }
    s.indexes.set(index, idx);
    if (idx.done === undefined) s.scanFrom = Math.min(s.scanFrom, index);
    // The status is written once per reconcile tick (reconcile runs on the Job's change or here).
    this.schedule(true);
  }

  private writeStatus(job: Obj, s: JobState): void {
    const spec = job['spec'] as JobSpec;
    const done = (what: 'succeeded' | 'failed'): number[] => [...s.indexes.entries()].filter(([, v]) => v.done === what).map(([i]) => i).sort((a, b) => a - b);
    const succeeded = done('succeeded');
    const failed = done('failed');
    const conditions: Array<Record<string, string>> = [];
    const now = new Date().toISOString();
    const tooManyFailed = spec.maxFailedIndexes !== undefined && failed.length > spec.maxFailedIndexes;
    if (tooManyFailed) conditions.push({ type: 'Failed', status: 'True', reason: 'MaxFailedIndexesExceeded', lastTransitionTime: now });
    else if (succeeded.length + failed.length === spec.completions) {
      conditions.push(failed.length > 0 ? { type: 'Failed', status: 'True', reason: 'FailedIndexes', lastTransitionTime: now } : { type: 'Complete', status: 'True', lastTransitionTime: now });
    } else if (spec.suspend === true) conditions.push({ type: 'Suspended', status: 'True', reason: 'JobSuspended', lastTransitionTime: now });
    if (tooManyFailed) for (const r of s.running.values()) r.container.kill('SIGKILL');
    const status = {
      active: s.running.size,
      succeeded: succeeded.length,
      failed: [...s.indexes.values()].reduce((n, v) => n + v.failures + v.ignored, 0),
      ...(succeeded.length > 0 ? { completedIndexes: intervals(succeeded) } : {}),
      ...(failed.length > 0 ? { failedIndexes: intervals(failed) } : {}),
      ...(conditions.length > 0 ? { conditions } : {}),
    };
    const current = this.api.store.get('jobs', job.metadata.namespace ?? 'default', job.metadata.name);
    if (!current || current.metadata.uid !== job.metadata.uid) return;
    if (JSON.stringify(current['status']) === JSON.stringify(status)) return;
    this.api.store.update('jobs', job.metadata.namespace ?? 'default', { ...current, status });
  }

  private removePod(ns: string, name: string): void {
    if (this.api.store.get('pods', ns, name)) this.api.store.remove('pods', ns, name);
  }

  /** Garbage collection of a deleted owner's dependents (pods, ConfigMaps); Foreground removes the owner last. */
  private deleted(resource: string, owner: Obj, propagation: string): void {
    if (resource !== 'jobs' || propagation === 'Orphan') return;
    const uid = owner.metadata.uid ?? '';
    const ns = owner.metadata.namespace ?? 'default';
    setImmediate(() => {
      const s = this.jobs.get(uid);
      for (const r of s?.running.values() ?? []) r.container.kill('SIGKILL');
      this.jobs.delete(uid);
      for (const res of ['pods', 'configmaps']) {
        for (const o of this.api.store.list(res, ns)) {
          if (o.metadata.ownerReferences?.some((ref) => ref.uid === uid)) this.api.store.remove(res, ns, o.metadata.name);
        }
      }
      if (propagation === 'Foreground' && this.api.store.get('jobs', ns, owner.metadata.name)?.metadata.uid === uid) this.api.store.remove('jobs', ns, owner.metadata.name);
    });
  }
}

function finished(job: Obj): boolean {
  const conditions = ((job['status'] ?? {}) as { conditions?: Array<{ type: string; status: string }> }).conditions ?? [];
  return conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function policyAction(spec: JobSpec, exitCode: number, conditions: ReadonlyArray<{ type: string; status: string }>): string | undefined {
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    if (rule.onPodConditions?.some((pc) => conditions.some((c) => c.type === pc.type && c.status === 'True'))) return rule.action;
    const codes = rule.onExitCodes;
    if (codes && (codes.operator === 'In') === codes.values.includes(exitCode)) return rule.action;
  }
  return undefined;
}

/** [0,1,2,4,6,7] -> "0-2,4,6,7" (the Job status format; runs of 3 or more become ranges). */
export function intervals(sorted: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    const a = sorted[i] as number;
    const b = sorted[j] as number;
    out.push(j - i >= 2 ? `${a}-${b}` : j === i ? String(a) : `${a},${b}`);
    i = j + 1;
  }
  return out.join(',');
}
