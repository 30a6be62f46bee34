/**
 * The API double's storage: objects per resource, one resourceVersion counter for all (as etcd's
 * revision), and a bounded history of changes so a watch can resume from a resourceVersion; one
 * older than the history gets 410 Gone, as from a compacted etcd.
 */
import { randomUUID } from 'node:crypto';

export type Obj = Record<string, unknown> & { metadata: Meta };
export interface Meta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
  [k: string]: unknown;
}
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface Change {
  resource: string;
  type: EventType;
  object: Obj;
  rv: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export class ObjectStore {
  private rv = 1;
  private readonly objects = new Map<string, Map<string, Obj>>();
  private history: Change[] = [];
  private readonly listeners = new Set<(c: Change) => void>();
  /** Oldest resourceVersion a watch may resume from. */
  oldestRv = 1;

  constructor(private readonly historyLimit = 100_000) {}

  get resourceVersion(): number {
    return this.rv;
  }

  private bucket(resource: string): Map<string, Obj> {
    let b = this.objects.get(resource);
    if (!b) this.objects.set(resource, (b = new Map<string, Obj>()));
    return b;
  }

  private key(ns: string, name: string): string {
    return `${ns}/${name}`;
  }

  list(resource: string, ns: string | undefined): Obj[] {
    return [...this.bucket(resource).values()].filter((o) => ns === undefined || o.metadata.namespace === ns);
  }

  get(resource: string, ns: string, name: string): Obj | undefined {
    return this.bucket(resource).get(this.key(ns, name));
  }

  mustGet(resource: string, ns: string, name: string, kind: string): Obj {
    const o = this.get(resource, ns, name);
    if (!o) throw new ApiError(404, 'NotFound', `${resource} "${name}" not found`);
    void kind;
    return o;
  }

  create(resource: string, ns: string, obj: Obj): Obj {
    const name = obj.metadata.name;
    if (this.get(resource, ns, name)) throw new ApiError(409, 'AlreadyExists', `${resource} "${name}" already exists`);
    const stored: Obj = structuredClone(obj);
    stored.metadata = { ...stored.metadata, namespace: ns, uid: randomUUID(), generation: 1, creationTimestamp: new Date().toISOString() };
    return this.write(resource, 'ADDED', stored);
  }

  /** Replace an object; a stale metadata.resourceVersion is a 409 Conflict. */
  update(resource: string, ns: string, obj: Obj): Obj {
    const current = this.mustGet(resource, ns, obj.metadata.name, resource);
    if (obj.metadata.resourceVersion !== undefined && obj.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${obj.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    const next: Obj = structuredClone(obj);
    const specChanged = JSON.stringify(next['spec']) !== JSON.stringify(current['spec']);
    next.metadata = {
      ...next.metadata,
      namespace: ns,
      uid: current.metadata.uid ?? '',
      creationTimestamp: current.metadata.creationTimestamp ?? '',
      generation: (current.metadata.generation ?? 1) + (specChanged ? 1 : 0),
    };
    return this.write(resource, 'MODIFIED', next);
  }

  remove(resource: string, ns: string, name: string): Obj {
    const current = this.mustGet(resource, ns, name, resource);
    this.bucket(resource).delete(this.key(ns, name));
    const gone: Obj = structuredClone(current);
    gone.metadata = { ...gone.metadata, resourceVersion: String(++this.rv) };
    this.record({ resource, type: 'DELETED', object: gone, rv: this.rv });
    return gone;
  }

  private write(resource: string, type: EventType, obj: Obj): Obj {
    obj.metadata.resourceVersion = String(++this.rv);
    this.bucket(resource).set(this.key(obj.metadata.namespace ?? '', obj.metadata.name), obj);
    this.record({ resource, type, object: structuredClone(obj), rv: this.rv });
    return obj;
  }

  private record(change: Change): void {
    this.history.push(change);
    if (this.history.length > this.historyLimit) {
      this.history = this.history.slice(-Math.floor(this.historyLimit / 2));
      this.oldestRv = this.history[0]?.rv ?? this.rv;
    }
    for (const l of this.listeners) l(change);
  }

  /** Changes after `rv` (exclusive); throws 410 when they are no longer kept. */
  since(resource: string, rv: number): Change[] {
    if (rv < this.oldestRv - 1) throw new ApiError(410, 'Expired', `too old resource version: ${rv} (${this.oldestRv})`);
    return this.history.filter((c) => c.resource === resource && c.rv > rv);
  }

  /**
   * Forget the history, as etcd compaction does: a watch from any revision handed out so far gets
   * 410 Gone. The revision moves on by one, as if a change no watcher saw was compacted away too;
   * else a watcher that a bookmark had just brought to the latest revision could resume without a
   * 410, and a test of the 410 path would depend on timing.
   */
  compact(): void {
    this.rv++;
    this.history = [];
    this.oldestRv = this.rv + 1;
  }

  subscribe(listener: (c: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
