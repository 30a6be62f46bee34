/**
 * The slice of the Kubernetes API the controller uses (ConfigMaps, Jobs, Pods; list, watch,
 * create, read, merge-patch, delete), every call retried per retry.ts. RBAC: exactly what
 * deploy/rbac.yaml grants.
 */
import { BatchV1Api, CoreV1Api, PatchStrategy, Watch, setHeaderOptions, type KubeConfig, type V1ConfigMap, type V1Job, type V1Pod } from '@kubernetes/client-node';
import { defaultRetryPolicy, withRetry, type RetryPolicy } from './retry.js';

export interface Listed<T> {
  items: T[];
  resourceVersion: string;
}

export type WatchEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'; object: unknown };

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export class KubeApi {
  private readonly batch: BatchV1Api;
  private readonly core: CoreV1Api;
  private readonly watcher: Watch;

  constructor(
    readonly kc: KubeConfig,
    readonly namespace: string,
    private readonly retry: RetryPolicy = defaultRetryPolicy,
    private readonly signal?: AbortSignal,
  ) {
    this.batch = kc.makeApiClient(BatchV1Api);
    this.core = kc.makeApiClient(CoreV1Api);
    this.watcher = new Watch(kc);
  }

  private call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(what, fn, this.retry, this.signal);
  }

  createConfigMap(body: object): Promise<V1ConfigMap> {
    return this.call('create ConfigMap', () => this.core.createNamespacedConfigMap({ namespace: this.namespace, body: body }));
  }

  readConfigMap(name: string): Promise<V1ConfigMap> {
    return this.call(`read ConfigMap ${name}`, () => this.core.readNamespacedConfigMap({ namespace: this.namespace, name }));
  }

  patchConfigMap(name: string, patch: object): Promise<V1ConfigMap> {
    return this.call(`patch ConfigMap ${name}`, () => this.core.patchNamespacedConfigMap({ namespace: this.namespace, name, body: patch }, mergePatch));
  }

  createJob(body: object): Promise<V1Job> {
    return this.call('create Job', () => this.batch.createNamespacedJob({ namespace: this.namespace, body: body }));
  }

  readJob(name: string): Promise<V1Job> {
    return this.call(`read Job ${name}`, () => this.batch.readNamespacedJob({ namespace: this.namespace, name }));
  }

  patchJob(name: string, patch: object): Promise<V1Job> {
    return this.call(`patch Job ${name}`, () => this.batch.patchNamespacedJob({ namespace: this.namespace, name, body: patch }, mergePatch));
  }

  async deleteJob(name: string): Promise<void> {
    await this.call(`delete Job ${name}`, () => this.batch.deleteNamespacedJob({ namespace: this.namespace, name, propagationPolicy: 'Foreground' }));
  }

  async listJobs(labelSelector: string): Promise<Listed<V1Job>> {
    const l = await this.call('list Jobs', () => this.batch.listNamespacedJob({ namespace: this.namespace, labelSelector }));
    return { items: l.items, resourceVersion: l.metadata?.resourceVersion ?? '' };
  }

  async listPods(labelSelector: string): Promise<Listed<V1Pod>> {
    const l = await this.call('list Pods', () => this.core.listNamespacedPod({ namespace: this.namespace, labelSelector }));
    return { items: l.items, resourceVersion: l.metadata?.resourceVersion ?? '' };
  }

  /** Opens a watch; `done` is called once when it ends (closed, failed or aborted). */
  watch(resource: 'jobs' | 'pods', query: Record<string, string>, onEvent: (e: WatchEvent) => void, done: (err: unknown) => void): Promise<AbortController> {
    const path = resource === 'jobs' ? `/apis/batch/v1/namespaces/${this.namespace}/jobs` : `/api/v1/namespaces/${this.namespace}/pods`;
    return this.watcher.watch(path, query, (type: string, object: unknown) => onEvent({ type: type as WatchEvent['type'], object }), done);
  }
}
