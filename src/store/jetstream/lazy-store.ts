/**
 * A JetStreamStore that connects on first use, so commands that never touch the store (the
 * worker) never connect, and an unreachable server fails the first store call with one sentence.
 * It owns the connection: `close()` releases it; `connection()` lends it (the controller's inbox).
 */
import { join } from 'node:path';
import ms from 'ms';
import type { NatsConnection } from '@nats-io/transport-node';
import type { TrialEvent } from '../../transport/events.js';
import { connectNats, describeServers, type NatsSettings } from '../../transport/nats/options.js';
import { StoreError, type RemovableStore, type ResultsStore, type SweepRecord, type SweepStatus, type WatchableStore } from '../types.js';
import { JetStreamStore } from './jetstream-store.js';
import type { LeaseOptions } from './lease-lock.js';

export interface LazyStoreOptions {
  /** Results stream max age (ms). Default: ZAPSWEEP_RESULTS_MAX_AGE (e.g. "30d"), else no limit. */
  resultsMaxAgeMs?: number;
  lease?: LeaseOptions;
}

/** ZAPSWEEP_RESULTS_MAX_AGE ("30d", "12h", "90m"): the results stream's max age; undefined when unset. */
export function resultsMaxAgeFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env['ZAPSWEEP_RESULTS_MAX_AGE'];
  if (text === undefined || text === '') return undefined;
  const value = /^\d+(\.\d+)?(ms|s|m|h|d)$/.test(text) ? ms(text as ms.StringValue) : NaN;
  if (!Number.isFinite(value) || value <= 0) throw new StoreError(`ZAPSWEEP_RESULTS_MAX_AGE: expected a duration such as 30d, 12h or 90m, found "${text}"`);
  return Math.round(value);
}

export class LazyJetStreamStore implements ResultsStore, WatchableStore, RemovableStore {
  readonly root: string;
  private opening: Promise<{ nc: NatsConnection; store: JetStreamStore }> | undefined;

  constructor(
    private readonly settings: NatsSettings,
    private readonly cacheDir: string,
    private readonly name = 'zapsweep',
    private readonly options: LazyStoreOptions = {},
  ) {
    this.root = `NATS JetStream at ${describeServers(settings)}`;
  }

  async connection(): Promise<NatsConnection> {
    return (await this.open()).nc;
  }

  private open(): Promise<{ nc: NatsConnection; store: JetStreamStore }> {
    this.opening ??= (async () => {
      const nc = await connectNats(this.settings, { name: this.name });
      try {
        const maxAge = this.options.resultsMaxAgeMs ?? resultsMaxAgeFromEnv();
        const store = await JetStreamStore.open(nc, {
          cacheDir: this.cacheDir,
          label: this.root,
          ...(maxAge === undefined ? {} : { resultsMaxAgeMs: maxAge }),
          ...(this.options.lease === undefined ? {} : { lease: this.options.lease }),
        });
        return { nc, store };
      } catch (err) {
        await nc.close();
        throw err;
      }
    })();
    return this.opening;
  }

  private async store(): Promise<JetStreamStore> {
    return (await this.open()).store;
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (!opening) return;
    const { nc } = await opening.catch(() => ({ nc: undefined }));
    await nc?.drain().catch(() => undefined);
  }

  async createSweep(record: SweepRecord, specText: string): Promise<void> {
    return (await this.store()).createSweep(record, specText);
  }
  async getSweep(id: string): Promise<SweepRecord | undefined> {
    return (await this.store()).getSweep(id);
  }
  async listSweeps(): Promise<SweepRecord[]> {
    return (await this.store()).listSweeps();
  }
  async specText(id: string): Promise<string> {
    return (await this.store()).specText(id);
  }
  specPath(id: string): string {
    // Same layout as JetStreamStore.specPath, without needing a connection.
    return join(this.cacheDir, 'nats-specs', id, 'spec.yaml');
  }
  async updateStatus(id: string, status: SweepStatus, now: number): Promise<void> {
    return (await this.store()).updateStatus(id, status, now);
  }
  async append(sweepId: string, events: readonly TrialEvent[]): Promise<void> {
    return (await this.store()).append(sweepId, events);
  }
  async saveSummary(sweepId: string, summary: unknown): Promise<void> {
    return (await this.store()).saveSummary(sweepId, summary);
  }
  async readEvents(sweepId: string): Promise<{ events: TrialEvent[]; malformed: number }> {
    return (await this.store()).readEvents(sweepId);
  }
  async *watchEvents(sweepId: string, signal: AbortSignal, options?: { fromStart?: boolean }): AsyncIterable<TrialEvent> {
    yield* (await this.store()).watchEvents(sweepId, signal, options);
  }
  // DriftReportStore (src/schedule).
  async saveDriftReport(sweepId: string, report: unknown): Promise<void> {
    return (await this.store()).saveDriftReport(sweepId, report);
  }
  async readDriftReport(sweepId: string): Promise<unknown> {
    return (await this.store()).readDriftReport(sweepId);
  }
  async lock(sweepId: string): Promise<() => Promise<void>> {
    return (await this.store()).lock(sweepId);
  }
  async removeSweep(sweepId: string): Promise<void> {
    return (await this.store()).removeSweep(sweepId);
  }
}
