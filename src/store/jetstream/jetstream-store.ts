/**
 * A ResultsStore on NATS JetStream, readable from any machine that reaches the server:
 *   stream ZAPSWEEP_RESULTS, subject zapsweep-results.<id>   the stored event log (msg id = dedup key)
 *   KV zapsweep-sweeps   <id> -> SweepRecord (status: what watchers follow)
 *   KV zapsweep-specs    <id> -> the spec text
 *   KV zapsweep-summary  <id> -> the results JSON
 *   KV zapsweep-leases   <id> -> { host, pid } of the controller running it, a lease (lease-lock.ts)
 * The transport stream (ZAPSWEEP) is the inbox; this log holds what the controller validated and
 * de-duplicated, whichever transport brought it. Local workers read the spec from a cache file
 * (`specPath`), written whenever the record is read or created.
 * Limits: a spec must fit one message (the server's max_payload, less room for headers); it is
 * checked before anything is written, and a create that fails part-way is rolled back.
 * Retention: `resultsMaxAgeMs` sets the results stream's max age (default: kept until `rm`);
 * `removeSweep` purges one sweep everywhere (results, its transport events, consumer, keys).
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { jetstream, jetstreamManager, JetStreamApiError, StorageType, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { dedupKey, type TrialEvent } from '../../transport/events.js';
import { backoffDelay, defaultBackoff } from '../../transport/nats/backoff.js';
import { controllerConsumer, ensureStream, eventStream, sweepFilter } from '../../transport/nats/streams.js';
import { checkSweepId, parseRecord, parseStoredEvent, sweepIdPattern } from '../records.js';
import { prepareStoreDir } from '../store-dir.js';
import { SpecTooLargeError, StoreWriteError } from '../store-errors.js';
import { StoreError, type RemovableStore, type ResultsStore, type SweepRecord, type SweepStatus, type WatchableStore } from '../types.js';
import { LeaseLocks, type LeaseOptions } from './lease-lock.js';
import { readSubject } from './read-subject.js';
import { DriftReportKv } from './drift-report-kv.js';

export const resultsStream = 'ZAPSWEEP_RESULTS';
const resultsSubject = (id: string): string => `zapsweep-results.${id}`;
/** Room left in a message for NATS headers when checking a spec against max_payload. */
export const headerAllowance = 4096;
/** Acked publishes kept in flight by `append`. */
const window = 1000;
const appendDeadlineMs = 5 * 60_000;

interface Buckets {
  sweeps: KV;
  specs: KV;
  summary: KV;
}

export interface JetStreamStoreOptions {
  cacheDir: string;
  label: string;
  /** Max age of the results stream (ms); applied to an existing stream too. Default: no limit. */
  resultsMaxAgeMs?: number;
  lease?: LeaseOptions;
}

export class JetStreamStore implements ResultsStore, WatchableStore, RemovableStore {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly kv: Buckets,
    private readonly leases: LeaseLocks,
    /** Where spec files for local workers are cached. */
    private readonly cacheDir: string,
    /** Shown in messages ("no sweep X in <root>"). */
    readonly root: string,
  ) {}

  /** Ensures the stream and buckets. The store does not own `nc`: close it yourself. */
  static async open(nc: NatsConnection, o: JetStreamStoreOptions): Promise<JetStreamStore> {
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm, resultsStream, 'zapsweep-results.>', o.resultsMaxAgeMs === undefined ? {} : { maxAgeMs: o.resultsMaxAgeMs });
    const kvm = new Kvm(nc);
    const bucket = (name: string): Promise<KV> => kvm.create(name, { history: 1, storage: StorageType.File });
    const [sweeps, specs, summary, leases] = await Promise.all([bucket('zapsweep-sweeps'), bucket('zapsweep-specs'), bucket('zapsweep-summary'), LeaseLocks.open(nc, o.lease)]);
    return new JetStreamStore(nc, jetstream(nc), jsm, { sweeps, specs, summary }, leases, o.cacheDir, o.label);
  }

  private check(id: string): string {
    return checkSweepId(id);
  }

  /** The largest spec this server takes in one message. */
  get maxSpecBytes(): number {
    return (this.nc.info?.max_payload ?? 1024 * 1024) - headerAllowance;
  }

  /** Sizes first, then the record (claims the id), then the spec; a failure removes what was written. */
  async createSweep(record: SweepRecord, specText: string): Promise<void> {
    const id = this.check(record.id);
    const bytes = Math.max(Buffer.byteLength(specText), Buffer.byteLength(JSON.stringify(record)));
    if (bytes > this.maxSpecBytes) throw new SpecTooLargeError(bytes, this.maxSpecBytes, `${this.root} (max_payload ${this.nc.info?.max_payload ?? 'unknown'} bytes, less ${headerAllowance} for headers)`);
    // Where local workers will read the spec must be usable too, before anything is stored.
    await prepareStoreDir(join(this.cacheDir, 'nats-specs'));
    try {
      await this.kv.sweeps.create(id, JSON.stringify(record));
    } catch (cause) {
      const existing = await this.kv.sweeps.get(id).catch(() => null);
      if (existing && existing.operation === 'PUT') throw new StoreError(`sweep ${id} already exists in ${this.root}`, { cause });
      throw new StoreWriteError(`${this.root} sweep ${id}`, cause, 'create');
    }
    try {
      await this.kv.specs.put(id, specText);
      await this.cacheSpec(id, specText);
    } catch (cause) {
      await this.kv.specs.purge(id).catch(() => undefined);
      await this.kv.sweeps.purge(id).catch(() => undefined);
      throw new StoreWriteError(`${this.root} spec of sweep ${id}`, cause, 'store');
    }
  }

  async getSweep(id: string): Promise<SweepRecord | undefined> {
    const entry = await this.kv.sweeps.get(this.check(id));
    if (!entry || entry.operation !== 'PUT') return undefined;
    const record = parseRecord(entry.string(), `${this.root} sweep ${id}`);
    if (!existsSync(this.specPath(id))) {
      // A record without its spec (half-created by an older version) is still listed, so `rm` can remove it.
      const spec = await this.kv.specs.get(id);
      if (spec && spec.operation === 'PUT') await this.cacheSpec(id, spec.string());
    }
    return record;
  }

  async listSweeps(): Promise<SweepRecord[]> {
    const ids: string[] = [];
    for await (const k of await this.kv.sweeps.keys()) ids.push(k);
    const records = await Promise.all(
      ids.filter((k) => sweepIdPattern.test(k)).map(async (k) => {
        const e = await this.kv.sweeps.get(k);
        return e && e.operation === 'PUT' ? parseRecord(e.string(), k) : undefined;
      }),
    );
    return records.filter((r): r is SweepRecord => r !== undefined).sort((a, b) => a.createdAt - b.createdAt);
  }

  async specText(id: string): Promise<string> {
    const entry = await this.kv.specs.get(this.check(id));
    if (!entry || entry.operation !== 'PUT') throw new StoreError(`no spec stored for sweep ${id} in ${this.root}`);
    return entry.string();
  }

  specPath(id: string): string {
    return join(this.cacheDir, 'nats-specs', this.check(id), 'spec.yaml');
  }

  async updateStatus(id: string, status: SweepStatus, now: number): Promise<void> {
    const record = await this.getSweep(id);
    if (!record) throw new StoreError(`no sweep ${id} in ${this.root}`);
    try {
      await this.kv.sweeps.put(id, JSON.stringify({ ...record, status, updatedAt: now }));
    } catch (cause) {
      throw new StoreWriteError(`${this.root} sweep ${id}`, cause, 'update the status of');
    }
  }

  /** Durable when it resolves: every publish acked by the server (up to `window` in flight). */
  async append(sweepId: string, events: readonly TrialEvent[]): Promise<void> {
    const subject = resultsSubject(this.check(sweepId));
    for (let i = 0; i < events.length; i += window) {
      await Promise.all(events.slice(i, i + window).map((e) => this.publishDurably(subject, e)));
    }
  }

  /** Rides out a server restart: retries (same message id, so stored once) for up to `appendDeadlineMs`. */
  private async publishDurably(subject: string, e: TrialEvent): Promise<void> {
    const data = JSON.stringify(e);
    const since = Date.now();
    for (let failures = 1; ; failures++) {
      try {
        await this.js.publish(subject, data, { msgID: dedupKey(e), timeout: 5000 });
        return;
      } catch (cause) {
        // The server's storage is full or a stream limit is hit: retrying cannot help, fail at once.
        if (isStorageFull(cause) || Date.now() - since > appendDeadlineMs) throw new StoreWriteError(`${this.root} subject ${subject}`, cause, 'store events on');
        await sleep(backoffDelay(defaultBackoff, failures, Math.random()));
      }
    }
  }

  async saveSummary(sweepId: string, summary: unknown): Promise<void> {
    try {
      await this.kv.summary.put(this.check(sweepId), JSON.stringify(summary));
    } catch (cause) {
      throw new StoreWriteError(`${this.root} summary of sweep ${sweepId}`, cause, 'store');
    }
  }

  // DriftReportStore (src/schedule): KV zapsweep-drift, opened on first use.
  private driftKv: DriftReportKv | undefined;
  saveDriftReport(sweepId: string, report: unknown): Promise<void> {
    this.driftKv ??= new DriftReportKv(this.nc);
    return this.driftKv.save(this.check(sweepId), report);
  }
  readDriftReport(sweepId: string): Promise<unknown> {
    this.driftKv ??= new DriftReportKv(this.nc);
    return this.driftKv.read(this.check(sweepId));
  }

  async readEvents(sweepId: string): Promise<{ events: TrialEvent[]; malformed: number }> {
    const events: TrialEvent[] = [];
    let malformed = 0;
    for await (const text of readSubject(this.js, this.jsm, resultsStream, resultsSubject(this.check(sweepId)), { follow: false })) {
      const parsed = parseStoredEvent(text);
      if (parsed) events.push(parsed);
      else malformed++;
    }
    return { events, malformed };
  }

  async *watchEvents(sweepId: string, signal: AbortSignal, options?: { fromStart?: boolean }): AsyncIterable<TrialEvent> {
    const o = { follow: true, signal, ...(options?.fromStart === undefined ? {} : { fromStart: options.fromStart }) };
    for await (const text of readSubject(this.js, this.jsm, resultsStream, resultsSubject(this.check(sweepId)), o)) {
      const parsed = parseStoredEvent(text);
      if (parsed) yield parsed;
    }
  }

  /** One controller per sweep, as a lease that expires by itself when its holder dies (lease-lock.ts). */
  lock(sweepId: string, pid: number = process.pid): Promise<() => Promise<void>> {
    return this.leases.acquire(this.check(sweepId), pid);
  }

  /** The lease length (ms) of this server's lock bucket. */
  get leaseTtlMs(): number {
    return this.leases.ttlMs;
  }

  /**
   * Removes a sweep everywhere: its stored results, its events on the transport stream, the
   * controller's durable consumer, its keys and cached spec. Refuses while a controller holds it.
   * The record goes last, so a removal cut short can simply be run again.
   */
  async removeSweep(sweepId: string): Promise<void> {
    const id = this.check(sweepId);
    const spec = await this.kv.specs.get(id).catch(() => null);
    if (!(await this.getSweep(id).catch(() => undefined)) && spec?.operation !== 'PUT') throw new StoreError(`no sweep ${id} in ${this.root}`);
    const release = await this.lock(id);
    const step = async (what: string, f: () => Promise<unknown>, absentOk: RegExp = /not found/i): Promise<void> => {
      try {
        await f();
      } catch (cause) {
        if (!absentOk.test(String(cause))) throw new StoreWriteError(`${this.root} ${what} of sweep ${id}`, cause, 'remove');
      }
    };
    try {
      await step('results', () => this.jsm.streams.purge(resultsStream, { filter: resultsSubject(id) }));
      await step('transport events', () => this.jsm.streams.purge(eventStream, { filter: sweepFilter(id) }));
      await step('consumer', () => this.jsm.consumers.delete(eventStream, controllerConsumer(id)));
      await step('summary', () => this.kv.summary.purge(id));
      await step('spec', () => this.kv.specs.purge(id));
      await step('record', () => this.kv.sweeps.purge(id));
      await step('drift report', () => (this.driftKv ??= new DriftReportKv(this.nc)).remove(id));
      await rm(join(this.cacheDir, 'nats-specs', id), { recursive: true, force: true });
    } finally {
      await release();
    }
  }

  /** True while the connection is usable (diagnostics). */
  get connected(): boolean {
    return !this.nc.isClosed();
  }

  /** The local copy workers read. Directories one level at a time (store-dir.ts: no /proc mkdir loop). */
  private async cacheSpec(id: string, text: string): Promise<void> {
    const file = this.specPath(id);
    await prepareStoreDir(join(file, '..'));
    try {
      await writeFile(file, text);
    } catch (cause) {
      throw new StoreWriteError(file, cause, 'write the spec cache');
    }
  }
}

/** A JetStream answer that more tries cannot change: out of storage, or a stream's size limits. */
function isStorageFull(cause: unknown): boolean {
  return cause instanceof JetStreamApiError && /insufficient (storage|resources)|maximum (bytes|messages)|exceeds maximum|storage limit/i.test(cause.message);
}
