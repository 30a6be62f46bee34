/**
 * StageClaims: one contract over the in-memory adapter and NATS KV (a real nats-server 2.9+), the
 * KV claim lapsing by itself when its holder stops renewing, and obtainStage end to end over the
 * real adapters: three processes' worth of connections race for one stage, one trains, and a
 * holder that dies mid-training is taken over.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KvStageClaims } from '../../src/checkpoints/kv-stage-claims.js';
import { ObjectCheckpointStore } from '../../src/checkpoints/object-store.js';
import { obtainStage } from '../../src/checkpoints/obtain-stage.js';
import { MemoryStageClaims, type StageClaims } from '../../src/checkpoints/stage-claims.js';
import { InvalidCheckpointKeyError } from '../../src/checkpoints/types.js';
import { systemClock } from '../../src/util/clock.js';
import { useNatsServer } from '../support/nats-fixture.js';

const nats = useNatsServer('stage-claims-test');
const connection = nats.connect;
let buckets = 0;

const adapters: Array<{ name: string; make: () => Promise<StageClaims> }> = [
  { name: 'memory', make: () => Promise.resolve(new MemoryStageClaims(systemClock, 60_000)) },
  { name: 'nats kv', make: async () => KvStageClaims.open(await connection(), { bucket: `claims-${process.pid}-${buckets++}`, ttlMs: 60_000 }) },
];

describe.each(adapters)('StageClaims contract: $name', ({ make }) => {
  it('one holder at a time; claim again, renew and release are the holder\'s alone', async () => {
    const claims = await make();
    expect(await claims.holderOf('s1-wasm')).toBeUndefined();
    expect(await claims.claim('s1-wasm', 'pod-a')).toBe(true);
    expect(await claims.claim('s1-wasm', 'pod-b')).toBe(false);
    expect(await claims.claim('s1-wasm', 'pod-a')).toBe(true);
    expect(await claims.holderOf('s1-wasm')).toBe('pod-a');
    expect(await claims.renew('s1-wasm', 'pod-a')).toBe(true);
    expect(await claims.renew('s1-wasm', 'pod-b')).toBe(false);
    await claims.release('s1-wasm', 'pod-b');
    expect(await claims.holderOf('s1-wasm')).toBe('pod-a');
    await claims.release('s1-wasm', 'pod-a');
    expect(await claims.holderOf('s1-wasm')).toBeUndefined();
    expect(await claims.renew('s1-wasm', 'pod-a')).toBe(false);
    expect(await claims.claim('s1-wasm', 'pod-b')).toBe(true);
    expect(await claims.claim('s2-wasm', 'pod-a')).toBe(true);
  });

  it('concurrent claims: exactly one wins', async () => {
    const claims = await make();
    const won = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((h) => claims.claim('race-wasm', h)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('refuses a key that is not a safe name', async () => {
    const claims = await make();
    await expect(claims.claim('../x', 'a')).rejects.toBeInstanceOf(InvalidCheckpointKeyError);
  });
});

describe('NATS KV claims lapse', () => {
  it('a claim nobody renews lapses after the bucket\'s ttl; a renewed one does not', { timeout: 30_000 }, async () => {
    const claims = await KvStageClaims.open(await connection(), { bucket: `claims-lapse-${process.pid}`, ttlMs: 1500 });
    expect(claims.ttlMs).toBe(1500);
    expect(await claims.claim('dead-wasm', 'dead-pod')).toBe(true);
    expect(await claims.claim('alive-wasm', 'live-pod')).toBe(true);
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 400));
      expect(await claims.renew('alive-wasm', 'live-pod')).toBe(true);
    }
    expect(await claims.holderOf('dead-wasm')).toBeUndefined();
    expect(await claims.claim('dead-wasm', 'pod-b')).toBe(true);
    expect(await claims.holderOf('alive-wasm')).toBe('live-pod');
  });
});

describe('obtainStage over NATS (object store + KV claims)', () => {
  const bytes = (): Uint8Array => {
    // A stage's product: deterministic, a few chunks long.
    const out = new Uint8Array(1_000_000);
    let h = createHash('sha256').update('stage').digest();
    for (let at = 0; at < out.length; at += h.length) {
      out.set(h.subarray(0, Math.min(h.length, out.length - at)), at);
      h = createHash('sha256').update(h).digest();
    }
    return out;
  };

  it('three contenders, each on its own connection: one trains, the others get its bytes', { timeout: 60_000 }, async () => {
    const bucket = `e2e-${process.pid}`;
    const trained: string[] = [];
    const contenders = ['pod-0', 'pod-1', 'pod-2'].map(async (holder) => {
      const nc = await connection();
      const store = await ObjectCheckpointStore.open(nc, { bucket });
      const claims = await KvStageClaims.open(nc, { bucket: `${bucket}-claims`, ttlMs: 10_000 });
      return obtainStage({
        key: 'stagee2e-wasm', info: { stageKey: 'stagee2e', sweepId: 'e2e' }, store, claims, holder, pollMs: 100,
        train: async () => {
          trained.push(holder);
          await new Promise((r) => setTimeout(r, 500));
          return bytes();
        },
      });
    });
    const got = await Promise.all(contenders);
    expect(trained).toHaveLength(1);
    expect(got.map((g) => g.how).sort()).toEqual(['awaited', 'awaited', 'trained']);
    for (const g of got) expect(Buffer.from(g.data).equals(Buffer.from(bytes()))).toBe(true);
  });

  it('the holder dies mid-training (its connection closes): a waiting contender takes over', { timeout: 60_000 }, async () => {
    const bucket = `takeover-${process.pid}`;
    const dying = await connection();
    const dyingClaims = await KvStageClaims.open(dying, { bucket: `${bucket}-claims`, ttlMs: 1500 });
    expect(await dyingClaims.claim('stagetk-wasm', 'pod-dead')).toBe(true);
    await dying.close(); // the pod is gone: nobody renews
    const nc = await connection();
    const waitingFor: string[] = [];
    const got = await obtainStage({
      key: 'stagetk-wasm', info: { stageKey: 'stagetk', sweepId: 'tk' },
      store: await ObjectCheckpointStore.open(nc, { bucket }),
      claims: await KvStageClaims.open(nc, { bucket: `${bucket}-claims` }),
      holder: 'pod-live', pollMs: 200,
      train: () => Promise.resolve(bytes()),
      onWaiting: (_, h) => waitingFor.push(h),
    });
    expect(got.how).toBe('trained');
    expect(waitingFor).toEqual(['pod-dead']);
  });
});
