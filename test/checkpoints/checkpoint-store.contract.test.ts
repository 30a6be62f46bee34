/**
 * One contract for every CheckpointStore adapter (STYLE.md habit 6): the file store and the NATS
 * object store (a real nats-server 2.9+). What a worker relies on: bytes come back identical or not
 * at all; a damaged checkpoint is a CorruptCheckpointError, never returned; a reader never sees half
 * of a put; keys are validated; the papers' model (about 3.5 M float32 parameters) round-trips.
 */
import { randomBytes } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/checkpoints/digest.js';
import { CorruptCheckpointError, InvalidCheckpointKeyError } from '../../src/checkpoints/types.js';
import { NatsServer } from '../support/nats-server.js';
import { fileCheckpointAdapter, objectCheckpointAdapter, type CheckpointAdapter, type Damage } from './adapters.js';

let server: NatsServer;
const connections: NatsConnection[] = [];

beforeAll(async () => {
  server = await NatsServer.start();
}, 30_000);
afterAll(async () => {
  for (const nc of connections) await nc.close().catch(() => undefined);
  await server?.stop();
});

const adapters: CheckpointAdapter[] = [fileCheckpointAdapter(), objectCheckpointAdapter(() => server, connections)];
const info = { stageKey: 'st0123456789', sweepId: 'contract-sweep' };
/** The papers' model: 3 x 256 filters and a 1000-way head, about 3.5 M float32 parameters. */
const paperModelBytes = 3_500_000 * 4;

describe.each(adapters)('CheckpointStore contract: $name', (adapter) => {
  it('puts, gets, has, lists and deletes', async () => {
    const { store } = await adapter.make();
    const data = randomBytes(70_000);
    expect(await store.has('k1-wasm')).toBe(false);
    const meta = await store.put('k1-wasm', data, info);
    expect(meta).toMatchObject({ key: 'k1-wasm', ...info, bytes: data.length, digest: sha256Hex(data) });
    expect(await store.has('k1-wasm')).toBe(true);
    expect(Buffer.from((await store.get('k1-wasm'))!)).toEqual(data);
    await store.put('k2-wasm', new Uint8Array(0), { stageKey: 'other', sweepId: 's2' });
    expect((await store.list()).map((m) => [m.key, m.stageKey, m.bytes]).sort()).toEqual([
      ['k1-wasm', info.stageKey, data.length],
      ['k2-wasm', 'other', 0],
    ]);
    expect((await store.get('k2-wasm'))?.byteLength).toBe(0);
    expect(await store.delete('k1-wasm')).toBe(true);
    expect(await store.delete('k1-wasm')).toBe(false);
    expect(await store.has('k1-wasm')).toBe(false);
    expect(await store.get('k1-wasm')).toBeUndefined();
    expect((await store.list()).map((m) => m.key)).toEqual(['k2-wasm']);
  });

  it('an unknown key is undefined, not an error', async () => {
    const { store } = await adapter.make();
    expect(await store.get('never-stored')).toBeUndefined();
    expect(await store.has('never-stored')).toBe(false);
    expect(await store.list()).toEqual([]);
  });

  it('replaces an older copy: the new bytes and record, one entry', async () => {
    const { store } = await adapter.make();
    await store.put('k-r', randomBytes(300_000), info);
    const second = randomBytes(1000);
    const meta = await store.put('k-r', second, { stageKey: info.stageKey, sweepId: 'later-sweep' });
    expect(Buffer.from((await store.get('k-r'))!)).toEqual(second);
    expect(await store.list()).toEqual([meta]);
  });

  it.each<[string, string]>([
    ['an empty key', ''],
    ['a path', '../escape'],
    ['a slash', 'a/b'],
    ['a leading dot', '.hidden'],
    ['a space', 'a b'],
    ['129 characters', 'k'.repeat(129)],
  ])('refuses %s as a key (InvalidCheckpointKeyError, exit 2)', async (_, key) => {
    const { store } = await adapter.make();
    const err = await store.put(key, new Uint8Array(1), info).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCheckpointKeyError);
    expect((err as InvalidCheckpointKeyError).exitCode).toBe(2);
    await expect(store.get(key)).rejects.toBeInstanceOf(InvalidCheckpointKeyError);
  });

  it.each<Damage>(['truncate', 'flip'])('a damaged checkpoint (%s) is a CorruptCheckpointError, never its bytes', async (how) => {
    const rig = await adapter.make();
    const { store } = rig;
    await store.put('k-bad', randomBytes(600_000), info);
    await rig.damage('k-bad', how);
    const err = await store.get('k-bad').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptCheckpointError);
    expect((err as CorruptCheckpointError).key).toBe('k-bad');
    expect((err as CorruptCheckpointError).retryable).toBe(true);
    // A fresh put repairs it.
    const good = randomBytes(1000);
    await store.put('k-bad', good, info);
    expect(Buffer.from((await store.get('k-bad'))!)).toEqual(good);
  });

  it('a reader never sees part of a put: the old bytes or the new, whole', { timeout: 60_000 }, async () => {
    const { store } = await adapter.make();
    const old = randomBytes(200_000);
    await store.put('k-a', old, info);
    const next = randomBytes(paperModelBytes / 2);
    let done = false;
    const putting = store.put('k-a', next, info).finally(() => (done = true));
    const seen = new Set<string>();
    while (!done) {
      const got = await store.get('k-a');
      expect(got).toBeDefined();
      const b = Buffer.from(got!);
      seen.add(b.equals(old) ? 'old' : b.equals(next) ? 'new' : `other ${b.length}`);
    }
    await putting;
    expect([...seen].filter((s) => s !== 'old' && s !== 'new')).toEqual([]);
    expect(Buffer.from((await store.get('k-a'))!).equals(next)).toBe(true);
  });

  it('round-trips the papers\' model (about 3.5 M float32 parameters, 14 MB) byte-identical', { timeout: 60_000 }, async () => {
    const { store } = await adapter.make();
    const weights = new Float32Array(paperModelBytes / 4);
    for (let i = 0; i < weights.length; i++) weights[i] = Math.sin(i) * 0.05;
    const bytes = new Uint8Array(weights.buffer);
    const meta = await store.put('stage-big-wasm', bytes, info);
    expect(meta.bytes).toBe(paperModelBytes);
    const back = await store.get('stage-big-wasm');
    expect(back?.byteLength).toBe(paperModelBytes);
    expect(sha256Hex(back!)).toBe(sha256Hex(bytes));
    expect(new Float32Array(back!.buffer, back!.byteOffset, back!.byteLength / 4)[12345]).toBe(weights[12345]);
  });
});
