/**
 * The bundled NATS config the chart renders (the users and rules of deploy/nats-permissions.yaml),
 * on a real nats-server: zapsweep-controller (password) may do everything; a connection without
 * credentials is zapsweep-worker, which can look the event stream up and publish events with
 * acknowledgements, and nothing else (no consumers, no stream reads, no KV, no other subjects).
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ensureEventStream } from '../../src/transport/nats/streams.js';
import { NatsServer } from '../support/nats-server.js';
import { renderChart } from '../support/helm-render/render.js';

let server: NatsServer;
let controller: NatsConnection;
let worker: NatsConnection;
const password = 'chart-test-password';

beforeAll(async () => {
  const cm = renderChart().objects.find((o) => o['kind'] === 'ConfigMap' && (o['metadata'] as { name: string }).name === 'zapsweep-nats-config') as { data: Record<string, string> } | undefined;
  const rendered = cm?.data['nats.conf'] ?? '';
  expect(rendered).toContain('no_auth_user: zapsweep-worker');
  // The test server takes its port, monitor and store from the command line (parallel test files).
  const config = rendered.replace(/^http_port: .*$/m, '').replace(/^jetstream \{[^}]*\}$/m, '');
  process.env['ZAPSWEEP_CONTROLLER_PASSWORD'] = password; // the server reads it from its environment, as in the pod
  server = await NatsServer.start({ auth: { kind: 'config', config } });
  controller = await connect({ servers: server.url, user: 'zapsweep-controller', pass: password });
  await ensureEventStream(await jetstreamManager(controller));
  worker = await connect({ servers: server.url });
}, 30_000);

afterAll(async () => {
  await worker?.close();
  await controller?.close();
  await server?.stop();
});

const refused = async (what: () => Promise<unknown>): Promise<string> => {
  try {
    await what();
    return 'allowed';
  } catch (err) {
    return String(err);
  }
};

describe('the chart\'s NATS authorisation', () => {
  test('a wrong controller password is refused', async () => {
    expect(await refused(() => connect({ servers: server.url, user: 'zapsweep-controller', pass: 'nope', reconnect: false }))).toMatch(/Authorization|auth/i);
  });

  test('the worker looks the stream up and publishes events, acknowledged', async () => {
    await ensureEventStream(await jetstreamManager(worker));
    const ack = await jetstream(worker).publish('zapsweep.nightly-20261201.t1.started', '{}', { msgID: 'k1' });
    expect(ack.stream).toBe('ZAPSWEEP');
    const info = await (await jetstreamManager(controller)).streams.info('ZAPSWEEP');
    expect(info.state.messages).toBeGreaterThanOrEqual(1);
  });

  test.each([
    { name: 'creating a consumer', act: async () => (await jetstreamManager(worker)).consumers.add('ZAPSWEEP', { durable_name: 'spy', filter_subject: 'zapsweep.>' }) },
    { name: 'reading a stored event', act: async () => (await jetstreamManager(worker)).streams.getMessage('ZAPSWEEP', { seq: 1 }) },
    { name: 'deleting the stream', act: async () => (await jetstreamManager(worker)).streams.delete('ZAPSWEEP') },
    { name: 'opening a KV bucket', act: async () => new Kvm(worker).create('zapsweep-status') },
  ])('the worker is refused $name', async ({ act }) => {
    expect(await refused(act)).toMatch(/Permissions Violation for Publish to "\$JS\.API\./);
  });

  test('the worker cannot subscribe to events, nor publish off the event subjects', async () => {
    const errors: string[] = [];
    const probe = await connect({ servers: server.url });
    void (async () => {
      for await (const s of probe.status()) if (s.type === 'error') errors.push(String((s as { error?: unknown }).error));
    })();
    probe.subscribe('zapsweep.>');
    probe.publish('zapsweep.not-an-event', '{}');
    probe.publish('$KV.zapsweep-status.x', '{}');
    await probe.flush();
    await new Promise((r) => setTimeout(r, 300));
    await probe.close();
    expect(errors.join('\n')).toMatch(/Subscription to "zapsweep.>"/);
    expect(errors.join('\n')).toMatch(/Publish to "zapsweep.not-an-event"/);
    expect(errors.join('\n')).toMatch(/Publish to "\$KV.zapsweep-status.x"/);
  });

  test('the controller consumes', async () => {
    const jsm = await jetstreamManager(controller);
    await jsm.consumers.add('ZAPSWEEP', { durable_name: 'ctl', filter_subject: 'zapsweep.>', ack_policy: 'explicit' });
    const m = await (await jetstream(controller).consumers.get('ZAPSWEEP', 'ctl')).next({ expires: 2000 });
    expect(m?.subject).toBe('zapsweep.nightly-20261201.t1.started');
  });
});

/** The `permissions: {...}` block of one user in a NATS authorization config, whitespace-normalised. */
function permissionsOf(config: string, user: string): string | undefined {
  const at = config.indexOf(`user: "${user}"`);
  if (at < 0) return undefined;
  const start = config.indexOf('permissions:', at);
  let depth = 0;
  for (let i = config.indexOf('{', start); i < config.length; i++) {
    if (config[i] === '{') depth++;
    if (config[i] === '}' && --depth === 0) return config.slice(start, i + 1).replace(/\s+/g, ' ');
  }
  return undefined;
}

// deploy/nats-permissions.yaml comes with issue #10's branch; once merged, the two must agree.
const permissionsFile = join(import.meta.dirname, '../../deploy/nats-permissions.yaml');
describe.skipIf(!existsSync(permissionsFile))('the chart = deploy/nats-permissions.yaml', () => {
  test.each(['zapsweep-controller', 'zapsweep-worker'])('%s has the same permissions', (user) => {
    const deployed = (parse(readFileSync(permissionsFile, 'utf8')) as { data: Record<string, string> }).data['auth.conf'] ?? '';
    const cm = renderChart().objects.find((o) => (o['metadata'] as { name: string }).name === 'zapsweep-nats-config') as { data: Record<string, string> };
    expect(permissionsOf(cm.data['nats.conf'] ?? '', user)).toBeDefined();
    expect(permissionsOf(cm.data['nats.conf'] ?? '', user)).toBe(permissionsOf(deployed, user));
  });
});
