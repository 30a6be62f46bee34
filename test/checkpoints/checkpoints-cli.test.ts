/**
 * `zapsweep checkpoints ls` and `gc` as real processes (the built CLI), on the file store and with
 * --nats on a real nats-server (JetStream results + the object store): gc keeps what a running
 * sweep's stages need and removes the rest; --dry-run removes nothing; bad input is one sentence, exit 2.
 */
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileCheckpointStore } from '../../src/checkpoints/file-store.js';
import { ObjectCheckpointStore } from '../../src/checkpoints/object-store.js';
import type { CheckpointStore } from '../../src/checkpoints/types.js';
import { expand } from '../../src/spec/expand.js';
import { parseSpecText } from '../../src/spec/load.js';
import { stagesOf } from '../../src/spec/stages.js';
import { FileStore } from '../../src/store/file-store.js';
import { JetStreamStore } from '../../src/store/jetstream/jetstream-store.js';
import type { ResultsStore } from '../../src/store/types.js';
import { connectNats } from '../../src/transport/nats/options.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { sweepRecord, tempDir } from '../support/builders.js';
import { NatsServer } from '../support/nats-server.js';

const specText = (name: string): string => readFileSync(resolve(import.meta.dirname, '../../sweeps', name), 'utf8');
const stageKeys = (text: string): string[] => stagesOf(expand(parseSpecText(text, 'x.yaml').sweep)).map((s) => s.key);

const running = 'repro-20261201-090000-aaaa';
const completed = 'quick-20261201-080000-bbbb';

/** A running sweep (2 of its stages stored), a completed one (1 stored) and an orphan checkpoint. */
async function seed(results: ResultsStore, checkpoints: CheckpointStore): Promise<{ keep: string[]; remove: string[] }> {
  const repro = specText('repro-zapping.yaml');
  const quick = specText('quick.yaml');
  await results.createSweep(sweepRecord(running, 90), repro);
  await results.createSweep({ ...sweepRecord(completed, 12), status: 'completed' }, quick);
  const [r0, r1] = stageKeys(repro);
  const [q0] = stageKeys(quick);
  const put = (stage: string, sweepId: string, bytes: number): Promise<unknown> => checkpoints.put(`${stage}-wasm`, new Uint8Array(bytes).fill(7), { stageKey: stage, sweepId });
  await put(r0!, running, 3000);
  await put(r1!, completed, 2000); // written by another sweep, needed by the running one
  await put(q0!, completed, 5000);
  await put('orphan0000ab', 'gone', 7000);
  return { keep: [`${r0!}-wasm`, `${r1!}-wasm`].sort(), remove: [`${q0!}-wasm`, 'orphan0000ab-wasm'].sort() };
}

interface Rig {
  args: string[];
  checkpoints: CheckpointStore;
  expected: { keep: string[]; remove: string[] };
}

let server: NatsServer;
const connections: NatsConnection[] = [];
beforeAll(async () => {
  assertBuilt();
  server = await NatsServer.start();
}, 30_000);
afterAll(async () => {
  for (const nc of connections) await nc.close().catch(() => undefined);
  await server?.stop();
});

const rigs: Array<{ name: string; make: () => Promise<Rig>; bare: () => string[] }> = [
  {
    name: 'file store',
    make: async () => {
      const dir = tempDir();
      const checkpoints = new FileCheckpointStore(dir);
      return { args: ['--store', dir], checkpoints, expected: await seed(new FileStore(dir), checkpoints) };
    },
    bare: () => ['--store', tempDir()],
  },
  {
    name: 'nats',
    make: async () => {
      const nc = await connectNats({ servers: [server.url] }, { name: 'checkpoints-cli-test' });
      connections.push(nc);
      const checkpoints = await ObjectCheckpointStore.open(nc);
      const results = await JetStreamStore.open(nc, { cacheDir: tempDir(), label: 'test' });
      return { args: ['--store', tempDir(), '--nats', server.url], checkpoints, expected: await seed(results, checkpoints) };
    },
    bare: () => ['--store', tempDir(), '--nats', server.url],
  },
];

describe.each(rigs)('zapsweep checkpoints ($name)', ({ make, bare }) => {
  it('ls, ls <sweep>, gc --dry-run, gc', { timeout: 120_000 }, async () => {
    const { args, checkpoints, expected } = await make();
    const all = [...expected.keep, ...expected.remove].sort();

    const ls = await runCli([...args, 'checkpoints', 'ls']);
    expect(ls.stderr).toBe('');
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(/^key\s+stage\s+sweep\s+size\s+age\n/);
    for (const k of all) expect(ls.stdout).toContain(k);
    expect(ls.stdout).toMatch(/4 checkpoint\(s\), 16\.6 KiB in /);

    const json = await runCli([...args, 'checkpoints', 'ls', running, '-o', 'json']);
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout) as Array<{ key: string; bytes: number; digest: string }>;
    expect(listed.map((m) => m.key).sort()).toEqual(expected.keep);
    expect(listed[0]?.digest).toMatch(/^[0-9a-f]{64}$/);

    const dry = await runCli([...args, 'checkpoints', 'gc', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would remove 2 checkpoint\(s\), 11\.7 KiB would be freed; kept 2, 4\.9 KiB \(1 running sweep\(s\)\)/);
    expect(dry.stdout).toContain(`needed by ${running}`);
    expect((await checkpoints.list()).map((m) => m.key).sort()).toEqual(all);

    const gc = await runCli([...args, 'checkpoints', 'gc', '-o', 'json']);
    expect(gc.code).toBe(0);
    const done = JSON.parse(gc.stdout) as { removed: Array<{ key: string }>; kept: Array<{ key: string; neededBy: string[] }>; freedBytes: number };
    expect(done.removed.map((m) => m.key).sort()).toEqual(expected.remove);
    expect(done.kept.map((m) => m.key).sort()).toEqual(expected.keep);
    expect(done.freedBytes).toBe(12_000);
    expect((await checkpoints.list()).map((m) => m.key).sort()).toEqual(expected.keep);
  });

  it('an unknown sweep is one sentence, exit 2', async () => {
    const r = await runCli([...bare(), 'checkpoints', 'ls', 'no-such-sweep']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^zapsweep: checkpoints ls: no sweep "no-such-sweep" in .* \(see: zapsweep ls\)\n$/);
  });
});

describe('zapsweep checkpoints gc, when it cannot tell what a running sweep needs', () => {
  it('removes nothing and says why (its stored spec is unreadable)', async () => {
    const dir = tempDir();
    const checkpoints = new FileCheckpointStore(dir);
    const results = new FileStore(dir);
    await seed(results, checkpoints);
    rmSync(results.specPath(running));
    const r = await runCli(['--store', dir, 'checkpoints', 'gc']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^zapsweep: cannot tell which checkpoints sweep ${running} needs: its stored spec cannot be read \\(.*\\); nothing was removed\\n$`));
    expect(await checkpoints.list()).toHaveLength(4);
  });
});
