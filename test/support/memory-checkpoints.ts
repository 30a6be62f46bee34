/** An in-memory CheckpointStore for tests: verifies sizes and digests as the real adapters must. */
import { createHash } from 'node:crypto';
import { CorruptCheckpointError, type CheckpointInfo, type CheckpointMeta, type CheckpointStore } from '../../src/checkpoints/types.js';

export class MemoryCheckpoints implements CheckpointStore {
  readonly items = new Map<string, { meta: CheckpointMeta; data: Uint8Array }>();
  puts = 0;
  gets = 0;

  put(key: string, data: Uint8Array, info: CheckpointInfo): Promise<CheckpointMeta> {
    this.puts++;
    const meta: CheckpointMeta = { key, ...info, bytes: data.length, digest: sha256(data), createdAt: Date.now() };
    this.items.set(key, { meta, data: new Uint8Array(data) });
    return Promise.resolve(meta);
  }

  get(key: string): Promise<Uint8Array | undefined> {
    this.gets++;
    const item = this.items.get(key);
    if (!item) return Promise.resolve(undefined);
    if (item.data.length !== item.meta.bytes || sha256(item.data) !== item.meta.digest) return Promise.reject(new CorruptCheckpointError(key, 'digest mismatch'));
    return Promise.resolve(new Uint8Array(item.data));
  }

  has(key: string): Promise<boolean> {
    return Promise.resolve(this.items.has(key));
  }

  list(): Promise<CheckpointMeta[]> {
    return Promise.resolve([...this.items.values()].map((i) => i.meta));
  }

  delete(key: string): Promise<boolean> {
    return Promise.resolve(this.items.delete(key));
  }
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
