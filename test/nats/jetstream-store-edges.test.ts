/**
 * The JetStream store at its edges, on a real nats-server: a spec over max_payload (nothing
 * stored), the lock as a lease that a dead controller's host no longer renews, `rm` purging a
 * sweep everywhere, and the results stream's max age.
 */
import { DiscardPolicy, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsStream, JetStreamStore } from '../../src/store/jetstream/jetstream-store.js';
import { storedCount } from '../../src/store/jetstream/read-subject.js';
import { SpecTooLargeError, StorePathError, StoreWriteError } from '../../src/store/store-errors.js';
import type { TrialEvent } from '../../src/transport/events.js';
import { NatsInbox } from '../../src/transport/nats/inbox.js';
import { connectNats } from '../../src/transport/nats/options.js';
import { NatsPublisher } from '../../src/transport/nats/publisher.js';
import { eventStream } from '../../src/transport/nats/streams.js';
import { sweepRecord, tempDir } from '../support/builders.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { writeTinySpec } from '../e2e/tiny-spec.js';
import { NatsServer } from '../support/nats-server.js';

const leaseTtlMs = 1500;
let server: NatsServer;
const open: NatsConnection[] = [];
async function store(o: { host?: string; resultsMaxAgeMs?: number; log?: (l: string) => void; onLost?: (id: string) => void } = {}): Promise<{ nc: NatsConnection; s: JetStreamStore }> {
  const nc = await connectNats({ servers: [server.url] }, { name: 'edges' });
  open.push(nc);
  const s = await JetStreamStore.open(nc, {
    cacheDir: tempDir(),
    label: 'edges',
    lease: { ttlMs: leaseTtlMs, ...(o.host === undefined ? {} : { host: o.host }), ...(o.log === undefined ? {} : { log: o.log }), ...(o.onLost === undefined ? {} : { onLost: o.onLost }) },
    ...(o.resultsMaxAgeMs === undefined ? {} : { resultsMaxAgeMs: o.resultsMaxAgeMs }),
  });
  return { nc, s };
}
const ev = (sweepId: string, seq: number): TrialEvent => ({ sweepId, trialId: 't0', attempt: 0, seq, time: 0, type: 'progress', phase: 'pretrain', step: seq, total: 9 });

beforeAll(async () => {
  server = await NatsServer.start();
});
afterAll(async () => {
  for (const nc of open) await nc.close().catch(() => undefined);
  await server.stop();
});

describe('spec size', () => {
  it('a spec over max_payload is refused before anything is written', async () => {
    const { nc, s } = await store();
    const max = nc.info?.max_payload ?? 0;
    expect(max).toBeGreaterThan(0);
    const err = await s.createSweep(sweepRecord('huge', 1), 'x'.repeat(max + 1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecTooLargeError);
    expect((err as SpecTooLargeError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/^the spec is 1\.0 MiB; edges \(max_payload 1048576 bytes, less 4096 for headers\) accepts at most 1020\.0 KiB: nothing was stored/);
    expect(await s.getSweep('huge')).toBeUndefined();
    expect(await s.listSweeps()).toEqual([]);
  });

  it('zapsweep run --nats with a spec over max_payload: exit 2, one sentence, no sweep record (built CLI)', async () => {
    assertBuilt();
    const dir = tempDir();
    const spec = writeTinySpec(dir, `# ${'padding '.repeat(200_000)}\n`);
    const r = await runCli(['--store', join(dir, 'store'), '--nats', server.url, 'run', spec, '--no-ui']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^zapsweep: the spec is 1\.5 MiB; NATS JetStream at nats:\/\/127\.0\.0\.1:\d+ \(max_payload 1048576 bytes, less 4096 for headers\) accepts at most 1020\.0 KiB: nothing was stored/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const ls = await runCli(['--store', join(dir, 'store'), '--nats', server.url, 'ls', '-o', 'json']);
    expect((JSON.parse(ls.stdout) as Array<{ name: string }>).filter((x) => x.name === 'tiny')).toEqual([]);
  }, 60_000);

  it('a spec just under the limit is stored whole', async () => {
    const { s } = await store();
    const text = 'y'.repeat(s.maxSpecBytes);
    await s.createSweep(sweepRecord('just-fits', 1), text);
    expect((await s.specText('just-fits')).length).toBe(text.length);
  });
});

describe('the local spec cache', () => {
  it('a cache directory under /proc is one StorePathError before anything is stored (no mkdir loop)', async () => {
    const nc = await connectNats({ servers: [server.url] }, { name: 'cache' });
    open.push(nc);
    const s = await JetStreamStore.open(nc, { cacheDir: '/proc/zapsweep', label: 'edges' });
    const err = await s.createSweep(sweepRecord('no-cache', 1), 'spec').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorePathError);
    expect((err as StorePathError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/mkdir \/proc\/zapsweep: no such file or directory \(ENOENT\)/);
    expect(await s.getSweep('no-cache')).toBeUndefined();
  });
});

describe('the lock is a lease', () => {
  it('a dead controller\'s lock on another host expires by itself; a live one is renewed', async () => {
    const a = await store({ host: 'host-a' });
    const b = await store({ host: 'host-b' });
    await a.s.createSweep(sweepRecord('leased', 1), 's');
    expect(a.s.leaseTtlMs).toBe(leaseTtlMs);
    await a.s.lock('leased');
    // 1. While host-a's controller lives (it renews every ttl/3), host-b is refused, for several lease lengths.
    const message = new RegExp(`being run by another controller \\(pid ${process.pid} on host-a\\); if that controller is dead, its lock expires by itself within 2 s`);
    for (let i = 0; i < 6; i++) {
      await expect(b.s.lock('leased')).rejects.toThrow(message);
      await new Promise((r) => setTimeout(r, leaseTtlMs / 2));
    }
    // 2. host-a's controller dies without releasing (its connection goes; nothing renews the lease).
    await a.nc.close();
    // 3. host-b takes the lock once the lease has run out (bounded by many lease lengths).
    let release: (() => Promise<void>) | undefined;
    for (let tries = 0; release === undefined && tries < 40; tries++) {
      release = await b.s.lock('leased').catch(() => undefined);
      if (release === undefined) await new Promise((r) => setTimeout(r, leaseTtlMs / 4));
    }
    expect(release).toBeDefined();
    await release?.();
    // Released: taken again at once.
    const again = await b.s.lock('leased');
    await again();
  }, 60_000);
});

describe('a lost lease', () => {
  it('is said and signalled when another controller holds the sweep at the next renewal', async () => {
    const lines: string[] = [];
    let lost: string | undefined;
    const a = await store({ host: 'host-g', log: (l) => lines.push(l), onLost: (id) => (lost = id) });
    const b = await store({ host: 'host-h' });
    await a.s.createSweep(sweepRecord('stolen', 1), 's');
    await a.s.lock('stolen');
    // As if host-g's lease had run out unseen (a partition): its entry goes, host-h takes the sweep.
    await (await new Kvm(b.nc).open('zapsweep-leases')).purge('stolen');
    const releaseB = await b.s.lock('stolen');
    for (let i = 0; i < 100 && lost === undefined; i++) await new Promise((r) => setTimeout(r, leaseTtlMs / 10));
    expect(lost).toBe('stolen');
    expect(lines).toEqual([`lost the lock on sweep stolen: it was not renewed for 2 s (NATS unreachable?) and expired`]);
    await releaseB();
  }, 60_000);
});

describe('rm and retention', () => {
  it('removeSweep purges the results, the transport events, the consumer and the keys; never while held', async () => {
    const { nc, s } = await store({ host: 'host-c' });
    await s.createSweep(sweepRecord('purge-me', 1), 'spec');
    await s.createSweep(sweepRecord('keep-me', 1), 'spec');
    await s.append('purge-me', [ev('purge-me', 0), ev('purge-me', 1)]);
    await s.append('keep-me', [ev('keep-me', 0)]);
    await NatsInbox.open(nc, 'purge-me');
    const publisher = new NatsPublisher({ settings: { servers: [server.url] }, deadlineMs: 60_000 });
    await publisher.publish(ev('purge-me', 0));
    await publisher.publish(ev('keep-me', 0));
    await publisher.close();
    const other = await store({ host: 'host-d' });
    const held = await other.s.lock('purge-me');
    await expect(s.removeSweep('purge-me')).rejects.toThrow(/another controller .* on host-d/);
    await held();

    await s.removeSweep('purge-me');
    const jsm = await jetstreamManager(nc);
    expect(await s.getSweep('purge-me')).toBeUndefined();
    expect(await s.readEvents('purge-me')).toEqual({ events: [], malformed: 0 });
    expect(await storedCount(jsm, eventStream, 'zapsweep.purge-me.t0.progress')).toBe(0);
    await expect(jsm.consumers.info(eventStream, 'zapsweep-ctl-purge-me')).rejects.toThrow(/not found/);
    // The other sweep is untouched.
    expect((await s.readEvents('keep-me')).events).toHaveLength(1);
    expect(await storedCount(jsm, eventStream, 'zapsweep.keep-me.t0.progress')).toBe(1);
    await expect(s.removeSweep('purge-me')).rejects.toThrow(/no sweep purge-me/);
  });

  it('removes a half-created record left by an older version (a record without its spec)', async () => {
    const { nc, s } = await store({ host: 'host-e' });
    const kv = await new Kvm(nc).open('zapsweep-sweeps');
    await kv.put('half-made', JSON.stringify(sweepRecord('half-made', 1)));
    expect((await s.listSweeps()).map((r) => r.id)).toContain('half-made');
    await expect(s.specText('half-made')).rejects.toThrow(/no spec stored/);
    await s.removeSweep('half-made');
    expect((await s.listSweeps()).map((r) => r.id)).not.toContain('half-made');
  });

  it('zapsweep rm --nats --yes removes a sweep from the JetStream store (built CLI)', async () => {
    assertBuilt();
    const { s } = await store({ host: 'host-f' });
    await s.createSweep(sweepRecord('cli-rm', 1), 'spec');
    await s.append('cli-rm', [ev('cli-rm', 0)]);
    const refused = await runCli(['--store', tempDir(), '--nats', server.url, 'rm', 'cli-rm']);
    expect(refused.code).toBe(2);
    const r = await runCli(['--store', tempDir(), '--nats', server.url, 'rm', 'cli-rm', '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await s.getSweep('cli-rm')).toBeUndefined();
    expect((await s.readEvents('cli-rm')).events).toEqual([]);
  }, 60_000);

  it('a max age set on open applies to the results stream (also an existing one)', async () => {
    const day = 24 * 3600 * 1000;
    const { nc } = await store({ resultsMaxAgeMs: 30 * day });
    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info(resultsStream)).config.max_age).toBe(30 * day * 1e6);
    await store({ resultsMaxAgeMs: 7 * day });
    expect((await jsm.streams.info(resultsStream)).config.max_age).toBe(7 * day * 1e6);
  });
});

describe('a full JetStream', () => {
  it('fails an append at once with a StoreWriteError when the results stream is full', async () => {
    const own = await NatsServer.start();
    const nc = await connectNats({ servers: [own.url] }, { name: 'full' });
    try {
      const jsm = await jetstreamManager(nc);
      // An operator's limit on the results stream: 4 KiB, refusing new messages when full.
      await jsm.streams.add({ name: resultsStream, subjects: ['zapsweep-results.>'], max_bytes: 4096, discard: DiscardPolicy.New });
      const s = await JetStreamStore.open(nc, { cacheDir: tempDir(), label: 'full-server' });
      await s.createSweep(sweepRecord('fills', 1), 'spec');
      const big = Array.from({ length: 40 }, (_, i) => ({ ...ev('fills', i), phase: 'x'.repeat(200) }) as TrialEvent);
      const err = await s.append('fills', big).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreWriteError);
      expect((err as Error).message).toMatch(/^cannot store events on full-server subject zapsweep-results\.fills: maximum bytes exceeded/i);
    } finally {
      await nc.close();
      await own.stop();
    }
  }, 60_000);
});
