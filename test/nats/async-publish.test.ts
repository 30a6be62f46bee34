/** The cheap acked publish (src/transport/nats/async-publish.ts) and the inbox's consume restart, against a real server. */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedCount } from '../../src/store/jetstream/read-subject.js';
import { AsyncJetStreamPublisher, replyError } from '../../src/transport/nats/async-publish.js';
import { NatsInbox } from '../../src/transport/nats/inbox.js';
import { connectNats } from '../../src/transport/nats/options.js';
import { ensureEventStream, eventStream } from '../../src/transport/nats/streams.js';
import { NatsServer } from '../support/nats-server.js';

const text = (s: string) => ({ data: new TextEncoder().encode(s), string: () => s });

describe('replyError', () => {
  it.each([
    { name: 'a PubAck', reply: text('{"stream":"ZAPSWEEP","seq":7}'), expected: undefined },
    { name: 'a duplicate PubAck', reply: text('{"stream":"ZAPSWEEP","seq":7,"duplicate":true}'), expected: undefined },
    { name: 'a JetStream error', reply: text('{"error":{"code":503,"description":"insufficient resources"}}'), expected: 'JetStream error 503: insufficient resources' },
    { name: 'an ack without a stream', reply: text('{"seq":1}'), expected: 'invalid ack' },
    { name: 'not JSON', reply: text('+OK'), expected: 'invalid ack (not JSON)' },
    { name: 'empty', reply: text(''), expected: 'empty reply' },
  ])('$name -> $expected', ({ reply, expected }) => {
    expect(replyError(reply)).toBe(expected);
  });
});

/** One real server for the suites below (their subjects and sweeps do not overlap). */
let server: NatsServer;
let nc: NatsConnection;
beforeAll(async () => {
  server = await NatsServer.start();
  nc = await connectNats({ servers: [server.url] }, { name: 't' });
  await ensureEventStream(await jetstreamManager(nc));
});
afterAll(async () => {
  await nc.close();
  await server.stop();
});

describe('AsyncJetStreamPublisher against a real server', () => {

  const publishAll = (p: AsyncJetStreamPublisher, items: [string, string][]): Promise<(string | undefined)[]> =>
    Promise.all(items.map(([subject, id]) => new Promise<string | undefined>((resolve) => p.publish(subject, '{}', id, { ok: () => resolve(undefined), fail: (e) => resolve(e.message) }))));

  it('acks each publish; a repeated message id is acked but stored once', async () => {
    const p = new AsyncJetStreamPublisher(nc, 5000);
    const items: [string, string][] = Array.from({ length: 500 }, (_, i) => ['zapsweep.ap.t0.progress', `id-${i % 250}`]);
    expect(await publishAll(p, items)).toEqual(items.map(() => undefined));
    expect(p.inFlight).toBe(0);
    expect(await storedCount(await jetstreamManager(nc), eventStream, 'zapsweep.ap.t0.progress')).toBe(250);
    p.close();
  });

  it('fails a publish no stream listens to, with the reason', async () => {
    const p = new AsyncJetStreamPublisher(nc, 5000);
    expect(await publishAll(p, [['nostream.x', 'a']])).toEqual(['no stream listens on the subject (no responders)']);
    p.close();
  });

  it('fails what is still waiting when closed, and what waits past its deadline', async () => {
    const p = new AsyncJetStreamPublisher(nc, 5000);
    const closed = publishAll(p, [['zapsweep.ap.t1.progress', 'c1']]);
    p.close();
    expect(await closed).toEqual(['publisher closed']);
    // A subscriber that never answers (no stream, so no "no responders" either): the deadline fails it.
    const silent = nc.subscribe('silent.x');
    const late = new AsyncJetStreamPublisher(nc, 50);
    expect(await publishAll(late, [['silent.x', 'd1']])).toEqual(['no acknowledgement within 50 ms']);
    expect(late.inFlight).toBe(0);
    late.close();
    silent.unsubscribe();
  });
});

describe('NatsInbox restarts a consume without losing a delivery', () => {

  it('a restarted consume goes on delivering (as after the stall watchdog ends one)', async () => {
    const inbox = await NatsInbox.open(nc, 'restart', { stallMs: 0 });
    const publisher = new AsyncJetStreamPublisher(nc, 5000);
    const publish = (from: number, to: number): Promise<void[]> =>
      Promise.all(Array.from({ length: to - from }, (_, k) => new Promise<void>((resolve, reject) =>
        publisher.publish('zapsweep.restart.t0.progress', JSON.stringify({ i: from + k }), `restart-${from + k}`, { ok: resolve, fail: reject }))));
    await publish(0, 20);
    const seen = new Set<number>();
    for await (const d of inbox) {
      seen.add((d.raw as { i: number }).i);
      await d.ack();
      if (seen.size === 20 && inbox.restarts === 0) {
        inbox.restartConsume();
        await publish(20, 60);
      }
      if (seen.size === 60) break;
    }
    publisher.close();
    expect(inbox.restarts).toBe(1);
    expect(seen.size).toBe(60);
    await inbox.close();
  });
});
