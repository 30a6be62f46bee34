/**
 * A raced sweep on Kubernetes (API double + real NATS; the node simulator runs each pod as a real
 * `zapsweep worker`): one Job shard per round, the same ConfigMap, the same decisions as locally.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeRaceSpec } from '../e2e/race-spec.js';
import { tempDir } from '../support/builders.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { startCliCluster, type CliCluster } from './support/cli-cluster.js';

let cluster: CliCluster;
const dir = tempDir();

beforeAll(async () => {
  assertBuilt();
  cluster = await startCliCluster(dir);
});

afterAll(() => cluster.stop());

interface RaceJson {
  sweep: { id: string; status: string; trials: { total: number; succeeded: number }; search: { rounds: number; end: string; survivors: string[] } };
  configs: Array<{ configId: string; seeds: number; parameters: Record<string, unknown>; race: { rounds: number; eliminated: Array<{ round: number }> } }>;
}

describe('a race on Kubernetes', () => {
  test('one Job per round (completions fixed per Job), the same ConfigMap; resume re-attaches and reruns nothing', async () => {
    const { api, sim, nats, kubeconfig } = cluster;
    const spec = writeRaceSpec(dir, 'executor: { kind: kubernetes, image: "zapsweep:test", parallelism: 2, backend: wasm }');
    const store = join(dir, 'store');
    const run = await runCli(['--store', store, '--nats', nats.url, 'run', spec, '-o', 'json', '--kubeconfig', kubeconfig]);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as RaceJson;
    expect(r.sweep.status).toBe('completed');
    expect(r.sweep.trials.succeeded).toBe(r.sweep.trials.total);
    expect(r.sweep.trials.total).toBe(r.configs.reduce((n, c) => n + c.seeds, 0));
    for (const c of r.configs) expect(c.seeds).toBe(3 + c.race.rounds - 1);
    for (const c of r.configs.filter((x) => x.parameters['transfer.learningRate'] === 0.00001)) expect(c.race.eliminated[0]?.round).toBe(0);
    // Objects stay O(rounds): one ConfigMap, one Job per round, each Job's completions its round's trials.
    const jobs = api.store.list('jobs', 'zapsweep') as Array<{ metadata: { name: string; annotations: Record<string, string> }; spec: { completions: number } }>;
    expect(jobs).toHaveLength(r.sweep.search.rounds);
    expect(api.store.list('configmaps', 'zapsweep')).toHaveLength(1);
    expect(jobs.reduce((n, j) => n + j.spec.completions, 0)).toBe(r.sweep.trials.total);
    expect(jobs.map((j) => j.spec.completions).sort((a, b) => b - a)[0]).toBe(12); // round 1: 4 configurations x 3 seeds
    for (const j of jobs) expect(j.metadata.annotations['zapsweep.io/indexes']).toMatch(/^[0-9,-]+$/);
    expect(sim.podsStarted).toHaveLength(r.sweep.trials.total);

    // Resume re-attaches to the finished Jobs (adopts them) and starts no pod.
    const pods = sim.podsStarted.length;
    const again = await runCli(['--store', store, '--nats', nats.url, 'resume', r.sweep.id, '-o', 'json', '--kubeconfig', kubeconfig]);
    expect(again.code, again.stderr).toBe(0);
    expect(sim.podsStarted.length).toBe(pods);
    expect(api.store.list('jobs', 'zapsweep')).toHaveLength(r.sweep.search.rounds);
    expect((JSON.parse(again.stdout) as RaceJson).configs).toEqual(r.configs);
  });
});
