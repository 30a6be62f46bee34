/**
 * Who may publish (README "Security"): deploy/nats-permissions.yaml loaded into a real nats-server.
 * A sweep's worker credential delivers its own sweep's events, and is refused on another sweep's
 * subjects, on the consumer API, on the KV buckets and on core subscriptions to event subjects.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { storedCount } from '../../src/store/jetstream/read-subject.js';
import { JetStreamStore } from '../../src/store/jetstream/jetstream-store.js';
import type { TrialEvent } from '../../src/transport/events.js';
import { controlSubject, listenForStop, publishStop } from '../../src/transport/nats/control.js';
import { NatsInbox } from '../../src/transport/nats/inbox.js';
import { connectNats, type NatsSettings } from '../../src/transport/nats/options.js';
import { NatsPublisher } from '../../src/transport/nats/publisher.js';
import { eventStream } from '../../src/transport/nats/streams.js';
import { tempDir } from '../support/builders.js';
import { NatsServer } from '../support/nats-server.js';

const shipped = parse(readFileSync(resolve(import.meta.dirname, '../../deploy/nats-permissions.yaml'), 'utf8')) as { data: { 'auth.conf': string } };
const controllerPassword = 'ctl-secret';
const workerPassword = 'wrk-secret';
let server: NatsServer;
let controller: NatsConnection;
const open: NatsConnection[] = [];

const ev = (sweepId: string, seq: number): TrialEvent => ({ sweepId, trialId: 't0', attempt: 0, seq, time: 0, type: 'progress', phase: 'pretrain', step: seq, total: 9 });
const as = (user: string): NatsSettings => ({ servers: [server.url], user, password: user === 'zapsweep-controller' ? controllerPassword : workerPassword });
async function connect(user: string): Promise<NatsConnection> {
  const nc = await connectNats(as(user), { name: user });
  open.push(nc);
  return nc;
}

beforeAll(async () => {
  // nats-server expands $NAME from its environment (it inherits ours).
  process.env['ZAPSWEEP_CONTROLLER_PASSWORD'] = controllerPassword;
  process.env['ZAPSWEEP_WORKER_PASSWORD'] = workerPassword;
  // The per-sweep user, made for sweep perm-a as the file says (replace SWEEP_ID).
  server = await NatsServer.start({ auth: { kind: 'config', config: shipped.data['auth.conf'].replaceAll('SWEEP_ID', 'perm-a') } });
  controller = await connect('zapsweep-controller');
  await JetStreamStore.open(controller, { cacheDir: tempDir(), label: 'perm' });
  await NatsInbox.open(controller, 'perm-a');
  await NatsInbox.open(controller, 'perm-b');
});
afterAll(async () => {
  for (const nc of open) await nc.close().catch(() => undefined);
  await server.stop();
});

describe('a worker credential for sweep perm-a', () => {
  it('delivers its own sweep\'s events through the real publisher', async () => {
    const publisher = new NatsPublisher({ settings: as('zapsweep-worker-perm-a'), deadlineMs: 60_000 });
    for (let i = 0; i < 3; i++) await publisher.publish(ev('perm-a', i));
    await publisher.close();
    expect(await storedCount(await jetstreamManager(controller), eventStream, 'zapsweep.perm-a.t0.progress')).toBe(3);
  });

  it('is refused on another sweep\'s subjects: nothing reaches the stream', async () => {
    const worker = await connect('zapsweep-worker-perm-a');
    await expect(jetstream(worker).publish('zapsweep.perm-b.t0.finished', JSON.stringify(ev('perm-b', 0)), { timeout: 3000 })).rejects.toThrow(/permissions violation/i);
    expect(await storedCount(await jetstreamManager(controller), eventStream, 'zapsweep.perm-b.t0.finished')).toBe(0);
  });

  const refusals: Array<{ name: string; call: (nc: NatsConnection) => Promise<unknown> }> = [
    { name: 'consumer info', call: async (nc) => (await jetstreamManager(nc)).consumers.info(eventStream, 'zapsweep-ctl-perm-a') },
    { name: 'consumer create', call: async (nc) => (await jetstreamManager(nc)).consumers.add(eventStream, { durable_name: 'thief', filter_subject: 'zapsweep.perm-a.>' }) },
    { name: 'pull from the controller\'s consumer', call: (nc) => nc.request('$JS.API.CONSUMER.MSG.NEXT.ZAPSWEEP.zapsweep-ctl-perm-a', '{"batch":1}', { timeout: 3000 }) },
    { name: 'stream purge', call: async (nc) => (await jetstreamManager(nc)).streams.purge(eventStream) },
    { name: 'KV bucket of sweep records', call: async (nc) => (await new Kvm(nc).open('zapsweep-sweeps')).get('perm-a') },
  ];
  it.each(refusals.slice(0, 2))('(control) the controller may: $name', async ({ call }) => {
    await expect(call(controller)).resolves.toBeDefined();
  });

  it.each(refusals)('is refused on the JetStream API: $name', async ({ call }) => {
    const worker = await connect('zapsweep-worker-perm-a');
    await expect(call(worker)).rejects.toThrow(/permissions violation/i);
  });

  it('cannot listen to event subjects (core subscription)', async () => {
    const worker = await connect('zapsweep-worker-perm-a');
    const sub = worker.subscribe('zapsweep.>');
    await expect((async () => {
      for await (const _ of sub) return 'delivered';
      return 'closed';
    })()).rejects.toThrow(/permissions violation/i);
  });

  it('hears its own sweep\'s stop messages (search.stopping) and may not listen to another sweep\'s', async () => {
    const worker = await connect('zapsweep-worker-perm-a');
    const heard: string[] = [];
    const unlisten = listenForStop(worker, 'perm-a', 3, 0, (reason) => void heard.push(reason));
    await worker.flush();
    await publishStop(controller, 'perm-a', 3, { stop: true, attempt: 1, reason: 'another attempt' });
    await publishStop(controller, 'perm-a', 3, { stop: true, attempt: 0, reason: 'below the median' });
    for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    unlisten();
    expect(heard).toEqual(['below the median']);
    const other = await connect('zapsweep-worker-perm-a');
    const sub = other.subscribe(controlSubject('perm-b', 0));
    await expect((async () => {
      for await (const _ of sub) return 'delivered';
      return 'closed';
    })()).rejects.toThrow(/permissions violation/i);
  });
});

describe('the shared worker credential (every sweep at once)', () => {
  it('publishes events of any sweep but is refused on the consumer API', async () => {
    const worker = await connect('zapsweep-worker');
    await expect(jetstream(worker).publish('zapsweep.perm-b.t0.progress', JSON.stringify(ev('perm-b', 0)), { msgID: 'x', timeout: 3000 })).resolves.toBeDefined();
    await expect((async () => (await jetstreamManager(worker)).consumers.info(eventStream, 'zapsweep-ctl-perm-b'))()).rejects.toThrow(/permissions violation/i);
  });
});
