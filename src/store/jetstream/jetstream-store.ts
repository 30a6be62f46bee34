/**
 * A ResultsStore on NATS JetStream, readable from any machine that reaches the server:
 *   stream ZAPSWEEP_RESULTS, subject zapsweep-results.<id>   the stored event log (msg id = dedup key)
 *   KV zapsweep-sweeps   <id> -> SweepRecord (status: what watchers follow)
 *   KV zapsweep-specs    <id> -> the spec text
 *   KV zapsweep-summary  <id> -> the results JSON
 *   KV zapsweep-locks    <id> -> { host, pid } of the controller running it
 * The transport stream (ZAPSWEEP) is the inbox; this log holds what the controller validated and
 * de-duplicated, whichever transport brought it. Local workers read the spec from a cache file
 * (`specPath`), written whenever the record is read or created.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { jetstream, jetstreamManager, StorageType, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { dedupKey, parseEvent, type TrialEvent } from '../../transport/events.js';
import { backoffDelay, defaultBackoff } from '../../transport/nats/backoff.js';
import { ensureStream } from '../../transport/nats/streams.js';
import { StoreError, sweepStatuses, type ResultsStore, type SweepRecord, type SweepStatus, type WatchableStore } from '../types.js';
import { readSubject } from './read-subject.js';
import { DriftReportKv } from './drift-report-kv.js';

export const resultsStream = 'ZAPSWEEP_RESULTS';
const resultsSubject = (id: string): string => `zapsweep-results.${id}`;
const idPattern = /^[a-z0-9][-a-z0-9]*$/;
/** Acked publishes kept in flight by `append`. */
const window = 1000;
const appendDeadlineMs = 5 * 60_000;

interface Buckets {
  sweeps: KV;
  specs: KV;
  summary: KV;
  locks: KV;
}

export class JetStreamStore implements ResultsStore, WatchableStore {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly kv: Buckets,
    /** Where spec files for local workers are cached. */
    private readonly cacheDir: string,
    /** Shown in messages ("no sweep X in <root>"). */
    readonly root: string,
  ) {}

  /** Ensures the stream and buckets. The store does not own `nc`: close it yourself. */
  static async open(nc: NatsConnection, o: { cacheDir: string; label: string }): Promise<JetStreamStore> {
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm, resultsStream, 'zapsweep-results.>');
    const kvm = new Kvm(nc);
    const bucket = (name: string): Promise<KV> => kvm.create(name, { history: 1, storage: StorageType.File });
    const [sweeps, specs, summary, locks] = await Promise.all([bucket('zapsweep-sweeps'), bucket('zapsweep-specs'), bucket('zapsweep-summary'), bucket('zapsweep-locks')]);
    return new JetStreamStore(nc, jetstream(nc), jsm, { sweeps, specs, summary, locks }, o.cacheDir, o.label);
  }

  private check(id: string): string {
    if (!idPattern.test(id)) throw new StoreError(`invalid sweep id "${id}": expected lower-case letters, digits and "-"`);
    return id;
  }

  async createSweep(record: SweepRecord, specText: string): Promise<void> {
    const id = this.check(record.id);
    try {
      await this.kv.sweeps.create(id, JSON.stringify(record));
    } catch (cause) {
      throw new StoreError(`sweep ${id} already exists in ${this.root}`, { cause });
    }
    await this.kv.specs.put(id, specText);
    await this.cacheSpec(id, specText);
  }

  async getSweep(id: string): Promise<SweepRecord | undefined> {
    const entry = await this.kv.sweeps.get(this.check(id));
    if (!entry || entry.operation !== 'PUT') return undefined;
    const record = parseRecord(entry.string(), `${this.root} sweep ${id}`);
    if (!existsSync(this.specPath(id))) await this.cacheSpec(id, await this.specText(id));
    return record;
  }

  async listSweeps(): Promise<SweepRecord[]> {
    const ids: string[] = [];
    for await (const k of await this.kv.sweeps.keys()) ids.push(k);
    const records = await Promise.all(
      ids.filter((k) => idPattern.test(k)).map(async (k) => {
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
    await this.kv.sweeps.put(id, JSON.stringify({ ...record, status, updatedAt: now }));
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
        if (Date.now() - since > appendDeadlineMs) throw new StoreError(`could not store events in ${this.root}: ${String(cause)}`, { cause, exitCode: 1 });
        await sleep(backoffDelay(defaultBackoff, failures, Math.random()));
      }
    }
  }

  async saveSummary(sweepId: string, summary: unknown): Promise<void> {
    await this.kv.summary.put(this.check(sweepId), JSON.stringify(summary));
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
      const parsed = parseText(text);
      if (parsed) events.push(parsed);
      else malformed++;
    }
    return { events, malformed };
  }

  async *watchEvents(sweepId: string, signal: AbortSignal, options?: { fromStart?: boolean }): AsyncIterable<TrialEvent> {
    const o = { follow: true, signal, ...(options?.fromStart === undefined ? {} : { fromStart: options.fromStart }) };
    for await (const text of readSubject(this.js, this.jsm, resultsStream, resultsSubject(this.check(sweepId)), o)) {
      const parsed = parseText(text);
      if (parsed) yield parsed;
    }
  }

  /** One controller per sweep; a lock left by a dead process on this host is taken over. */
  async lock(sweepId: string, pid: number = process.pid): Promise<() => Promise<void>> {
    const id = this.check(sweepId);
    const me = JSON.stringify({ host: hostname(), pid });
    for (let tries = 0; tries < 2; tries++) {
      try {
        await this.kv.locks.create(id, me);
        return () => this.kv.locks.delete(id).catch(() => undefined);
      } catch {
        const e = await this.kv.locks.get(id);
        const holder = e && e.operation === 'PUT' ? (JSON.parse(e.string()) as { host?: string; pid?: number }) : undefined;
        if (holder && !(holder.host === hostname() && (holder.pid === pid || !isAlive(holder.pid ?? 0)))) {
          throw new StoreError(`sweep ${id} is being run by another controller (pid ${String(holder.pid)} on ${String(holder.host)}); if it is dead, delete key ${id} of KV bucket zapsweep-locks`);
        }
        await this.kv.locks.purge(id).catch(() => undefined);
      }
    }
    throw new StoreError(`could not lock sweep ${id} in ${this.root}`);
  }

  /** True while the connection is usable (diagnostics). */
  get connected(): boolean {
    return !this.nc.isClosed();
  }

  private async cacheSpec(id: string, text: string): Promise<void> {
    const file = this.specPath(id);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, text);
  }
}

function parseText(text: string): TrialEvent | undefined {
  try {
    const parsed = parseEvent(JSON.parse(text));
    return parsed.ok ? parsed.event : undefined;
  } catch {
    return undefined;
  }
}

function parseRecord(text: string, where: string): SweepRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new StoreError(`${where}: not valid JSON`, { cause });
  }
  const r = raw as Partial<SweepRecord>;
  if (typeof r.id !== 'string' || typeof r.name !== 'string' || !sweepStatuses.includes(r.status as SweepStatus)) {
    throw new StoreError(`${where}: not a sweep record (expected id, name and status)`);
  }
  return r as SweepRecord;
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
