import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedCount } from '../../src/store/jetstream/read-subject.js';
import type { TrialEvent } from '../../src/transport/events.js';
import { connectNats } from '../../src/transport/nats/options.js';
import { NatsDeliveryError, NatsPublisher } from '../../src/transport/nats/publisher.js';
import { SpillBuffer } from '../../src/transport/nats/spill-buffer.js';
import { eventStream } from '../../src/transport/nats/streams.js';
import { tempDir } from '../support/builders.js';
import { NatsServer } from '../support/nats-server.js';

const ev = (sweepId: string, seq: number, type: 'progress' | 'finished' = 'progress'): TrialEvent =>
  type === 'finished'
    ? { sweepId, trialId: 't0', attempt: 0, seq, time: 0, type, metrics: { retainedAccuracy: 1 } }
    : { sweepId, trialId: 't0', attempt: 0, seq, time: 0, type, phase: 'pretrain', step: seq, total: 9 };

describe('SpillBuffer', () => {
  it.each([
    [1, 1, 10],
    [3, 2, 17],
    [100, 10, 50],
  ])('memory %i, chunk %i: %i entries come back in order, nothing lost', (memoryLimit, chunk, n) => {
    const b = new SpillBuffer({ memoryLimit, chunk, dir: tempDir() });
    for (let i = 0; i < n; i++) b.push(String(i));
    expect(b.size).toBe(n);
    const out: string[] = [];
    for (let line = b.shift(); line !== undefined; line = b.shift()) out.push(line);
    expect(out).toEqual(Array.from({ length: n }, (_, i) => String(i)));
    expect(b.spilled).toBe(n > memoryLimit ? Math.floor((n - memoryLimit) / chunk) * chunk : 0);
    b.dispose();
  });

  it('puts a retried entry back at the front', () => {
    const b = new SpillBuffer({ memoryLimit: 5, chunk: 2 });
    b.push('a');
    b.push('b');
    const first = b.shift() ?? '';
    b.unshift(first);
    expect([b.shift(), b.shift(), b.shift()]).toEqual(['a', 'b', undefined]);
  });
});

describe('NatsPublisher against a real server', () => {
  let server: NatsServer;
  beforeAll(async () => {
    server = await NatsServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('buffers (spilling to files) while the server is down and delivers everything once it is back', async () => {
    await server.kill();
    const publisher = new NatsPublisher({ settings: { servers: [server.url] }, deadlineMs: 600_000, memoryEvents: 8, spillDir: tempDir() });
    const n = 60;
    for (let i = 0; i < n - 1; i++) await publisher.publish(ev('spill', i));
    await publisher.publish(ev('spill', n - 1, 'finished'));
    expect(publisher.spilled).toBeGreaterThan(0);
    await server.restart();
    await publisher.close();
    const nc = await connectNats({ servers: [server.url] }, { name: 't' });
    const jsm = await jetstreamManager(nc);
    expect(await storedCount(jsm, eventStream, 'zapsweep.spill.t0.progress')).toBe(n - 1);
    expect(await storedCount(jsm, eventStream, 'zapsweep.spill.t0.finished')).toBe(1);
    await nc.close();
  });

  it('gives up after the deadline with a retryable error, and says how much was undelivered', async () => {
    let gaveUp: NatsDeliveryError | undefined;
    const publisher = new NatsPublisher({ settings: { servers: ['nats://127.0.0.1:1'] }, deadlineMs: 200, onGiveUp: (e) => (gaveUp = e) });
    await publisher.publish(ev('never', 0, 'finished'));
    const err = await publisher.close().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NatsDeliveryError);
    expect((err as NatsDeliveryError).retryable).toBe(true);
    expect((err as Error).message).toMatch(/1 event\(s\) undelivered/);
    expect(gaveUp).toBe(err);
  });
});
