/**
 * obtainStage on virtual time (FakeClock), with the in-memory claims and store: which process
 * trains a stage, who waits, who takes over from a dead holder, and that a corrupt checkpoint is
 * reported and trained again, never used. The real adapters: stage-claims-nats.test.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { obtainStage, StageAbortedError, type ObtainStageOptions } from '../../src/checkpoints/obtain-stage.js';
import { MemoryStageClaims } from '../../src/checkpoints/stage-claims.js';
import type { CorruptCheckpointError } from '../../src/checkpoints/types.js';
import { FakeClock } from '../support/fake-clock.js';
import { MemoryCheckpoints } from './memory-checkpoints.js';

const key = 'stage0a1b2c3d-wasm';
const info = { stageKey: 'stage0a1b2c3d', sweepId: 'sw' };
const ttlMs = 30_000;
const trainMs = 10_000;
/** What a stage's training produces: deterministic bytes. */
const bytesOf = (seed: string): Uint8Array => new Uint8Array(createHash('sha256').update(seed).digest());

interface World {
  clock: FakeClock;
  store: MemoryCheckpoints;
  claims: MemoryStageClaims;
  trained: string[];
  corrupt: CorruptCheckpointError[];
  waiting: string[];
  run(holder: string, extra?: Partial<ObtainStageOptions>): ReturnType<typeof obtainStage>;
}

function world(): World {
  const clock = new FakeClock();
  const w: World = {
    clock,
    store: new MemoryCheckpoints(() => clock.now()),
    claims: new MemoryStageClaims(clock, ttlMs),
    trained: [],
    corrupt: [],
    waiting: [],
    run: (holder, extra = {}) =>
      obtainStage({
        key,
        info,
        store: w.store,
        claims: w.claims,
        holder,
        clock,
        pollMs: 1000,
        train: async (signal) => {
          w.trained.push(holder);
          await new Promise<void>((resolve, reject) => {
            const cancel = clock.setTimeout(resolve, trainMs);
            signal.addEventListener('abort', () => {
              cancel();
              reject(new Error('training aborted'));
            });
          });
          return bytesOf('stage');
        },
        onCorrupt: (_, err) => w.corrupt.push(err),
        onWaiting: (_, h) => w.waiting.push(h),
        ...extra,
      }),
  };
  return w;
}

describe('obtainStage', () => {
  it.each([
    {
      name: 'present: uses the stored checkpoint, trains nothing',
      setUp: async (w: World) => void (await w.store.put(key, bytesOf('stage'), info)),
      expected: { how: 'stored', trained: [], corrupt: 0, puts: 1 },
    },
    {
      name: 'absent and won: trains once, puts, releases',
      setUp: async () => {},
      expected: { how: 'trained', trained: ['a'], corrupt: 0, puts: 1 },
    },
    {
      name: 'corrupt: reports it once and trains again',
      setUp: async (w: World) => {
        await w.store.put(key, bytesOf('stage'), info);
        w.store.damage(key);
      },
      expected: { how: 'trained', trained: ['a'], corrupt: 1, puts: 2 },
    },
  ])('$name', async ({ setUp, expected }) => {
    const w = world();
    await setUp(w);
    const got = await w.run('a');
    expect({ how: got.how, trained: w.trained, corrupt: w.corrupt.length, puts: w.store.puts }).toEqual(expected);
    expect(Buffer.from(got.data)).toEqual(Buffer.from(bytesOf('stage')));
    expect(Buffer.from((await w.store.get(key))!)).toEqual(Buffer.from(bytesOf('stage')));
    expect(await w.claims.holderOf(key)).toBeUndefined();
  });

  it('absent and lost: the loser waits for the winner\'s checkpoint and trains nothing', async () => {
    const w = world();
    const [a, b] = await Promise.all([w.run('a'), w.run('b')]);
    expect([a.how, b.how]).toEqual(['trained', 'awaited']);
    expect(w.trained).toEqual(['a']);
    expect(w.waiting).toEqual(['a']);
    expect(Buffer.from(b.data)).toEqual(Buffer.from(a.data));
    expect(w.store.puts).toBe(1);
  });

  it('corrupt, two processes: each reports it once, one trains again, the other gets the new bytes', async () => {
    const w = world();
    await w.store.put(key, bytesOf('stage'), info);
    w.store.damage(key);
    const [a, b] = await Promise.all([w.run('a'), w.run('b')]);
    expect([a.how, b.how, w.trained, w.corrupt.length]).toEqual(['trained', 'awaited', ['a'], 2]);
    expect(Buffer.from(b.data)).toEqual(Buffer.from(bytesOf('stage')));
  });

  it('a long training keeps its claim (renewed): nobody takes over while the holder lives', async () => {
    const w = world();
    const slow = { train: async () => { await new Promise<void>((r) => w.clock.setTimeout(r, 5 * ttlMs)); w.trained.push('a'); return bytesOf('stage'); } };
    const [a, b] = await Promise.all([w.run('a', slow), w.run('b')]);
    expect([a.how, b.how, w.trained]).toEqual(['trained', 'awaited', ['a']]);
  });

  it('holder dies: its claim lapses after the ttl and a waiting process takes over', async () => {
    const w = world();
    const start = w.clock.now();
    expect(await w.claims.claim(key, 'dead-pod')).toBe(true); // claimed, then never renewed
    const got = await w.run('b');
    expect(got.how).toBe('trained');
    expect(w.trained).toEqual(['b']);
    expect(w.waiting).toEqual(['dead-pod']);
    expect(w.clock.now() - start).toBeGreaterThanOrEqual(ttlMs + trainMs);
  });

  it('the holder\'s training fails: its claim is released and the next process trains', async () => {
    const w = world();
    const failing = { train: () => Promise.reject(new Error('out of memory')) };
    await expect(w.run('a', failing)).rejects.toThrow('out of memory');
    expect(await w.claims.holderOf(key)).toBeUndefined();
    expect((await w.run('b')).how).toBe('trained');
  });

  it.each([
    { name: 'while waiting for another holder', holderFirst: true },
    { name: 'while training', holderFirst: false },
  ])('abort $name: StageAbortedError, no claim left, nothing stored', async ({ holderFirst }) => {
    const w = world();
    if (holderFirst) await w.claims.claim(key, 'other');
    const ac = new AbortController();
    w.clock.setTimeout(() => ac.abort(), 5000);
    const err = await w.run('b', { signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StageAbortedError);
    expect(await w.claims.holderOf(key)).toBe(holderFirst ? 'other' : undefined);
    expect(await w.store.has(key)).toBe(false);
  });
});
