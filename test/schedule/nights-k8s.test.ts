/**
 * Two scheduled nights on Kubernetes: `zapsweep --nats URL schedule run ... --kubeconfig` against
 * the API double (real HTTP; the node simulator runs each pod as a real `zapsweep worker` that
 * trains and publishes) and a real nats-server (events, sweep records and the drift report in
 * JetStream). The second night's pods read mislabelled Omniglot data (the executor's env points at
 * another data folder; config ids are unchanged): the drift report flags exactly that configuration,
 * --fail-on-regression exits 4, the webhook receiver gets the report.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { assertBuilt, runCli } from '../support/cli.js';
import { tempDir } from '../support/builders.js';
import { startCliCluster, type CliCluster } from '../kubernetes/support/cli-cluster.js';
import { mislabel, nightSpec, writeGoodData } from './support/nights-fixture.js';

let cluster: CliCluster;
let receiver: Server;
let hook = '';
const received: unknown[] = [];
const dir = tempDir();

const spec = (name: string, data: string): string => {
  const file = join(dir, name);
  writeFileSync(file, nightSpec('nightly-k8s', `{ kind: kubernetes, image: "zapsweep:test", parallelism: 2, backend: wasm, env: { ZAPSWEEP_OMNIGLOT: "${data}" } }`));
  return file;
};

beforeAll(async () => {
  assertBuilt();
  cluster = await startCliCluster(dir);
  await writeGoodData(join(dir, 'good'));
  mislabel(join(dir, 'good'), join(dir, 'bad'));
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => {
      received.push(JSON.parse(body));
      res.statusCode = 200;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const addr = receiver.address();
  hook = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hook`;
});

afterAll(async () => {
  await cluster.stop();
  await new Promise((r) => receiver.close(r));
});

const night = (date: string, file: string): ReturnType<typeof runCli> =>
  runCli(['--store', join(dir, 'cache'), '--nats', cluster.nats.url, 'schedule', 'run', 'nightly', file, '--date', date, '--cron', '0 2 * * *', '--fail-on-regression', '--webhook', hook, '--kubeconfig', cluster.kubeconfig]);

describe('scheduled nights on Kubernetes (API double + real NATS)', () => {
  test('a night of mislabelled data is flagged, exit 4, the webhook gets it; the report is stored in JetStream', async () => {
    const one = await night('2026-11-30', spec('good.yaml', join(dir, 'good')));
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('baseline: none (no earlier completed night)');
    const two = await night('2026-12-01', spec('bad.yaml', join(dir, 'bad')));
    expect(two.code, two.stderr).toBe(4);
    const report = JSON.parse((await runCli(['--store', join(dir, 'cache'), '--nats', cluster.nats.url, 'schedule', 'report', 'nightly', '-o', 'json'])).stdout) as { current: { id: string }; baseline: { id: string }; regressed: Array<{ parameters: Record<string, unknown> }>; improved: unknown[]; summary: string[] };
    expect(report.current.id).toBe('nightly-20261201');
    expect(report.baseline.id).toBe('nightly-20261130');
    expect(report.regressed.map((c) => Object.values(c.parameters))).toEqual([['omniglot']]);
    expect(report.improved).toEqual([]);
    expect(two.stdout).toContain(report.summary.join('\n'));
    expect(received).toHaveLength(2);
    expect(received[1]).toMatchObject({ event: 'zapsweep.drift-report', sweepId: 'nightly-20261201', summary: report.summary });
    // Stored with the sweep: KV bucket zapsweep-drift holds the same report.
    const nc = await connect({ servers: cluster.nats.url });
    const kv = await new Kvm(nc).open('zapsweep-drift');
    expect(JSON.parse((await kv.get('nightly-20261201'))?.string() ?? 'null')).toEqual(report);
    await nc.close();
    // Each night is one ConfigMap and one Indexed Job named after its sweep id.
    expect(cluster.api.store.list('jobs', 'zapsweep').map((j) => j.metadata.name).sort().join(' ')).toMatch(/nightly-20261130.*nightly-20261201/);
  });
});
