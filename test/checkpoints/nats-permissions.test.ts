/**
 * The worker credentials of deploy/nats-permissions.yaml (loaded into a real nats-server) may use
 * the checkpoint object store and the stage claims bucket: open (or create) them, put, get,
 * replace, delete, claim, renew, release. Nothing they do is refused, and they still cannot read
 * the results. The same for the chart's bundled config (its worker connects without credentials).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KvStageClaims } from '../../src/checkpoints/kv-stage-claims.js';
import { ObjectCheckpointStore } from '../../src/checkpoints/object-store.js';
import { obtainStage } from '../../src/checkpoints/obtain-stage.js';
import { connectNats } from '../../src/transport/nats/options.js';
import { NatsServer } from '../support/nats-server.js';
import { renderChart } from '../support/helm-render/render.js';

const shipped = parse(readFileSync(resolve(import.meta.dirname, '../../deploy/nats-permissions.yaml'), 'utf8')) as { data: { 'auth.conf': string } };
const servers: Record<'deploy' | 'chart', NatsServer | undefined> = { deploy: undefined, chart: undefined };
const open: NatsConnection[] = [];

/** The chart's rendered server config, less what the test server takes from its command line. */
function chartConfig(): string {
  const cm = renderChart().objects.find((o) => o['kind'] === 'ConfigMap' && (o['metadata'] as { name: string }).name === 'zapsweep-nats-config') as { data: Record<string, string> } | undefined;
  return (cm?.data['nats.conf'] ?? '').replace(/^http_port: .*$/m, '').replace(/^jetstream \{[^}]*\}$/m, '');
}

/** A connection as `user` (none: the chart's no_auth_user), with every permission violation the server reports collected. */
async function connect(where: 'deploy' | 'chart', user: string | undefined): Promise<{ nc: NatsConnection; refused: string[] }> {
  const url = servers[where]?.url ?? '';
  const auth = user === undefined ? {} : { user, password: user === 'zapsweep-controller' ? 'c' : 'w' };
  const nc = await connectNats({ servers: [url], ...auth }, { name: user ?? 'no-auth' });
  open.push(nc);
  const refused: string[] = [];
  void (async () => {
    for await (const s of nc.status()) if (s.type === 'error') refused.push(String((s as { error?: unknown }).error));
  })();
  return { nc, refused };
}

beforeAll(async () => {
  process.env['ZAPSWEEP_CONTROLLER_PASSWORD'] = 'c';
  process.env['ZAPSWEEP_WORKER_PASSWORD'] = 'w';
  servers.deploy = await NatsServer.start({ auth: { kind: 'config', config: shipped.data['auth.conf'].replaceAll('SWEEP_ID', 'perm-a') } });
  servers.chart = await NatsServer.start({ auth: { kind: 'config', config: chartConfig() } });
}, 60_000);
afterAll(async () => {
  for (const nc of open) await nc.close().catch(() => undefined);
  await servers.deploy?.stop();
  await servers.chart?.stop();
});

describe.each([
  { where: 'deploy' as const, user: 'zapsweep-worker-perm-a' },
  { where: 'deploy' as const, user: 'zapsweep-worker' },
  { where: 'chart' as const, user: undefined },
])('worker $user ($where config) and the checkpoints', ({ where, user }) => {
  it('creates or opens the buckets, trains a stage once, reads, replaces and deletes checkpoints: nothing refused', { timeout: 60_000 }, async () => {
    const { nc, refused } = await connect(where, user);
    const store = await ObjectCheckpointStore.open(nc);
    const claims = await KvStageClaims.open(nc);
    const bytes = new Uint8Array(14_000_000).map((_, i) => i % 251); // the papers' model: flow control on the read
    const key = `perm-${user ?? 'chart'}-wasm`;
    const first = await obtainStage({ key, info: { stageKey: 'perm', sweepId: 'perm-a' }, store, claims, holder: 'pod-a', train: () => Promise.resolve(bytes) });
    expect(first.how).toBe('trained');
    const again = await obtainStage({ key, info: { stageKey: 'perm', sweepId: 'perm-a' }, store, claims, holder: 'pod-b', train: () => Promise.reject(new Error('must not train')) });
    expect(again.how).toBe('stored');
    expect(await claims.claim(key, 'pod-c')).toBe(true);
    expect(await claims.renew(key, 'pod-c')).toBe(true);
    await claims.release(key, 'pod-c');
    await store.put(key, bytes.subarray(0, 1000), { stageKey: 'perm', sweepId: 'perm-a' });
    expect((await store.get(key))?.byteLength).toBe(1000);
    expect((await store.list()).map((m) => m.key)).toContain(key);
    expect(await store.delete(key)).toBe(true);
    await nc.flush();
    expect(refused).toEqual([]);
  });

  it('still cannot read the results (KV bucket of sweep records)', async () => {
    const { nc: controller } = await connect(where, 'zapsweep-controller');
    await new Kvm(controller).create('zapsweep-sweeps');
    const { nc } = await connect(where, user);
    await expect((async () => (await new Kvm(nc).open('zapsweep-sweeps')).get('perm-a'))()).rejects.toThrow(/permissions violation/i);
  });
});
