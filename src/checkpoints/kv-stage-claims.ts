/**
 * StageClaims on NATS KV, bucket `zapsweep-stage-claims` (history 1, file storage, max age = ttl).
 * claim = `kv.create` (fails while a live entry exists), or a compare-and-set when the entry is
 * already ours; renew = a compare-and-set rewrite of our own revision (restarts the max age);
 * release = a delete guarded by our revision. nats-server 2.9 removes an entry max-age after its
 * last write, so the claim of a holder that stopped renewing (its pod died) lapses by itself.
 * The ttl is fixed when the bucket is created; an existing bucket's ttl wins.
 * Hazard: a holder cut off from NATS for longer than the ttl loses its claim; renew says so (false).
 */
import { StorageType } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { StoreWriteError } from '../store/store-errors.js';
import { defaultClaimTtlMs, type StageClaims } from './stage-claims.js';
import { checkCheckpointKey, CheckpointStoreUnavailableError } from './types.js';

export const claimsBucket = 'zapsweep-stage-claims';

export interface KvStageClaimsOptions {
  /** Default: zapsweep-stage-claims (tests use their own). */
  bucket?: string;
  /** The ttl of a bucket created now. Default 30 s. */
  ttlMs?: number;
}

export class KvStageClaims implements StageClaims {
  private constructor(
    private readonly kv: KV,
    readonly bucket: string,
    readonly ttlMs: number,
  ) {}

  static async open(nc: NatsConnection, o: KvStageClaimsOptions = {}): Promise<KvStageClaims> {
    const bucket = o.bucket ?? claimsBucket;
    try {
      const kv = await new Kvm(nc).create(bucket, { history: 1, storage: StorageType.File, ttl: o.ttlMs ?? defaultClaimTtlMs });
      const ttl = (await kv.status()).ttl;
      return new KvStageClaims(kv, bucket, ttl > 0 ? ttl : (o.ttlMs ?? defaultClaimTtlMs));
    } catch (cause) {
      throw new StoreWriteError(`the KV bucket ${bucket}`, cause, 'open');
    }
  }

  private async entry(key: string): Promise<KvEntry | undefined> {
    const e = await this.kv.get(checkCheckpointKey(key)).catch((cause: unknown) => {
      throw new CheckpointStoreUnavailableError(`the stage claims in KV bucket ${this.bucket}`, cause);
    });
    return e && e.operation === 'PUT' ? e : undefined;
  }

  async claim(key: string, holder: string): Promise<boolean> {
    checkCheckpointKey(key);
    try {
      await this.kv.create(key, holder);
      return true;
    } catch {
      // Held (by someone, maybe us), or a race with another claimant: look.
    }
    const e = await this.entry(key);
    if (e === undefined) return false; // lapsed or released just now: the caller tries again later
    if (e.string() !== holder) return false;
    return this.rewrite(key, holder, e.revision);
  }

  async renew(key: string, holder: string): Promise<boolean> {
    const e = await this.entry(key);
    if (e?.string() !== holder) return false;
    return this.rewrite(key, holder, e.revision);
  }

  async release(key: string, holder: string): Promise<void> {
    const e = await this.entry(key);
    if (e?.string() !== holder) return;
    await this.kv.delete(key, { previousSeq: e.revision }).catch(() => undefined); // taken meanwhile: not ours to free
  }

  async holderOf(key: string): Promise<string | undefined> {
    return (await this.entry(key))?.string();
  }

  private async rewrite(key: string, holder: string, revision: number): Promise<boolean> {
    try {
      await this.kv.update(key, holder, revision);
      return true;
    } catch {
      return false;
    }
  }
}
