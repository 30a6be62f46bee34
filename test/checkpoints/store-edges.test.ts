/**
 * The checkpoint stores at their edges: a full disk (a real tmpfs) and a store path that is a
 * file (the results store's StoreWriteError / StorePathError, nothing partial left), a killed
 * writer's temporary file, an object store put cut off mid-way (the old checkpoint stays), and
 * the factory picking the adapter.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileCheckpointStore } from '../../src/checkpoints/file-store.js';
import { KvStageClaims } from '../../src/checkpoints/kv-stage-claims.js';
import { ObjectCheckpointStore } from '../../src/checkpoints/object-store.js';
import { openCheckpointStore, openStageClaims } from '../../src/checkpoints/open-store.js';
import { MemoryStageClaims } from '../../src/checkpoints/stage-claims.js';
import { CheckpointStoreUnavailableError } from '../../src/checkpoints/types.js';
import { StorePathError, StoreWriteError } from '../../src/store/store-errors.js';
import { tempDir } from '../support/builders.js';
import { useNatsServer } from '../support/nats-fixture.js';
import { canMountTmpfs, mountTmpfs } from '../store/tmpfs.js';

const info = { stageKey: 'edge', sweepId: 'edge' };
const nats = useNatsServer('checkpoint-edges');
const connection = nats.connect;

describe.skipIf(!canMountTmpfs())('file store, disk full (a real tmpfs; skipped: mount(8) not allowed here)', () => {
  it('a put that does not fit is one StoreWriteError (ENOSPC); the old checkpoint stays whole, no temporary file is left', async () => {
    const fs = mountTmpfs('2m');
    if (!fs) throw new Error('mount failed');
    try {
      const store = new FileCheckpointStore(fs.dir);
      const old = randomBytes(500_000);
      await store.put('k-full', old, info);
      const err = await store.put('k-full', randomBytes(3_000_000), info).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreWriteError);
      expect((err as StoreWriteError).code).toBe('ENOSPC');
      expect(Buffer.from((await store.get('k-full'))!).equals(old)).toBe(true);
      expect(readdirSync(store.dir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    } finally {
      fs.unmount();
    }
  });
});

describe('file store paths and leftovers', () => {
  it('a store path that is a file is a StorePathError (exit 2) on put, and reads find nothing', async () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    const store = new FileCheckpointStore(file);
    const err = await store.put('k', new Uint8Array(1), info).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorePathError);
    expect((err as StorePathError).exitCode).toBe(2);
    await expect(store.get('k')).rejects.toBeInstanceOf(StorePathError);
  });

  it('a killed writer\'s temporary file is never read or listed', async () => {
    const store = new FileCheckpointStore(tempDir());
    await store.put('k-t', new Uint8Array([1, 2, 3]), info);
    writeFileSync(join(store.dir, '.tmp-deadbeef'), 'half a checkpoint');
    expect((await store.list()).map((m) => m.key)).toEqual(['k-t']);
    expect(Array.from((await store.get('k-t'))!)).toEqual([1, 2, 3]);
  });
});

describe('file store leftovers of killed writers', () => {
  it('removeLeftovers removes old temporary and unreferenced data files, never a live checkpoint or a fresh write', async () => {
    const store = new FileCheckpointStore(tempDir());
    await store.put('k-live', new Uint8Array(10).fill(1), info);
    const old = (Date.now() - 2 * 3_600_000) / 1000;
    const stale = ['.tmp-0123456789ab', 'k-gone.0123456789abcdef.ckpt'];
    for (const n of stale) {
      writeFileSync(join(store.dir, n), new Uint8Array(100));
      utimesSync(join(store.dir, n), old, old);
    }
    writeFileSync(join(store.dir, '.tmp-fresh00000000'), new Uint8Array(5)); // a put in progress
    for (const n of readdirSync(store.dir)) if (n.startsWith('k-live')) utimesSync(join(store.dir, n), old, old);
    expect(await store.removeLeftovers()).toEqual({ files: 2, bytes: 200 });
    expect(readdirSync(store.dir).sort()).toEqual(['.tmp-fresh00000000', ...readdirSync(store.dir).filter((n) => n.startsWith('k-live'))].sort());
    expect(Array.from((await store.get('k-live'))!)).toEqual(new Array<number>(10).fill(1));
  });
});

describe('object store, a put cut off mid-way', () => {
  it('leaves the previous checkpoint visible and whole', { timeout: 60_000 }, async () => {
    const bucket = `edge-cut-${process.pid}`;
    const reader = await ObjectCheckpointStore.open(await connection(), { bucket });
    const old = randomBytes(300_000);
    await reader.put('k-cut', old, info);
    const writerNc = await connection();
    const writer = await ObjectCheckpointStore.open(writerNc, { bucket });
    const putting = writer.put('k-cut', randomBytes(14_000_000), info).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 60));
    await writerNc.close(); // the pod dies part-way through the chunks
    expect(await putting).toBeInstanceOf(StoreWriteError);
    expect(Buffer.from((await reader.get('k-cut'))!).equals(old)).toBe(true);
  });
});

describe('NATS unreachable', () => {
  it('reads are a retryable CheckpointStoreUnavailableError, not a raw client error', async () => {
    const nc = await connection();
    const store = await ObjectCheckpointStore.open(nc, { bucket: `edge-gone-${process.pid}` });
    const claims = await KvStageClaims.open(nc, { bucket: `edge-gone-claims-${process.pid}` });
    await nc.close();
    for (const call of [() => store.get('k'), () => store.list(), () => claims.holderOf('k')]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CheckpointStoreUnavailableError);
      expect((err as CheckpointStoreUnavailableError).retryable).toBe(true);
    }
  });
});

describe('openCheckpointStore / openStageClaims', () => {
  it('picks the file store and memory claims without NATS, the object store and KV with a connection', async () => {
    const root = tempDir();
    const file = await openCheckpointStore({ root });
    expect(file).toBeInstanceOf(FileCheckpointStore);
    expect(file.label).toBe(join(root, 'checkpoints'));
    const nc = await connection();
    const objects = await openCheckpointStore({ nats: nc, bucket: `edge-factory-${process.pid}` });
    expect(objects).toBeInstanceOf(ObjectCheckpointStore);
    expect(objects.label).toBe(`the NATS object store edge-factory-${process.pid}`);
    expect(await openStageClaims({})).toBeInstanceOf(MemoryStageClaims);
    const kv = await openStageClaims({ nats: nc, bucket: `edge-claims-${process.pid}`, ttlMs: 5000 });
    expect(kv).toBeInstanceOf(KvStageClaims);
    expect(kv.ttlMs).toBe(5000);
  });
});
