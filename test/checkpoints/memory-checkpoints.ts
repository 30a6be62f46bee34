/**
 * An in-memory CheckpointStore for obtainStage's unit tests (the real adapters pass the contract
 * suite): it keeps the meta beside the bytes and verifies on get exactly as they do (digest.ts),
 * and can damage a stored checkpoint.
 */
import { sha256Hex, verified } from '../../src/checkpoints/digest.js';
import { checkCheckpointKey, type CheckpointInfo, type CheckpointMeta, type CheckpointStore } from '../../src/checkpoints/types.js';

export class MemoryCheckpoints implements CheckpointStore {
  private readonly items = new Map<string, { meta: CheckpointMeta; data: Uint8Array }>();
  puts = 0;

  constructor(private readonly now: () => number = Date.now) {}

  put(key: string, data: Uint8Array, info: CheckpointInfo): Promise<CheckpointMeta> {
    const meta = { key: checkCheckpointKey(key), ...info, bytes: data.byteLength, digest: sha256Hex(data), createdAt: this.now() };
    this.items.set(key, { meta, data: data.slice() });
    this.puts++;
    return Promise.resolve(meta);
  }
  get(key: string): Promise<Uint8Array | undefined> {
    const item = this.items.get(checkCheckpointKey(key));
    return Promise.resolve().then(() => (item ? verified(item.meta, item.data.slice()) : undefined));
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
  /** Flips one bit of the stored bytes (the meta keeps the old digest). */
  damage(key: string): void {
    const item = this.items.get(key);
    if (!item) throw new Error(`no ${key}`);
    item.data[0] = (item.data[0] ?? 0) ^ 1;
  }
}
