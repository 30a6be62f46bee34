/**
 * The NATS inbox's retries are said, not silent: an absent consumer is told apart from an outage
 * and created again (no event lost); an outage is "NATS unreachable ..., retrying" at once and
 * again while it lasts, then "reachable again". The wording's cadence is checked on a fake clock;
 * the real server is SIGKILLed and restarted for the rest.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvent, type TrialEvent } from '../../src/transport/events.js';
import { NatsInbox } from '../../src/transport/nats/inbox.js';
import { connectNats } from '../../src/transport/nats/options.js';
import { OutageLog } from '../../src/transport/nats/outage-log.js';
import { NatsPublisher } from '../../src/transport/nats/publisher.js';
import { controllerConsumer, eventStream } from '../../src/transport/nats/streams.js';
import { waitFor } from '../support/cli.js';
import { NatsServer } from '../support/nats-server.js';

describe('OutageLog (fake clock)', () => {
  it('says an outage at once, every repeat interval while it lasts, and its end', () => {
    let now = 0;
    const lines: string[] = [];
    const o = new OutageLog({ log: (l) => lines.push(l), repeatMs: 30_000, now: () => now });
    o.failed('disconnected from 127.0.0.1:4222');
    for (now = 0; now <= 125_000; now += 5_000) {
      o.failed('consume: timeout');
      o.maybeRepeat();
    }
    now = 125_000;
    o.recovered();
    o.recovered();
    expect(lines).toEqual([
      'NATS unreachable (disconnected from 127.0.0.1:4222), retrying ...',
      'NATS unreachable for 30s (consume: timeout), retrying ...',
      'NATS unreachable for 1m00s (consume: timeout), retrying ...',
      'NATS unreachable for 1m30s (consume: timeout), retrying ...',
      'NATS unreachable for 2m00s (consume: timeout), retrying ...',
      'NATS reachable again after 2m05s',
    ]);
    expect(o.down).toBe(false);
  });
});

describe('NatsInbox against a real server', () => {
  let server: NatsServer;
  let nc: NatsConnection;
  beforeAll(async () => {
    server = await NatsServer.start();
    nc = await connectNats({ servers: [server.url] }, { name: 'inbox-retries' });
  });
  afterAll(async () => {
    await nc.close().catch(() => undefined);
    await server.stop();
  });

  const ev = (sweepId: string, seq: number): TrialEvent => ({ sweepId, trialId: 't0', attempt: 0, seq, time: 0, type: 'progress', phase: 'pretrain', step: seq, total: 99 });
  async function publish(sweepId: string, seqs: number[]): Promise<void> {
    const p = new NatsPublisher({ settings: { servers: [server.url] }, deadlineMs: 120_000 });
    for (const s of seqs) await p.publish(ev(sweepId, s));
    await p.close();
  }
  /** Drains the inbox in the background, acking; returns the seqs seen. */
  function drain(inbox: NatsInbox): Set<number> {
    const seen = new Set<number>();
    void (async () => {
      for await (const d of inbox) {
        const parsed = parseEvent(d.raw);
        if (parsed.ok) seen.add(parsed.event.seq);
        await d.ack();
      }
    })();
    return seen;
  }

  it('an absent consumer is said as such, created again, and no event is lost', async () => {
    const lines: string[] = [];
    const inbox = await NatsInbox.open(nc, 'absent', { log: (l) => lines.push(l) });
    const seen = drain(inbox);
    await publish('absent', [0, 1]);
    await waitFor('the first events', () => seen.has(1), 30_000);
    await (await jetstreamManager(nc)).consumers.delete(eventStream, controllerConsumer('absent'));
    await publish('absent', [2, 3]);
    await waitFor('events after the consumer was recreated', () => seen.has(3), 60_000);
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    expect(inbox.recreated).toBeGreaterThanOrEqual(1);
    expect(lines.some((l) => l.startsWith(`NATS consumer ${controllerConsumer('absent')} on stream ZAPSWEEP is absent (deleted, or the server lost its state); creating it again`))).toBe(true);
    expect(lines.some((l) => l.includes('unreachable'))).toBe(false);
    await inbox.close();
  }, 90_000);

  it('a server outage is said at once and again while it lasts, then its end; events flow afterwards', async () => {
    const lines: string[] = [];
    const inbox = await NatsInbox.open(nc, 'outage', { log: (l) => lines.push(l), outageRepeatMs: 300 });
    const seen = drain(inbox);
    await server.kill();
    await waitFor('two outage lines', () => lines.filter((l) => l.startsWith('NATS unreachable')).length >= 2, 30_000);
    expect(lines[0]).toMatch(/^NATS unreachable \(disconnected from 127\.0\.0\.1:\d+\), retrying \.\.\.$/);
    expect(lines[1]).toMatch(/^NATS unreachable for \d+s \(.*\), retrying \.\.\.$/);
    await server.restart();
    await waitFor('the end of the outage', () => lines.some((l) => l.startsWith('NATS reachable again after')), 60_000);
    await publish('outage', [0]);
    await waitFor('an event after the outage', () => seen.has(0), 60_000);
    await inbox.close();
  }, 120_000);
});
