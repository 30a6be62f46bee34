/**
 * A Kubernetes API double over real HTTP: the REST and watch protocol for ConfigMaps, Pods and
 * Jobs (list with labelSelector and resourceVersion, get, create, replace, merge patch, delete with
 * propagation, watch with bookmarks and 410 Gone), plus fault injection: queued error answers
 * (500, 429 with Retry-After), dropped watches, compaction. Counts every request.
 * Not a validator: it stores what it is given (tests validate manifests separately).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, ObjectStore, type Change, type Obj } from './object-store.js';
import { parseSelector } from './selector.js';

const resources: Record<string, { group: string; kind: string }> = {
  configmaps: { group: 'v1', kind: 'ConfigMap' },
  pods: { group: 'v1', kind: 'Pod' },
  jobs: { group: 'batch/v1', kind: 'Job' },
};

interface Route {
  resource: string;
  namespace: string | undefined;
  name: string | undefined;
  sub: string | undefined;
}

export interface Fault {
  code: number;
  /** Only requests this matches (default: every non-watch request). */
  match?: (method: string, path: string) => boolean;
  retryAfterSeconds?: number;
}

export class KubeApiDouble {
  readonly store = new ObjectStore();
  readonly requests: Array<{ method: string; path: string; watch: boolean }> = [];
  private readonly faults: Fault[] = [];
  private readonly watches = new Set<ServerResponse>();
  private server: Server | undefined;
  /** Hook for the Job controller: deletions with propagation (it owns the pods' processes). */
  onDelete: ((resource: string, obj: Obj, propagation: string) => void) | undefined;
  bookmarkIntervalMs = 1000;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.dropWatches();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `count` matching requests fail with `fault.code`. */
  injectFault(fault: Fault, count = 1): void {
    for (let i = 0; i < count; i++) this.faults.push(fault);
  }

  /** Close every open watch (the client sees its stream end). */
  dropWatches(): void {
    for (const w of this.watches) w.destroy();
    this.watches.clear();
  }

  get openWatches(): number {
    return this.watches.size;
  }

  countRequests(filter: (r: { method: string; path: string; watch: boolean }) => boolean = () => true): number {
    return this.requests.filter(filter).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, watch });
    try {
      const body = await readBody(req);
      const fault = watch ? undefined : this.takeFault(method, url.pathname);
      if (fault) {
        const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
        send(res, fault.code, status(fault.code, fault.code === 429 ? 'TooManyRequests' : 'InternalError', 'injected fault'), headers);
        return;
      }
      const route = parseRoute(url.pathname);
      if (!route) throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`);
      if (watch) return this.watch(route, url, res);
      send(res, ...this.serve(method, route, url, body));
    } catch (err) {
      if (err instanceof ApiError) send(res, err.code, status(err.code, err.reason, err.message));
      else send(res, 500, status(500, 'InternalError', String(err)));
    }
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.match === undefined || f.match(method, path));
    if (i < 0) return undefined;
    return this.faults.splice(i, 1)[0];
  }

  private serve(method: string, r: Route, url: URL, body: unknown): [number, unknown] {
    const { kind, group } = resources[r.resource] ?? { kind: '', group: '' };
    const ns = r.namespace ?? 'default';
    if (r.sub === 'log') {
      const pod = this.store.mustGet('pods', ns, r.name ?? '', 'Pod');
      return [200, String((pod.metadata.annotations ?? {})['zapsweep.test/log'] ?? '')];
    }
    if (r.name === undefined) {
      if (method === 'GET') {
        const select = parseSelector(url.searchParams.get('labelSelector') ?? undefined);
        const items = this.store.list(r.resource, r.namespace).filter((o) => select(o.metadata.labels ?? {}));
        return [200, { kind: `${kind}List`, apiVersion: group, metadata: { resourceVersion: String(this.store.resourceVersion) }, items }];
      }
      if (method === 'POST') {
        const obj = body as Obj;
        if (!obj?.metadata?.name) throw new ApiError(422, 'Invalid', `${kind}.metadata.name: Required value`);
        return [201, this.store.create(r.resource, ns, { ...obj, apiVersion: group, kind })];
      }
      throw new ApiError(405, 'MethodNotAllowed', `${method} on a collection`);
    }
    switch (method) {
      case 'GET':
        return [200, this.store.mustGet(r.resource, ns, r.name, kind)];
      case 'PUT':
        return [200, this.store.update(r.resource, ns, { ...(body as Obj), apiVersion: group, kind })];
      case 'PATCH': {
        const current = this.store.mustGet(r.resource, ns, r.name, kind);
        const patched = mergePatch(structuredClone(current), body) as Obj;
        const rv = (body as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion;
        if (rv === undefined) patched.metadata.resourceVersion = current.metadata.resourceVersion ?? '';
        return [200, this.store.update(r.resource, ns, patched)];
      }
      case 'DELETE': {
        const current = this.store.mustGet(r.resource, ns, r.name, kind);
        const propagation = url.searchParams.get('propagationPolicy') ?? (body as { propagationPolicy?: string } | null)?.propagationPolicy ?? 'Background';
        if (propagation === 'Foreground' && this.onDelete) {
          // Foreground: the owner stays, marked, until the garbage collector removed its dependents.
          const marked = structuredClone(current);
          marked.metadata.deletionTimestamp = new Date().toISOString();
          marked.metadata.finalizers = [...(marked.metadata.finalizers ?? []), 'foregroundDeletion'];
          const stored = this.store.update(r.resource, ns, marked);
          this.onDelete(r.resource, stored, propagation);
          return [200, stored];
        }
        const gone = this.store.remove(r.resource, ns, r.name);
        this.onDelete?.(r.resource, gone, propagation);
        return [200, gone];
      }
      default:
        throw new ApiError(405, 'MethodNotAllowed', method);
    }
  }

  private watch(r: Route, url: URL, res: ServerResponse): void {
    const select = parseSelector(url.searchParams.get('labelSelector') ?? undefined);
    const from = url.searchParams.get('resourceVersion');
    const bookmarks = url.searchParams.get('allowWatchBookmarks') === 'true';
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '0');
    const matches = (o: Obj): boolean => (r.namespace === undefined || o.metadata.namespace === r.namespace) && select(o.metadata.labels ?? {});
    let backlog: Change[];
    try {
      backlog =
        from === null || from === '' || from === '0'
          ? this.store.list(r.resource, r.namespace).map((o) => ({ resource: r.resource, type: 'ADDED' as const, object: o, rv: Number(o.metadata.resourceVersion) }))
          : this.store.since(r.resource, Number(from));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // The real server answers 200 and sends the 410 as an ERROR event.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'ERROR', object: status(err.code, err.reason, err.message) }) + '\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    this.watches.add(res);
    const write = (type: string, object: unknown): void => void res.write(JSON.stringify({ type, object }) + '\n');
    for (const c of backlog) if (matches(c.object)) write(c.type, c.object);
    const unsubscribe = this.store.subscribe((c) => {
      if (c.resource === r.resource && matches(c.object)) write(c.type, c.object);
    });
    const { kind, group } = resources[r.resource] ?? { kind: '', group: '' };
    const bookmark = bookmarks
      ? setInterval(() => write('BOOKMARK', { kind, apiVersion: group, metadata: { resourceVersion: String(this.store.resourceVersion) } }), this.bookmarkIntervalMs)
      : undefined;
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    const close = (): void => {
      unsubscribe();
      clearInterval(bookmark);
      clearTimeout(timer);
      this.watches.delete(res);
    };
    res.on('close', close);
  }
}

function parseRoute(path: string): Route | undefined {
  const m = /^\/(?:api\/v1|apis\/batch\/v1)(?:\/namespaces\/([^/]+))?\/(configmaps|pods|jobs)(?:\/([^/]+))?(?:\/(log|status))?$/.exec(path);
  if (!m) return undefined;
  const [, namespace, resource = '', name, sub] = m;
  const expected = resources[resource]?.group === 'batch/v1' ? '/apis/batch/v1' : '/api/v1';
  if (!path.startsWith(expected)) return undefined;
  return { resource, namespace, name, sub };
}

function status(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function send(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'BadRequest', 'the request body is not JSON');
  }
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
