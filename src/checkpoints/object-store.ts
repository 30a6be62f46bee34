/**
 * The NATS JetStream CheckpointStore: one object store bucket (`zapsweep-checkpoints`, stream
 * OBJ_zapsweep-checkpoints), one object per key; the CheckpointMeta rides in the object's metadata.
 * Atomic by the object store's design: the chunks go first, the meta message last (readers see the
 * previous version until then), and a replaced version's chunks are purged afterwards.
 * get() checks the size and sha256 recorded in our meta itself, besides the library's own digest;
 * a library read error or a read that stalls (chunks gone) is a CorruptCheckpointError unless the
 * object was replaced meanwhile (then it reads again). Works on nats-server 2.9 (JetStream only).
 */
import { Objm, StorageType, type ObjectInfo, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { StoreWriteError } from '../store/store-errors.js';
import { parseMeta, sha256Hex, verified } from './digest.js';
import { checkCheckpointKey, CheckpointStoreUnavailableError, CorruptCheckpointError, type CheckpointInfo, type CheckpointMeta, type CheckpointStore } from './types.js';

export const checkpointBucket = 'zapsweep-checkpoints';

export interface ObjectCheckpointStoreOptions {
  /** Default: zapsweep-checkpoints (tests use their own). */
  bucket?: string;
  /** createdAt of new checkpoints. Default: Date.now. */
  now?: () => number;
  /** A read that delivers nothing for this long is given up (its chunks are gone). Default 30 s. */
  stallMs?: number;
}

export class ObjectCheckpointStore implements CheckpointStore {
  private constructor(
    private readonly os: ObjectStore,
    readonly bucket: string,
    private readonly now: () => number,
    private readonly stallMs: number,
  ) {}

  /** Opens the bucket, creating it when absent (file storage). */
  static async open(nc: NatsConnection, o: ObjectCheckpointStoreOptions = {}): Promise<ObjectCheckpointStore> {
    const bucket = o.bucket ?? checkpointBucket;
    let os: ObjectStore;
    try {
      os = await new Objm(nc).create(bucket, { storage: StorageType.File, description: 'zapsweep pre-training checkpoints' });
    } catch (cause) {
      throw new StoreWriteError(`the object store bucket ${bucket}`, cause, 'open');
    }
    return new ObjectCheckpointStore(os, bucket, o.now ?? Date.now, o.stallMs ?? 30_000);
  }

  /** Where the checkpoints are, for messages. */
  get label(): string {
    return `the NATS object store ${this.bucket}`;
  }

  /** The object store itself (benches and tests compare against it). */
  get objects(): ObjectStore {
    return this.os;
  }

  async put(key: string, data: Uint8Array, info: CheckpointInfo): Promise<CheckpointMeta> {
    checkCheckpointKey(key);
    const meta: CheckpointMeta = { key, stageKey: info.stageKey, sweepId: info.sweepId, bytes: data.byteLength, digest: sha256Hex(data), createdAt: this.now() };
    const metadata = Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, String(v)]));
    try {
      await this.os.putBlob({ name: key, metadata }, data);
    } catch (cause) {
      throw new StoreWriteError(`checkpoint ${key} in ${this.bucket}`, cause, 'put');
    }
    return meta;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    checkCheckpointKey(key);
    for (let tries = 0; ; tries++) {
      const info = await this.info(key);
      if (!info) return undefined;
      const meta = metaOf(key, info);
      if (info.size !== meta.bytes) throw new CorruptCheckpointError(key, `the object holds ${info.size} of ${meta.bytes} bytes`);
      try {
        return verified(meta, await this.read(key));
      } catch (err) {
        const now = await this.info(key).catch(() => info);
        if (tries < 3 && now?.nuid !== info.nuid) continue; // replaced or deleted meanwhile: read again
        throw err instanceof CorruptCheckpointError ? err : new CorruptCheckpointError(key, firstLine(err));
      }
    }
  }

  async has(key: string): Promise<boolean> {
    checkCheckpointKey(key);
    return (await this.info(key)) !== undefined;
  }

  async list(): Promise<CheckpointMeta[]> {
    const all = await this.os.list().catch((cause: unknown) => {
      throw new CheckpointStoreUnavailableError(this.label, cause);
    });
    const metas = all.filter((i) => !i.deleted).flatMap((i) => {
      const m = parseMeta(i.metadata);
      return m && m.key === i.name ? [m] : [];
    });
    return metas.sort((a, b) => a.createdAt - b.createdAt || a.key.localeCompare(b.key));
  }

  async delete(key: string): Promise<boolean> {
    checkCheckpointKey(key);
    if (!(await this.info(key))) return false;
    try {
      await this.os.delete(key);
    } catch (cause) {
      throw new StoreWriteError(`checkpoint ${key} in ${this.bucket}`, cause, 'delete');
    }
    return true;
  }

  private async info(key: string): Promise<ObjectInfo | undefined> {
    const info = await this.os.info(key).catch((cause: unknown) => {
      throw new CheckpointStoreUnavailableError(this.label, cause);
    });
    return info && !info.deleted ? info : undefined;
  }

  /** All of the object's bytes (the library checks its own digest), or an error; never hangs. */
  private async read(key: string): Promise<Uint8Array> {
    const r = await this.os.get(key);
    if (!r) throw new Error('the object disappeared');
    const reader = r.data.getReader();
    const parts: Uint8Array[] = [];
    let total = 0;
    let stalled = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        void reader.cancel().catch(() => undefined);
      }, this.stallMs);
    };
    try {
      arm();
      for (;;) {
        const { done, value } = await reader.read();
        if (stalled) throw new Error(`no chunk arrived for ${Math.round(this.stallMs / 1000)} s (chunks missing)`);
        if (done) break;
        parts.push(value);
        total += value.byteLength;
        arm();
      }
      if (stalled) throw new Error(`no chunk arrived for ${Math.round(this.stallMs / 1000)} s (chunks missing)`);
      const error = await r.error;
      if (error) throw error;
    } finally {
      clearTimeout(timer);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}

function metaOf(key: string, info: ObjectInfo): CheckpointMeta {
  const meta = parseMeta(info.metadata);
  if (!meta || meta.key !== key) throw new CorruptCheckpointError(key, 'the object carries no checkpoint record');
  return meta;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
