/** The JetStream store's half of DriftReportStore: KV bucket `zapsweep-drift`, key = sweep id. */
import { Kvm, type KV } from '@nats-io/kv';
import { StorageType } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { StoreError } from '../types.js';

export const DRIFT_BUCKET = 'zapsweep-drift';

/** Opened on first use, so stores that never see a scheduled night create no bucket. */
export class DriftReportKv {
  private bucket: Promise<KV> | undefined;

  constructor(private readonly nc: NatsConnection) {}

  private kv(): Promise<KV> {
    this.bucket ??= new Kvm(this.nc).create(DRIFT_BUCKET, { history: 1, storage: StorageType.File });
    return this.bucket;
  }

  async save(sweepId: string, report: unknown): Promise<void> {
    await (await this.kv()).put(sweepId, JSON.stringify(report));
  }

  /** With `zapsweep rm`: the night's drift report goes with its sweep. */
  async remove(sweepId: string): Promise<void> {
    await (await this.kv()).purge(sweepId);
  }

  async read(sweepId: string): Promise<unknown> {
    const e = await (await this.kv()).get(sweepId);
    if (e === null || e.operation !== 'PUT') return undefined;
    try {
      return JSON.parse(e.string()) as unknown;
    } catch (cause) {
      throw new StoreError(`KV ${DRIFT_BUCKET} ${sweepId}: not valid JSON`, { cause });
    }
  }
}
