/** A real raced sweep end to end on the local executor (real workers, real training): racing (docs/racing.md). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, onlySweepId, readLog, runCli, tempDir } from './imports.js';
import { writeRaceSpec, writeStoppingSpec } from './race-spec.js';
import { TINY_EXPERIMENT } from './tiny-spec.js';

beforeAll(assertBuilt);

interface RaceJson {
  sweep: { id: string; status: string; trials: { total: number; succeeded: number }; search: { kind: string; rounds: number; end: string; survivors: string[]; pick: string | null; adaptive: boolean } };
  configs: Array<{ configId: string; rank: number; seeds: number; parameters: Record<string, unknown>; race: { rounds: number; eliminated: Array<{ round: number; rival: string; metric: string; difference: number; pAdjusted: number; seeds: number }> } }>;
}

describe('zapsweep run with search.kind race (real workers)', () => {
  it('races: eliminates with recorded reasons, gives survivors more seeds, and resume reruns nothing', async () => {
    const dir = tempDir();
    const spec = writeRaceSpec(dir);
    const store = join(dir, 'store');
    const run = await runCli(['--store', store, 'run', spec, '--no-ui', '-o', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as RaceJson;
    const { search } = r.sweep;
    expect(search).toMatchObject({ kind: 'race', adaptive: true });
    expect(['one-survivor', 'max-seeds']).toContain(search.end);
    // Every configuration ran round 0 (3 seeds); the survivors got one more seed per later round.
    expect(r.configs).toHaveLength(4);
    for (const c of r.configs) {
      expect(c.seeds).toBe(3 + (c.race.rounds - 1));
      const out = c.race.eliminated[0];
      if (out === undefined) {
        expect(search.survivors).toContain(c.configId);
        expect(c.race.rounds).toBe(search.rounds);
      } else {
        expect(search.survivors).not.toContain(c.configId);
        expect(out.metric).toBe('newAccAfter');
        expect(out.pAdjusted).toBeLessThanOrEqual(0.05);
        expect(out.difference).toBeGreaterThan(0);
        expect(search.survivors).toContain(out.rival);
      }
    }
    // The planted loser: a transfer rate of 1e-5 learns nothing, so it is out after round 0 and
    // the race spends fewer trials than the grid's 20.
    const slow = r.configs.filter((c) => c.parameters['transfer.learningRate'] === 0.00001);
    for (const c of slow) expect(c.race.eliminated[0]?.round).toBe(0);
    expect(r.sweep.trials.total).toBe(r.configs.reduce((n, c) => n + c.seeds, 0));
    expect(r.sweep.trials.total).toBeLessThan(20);
    expect(search.survivors).toContain(search.pick);
    expect(r.configs[0]?.race.eliminated).toEqual([]); // survivors are listed first

    // The table says who went and why, and that the search was adaptive.
    const id = onlySweepId(store);
    const table = await runCli(['--store', store, 'results', id]);
    expect(table.stdout).toContain('race on newAccAfter');
    expect(table.stdout).toMatch(/out after round 1: learningRate=0\.00001/);
    expect(table.stdout).toContain('the search was adaptive');

    // analyze and compare say that the elimination was adaptive.
    const analyze = await runCli(['--store', store, 'analyze', id]);
    expect(analyze.code, analyze.stderr).toBe(0);
    expect(analyze.stdout).toContain('the elimination was adaptive');
    const compare = await runCli(['--store', store, 'compare', id, id, '-o', 'json']);
    expect(compare.stderr).toContain('the elimination was adaptive');

    // confirm prints a spec of the top configurations on fresh seeds, with the same config ids.
    const confirm = await runCli(['--store', store, 'confirm', id, '--seeds', '3', '--top', '2']);
    expect(confirm.code, confirm.stderr).toBe(0);
    const confirmFile = join(dir, 'confirm.yaml');
    writeFileSync(confirmFile, confirm.stdout);
    const expanded = await runCli(['expand', confirmFile, '-o', 'json']);
    expect(expanded.code, expanded.stderr).toBe(0);
    const trials = JSON.parse(expanded.stdout) as Array<{ configId: string; seed: number }>;
    expect([...new Set(trials.map((t) => t.configId))]).toEqual(r.configs.slice(0, 2).map((c) => c.configId));
    expect([...new Set(trials.map((t) => t.seed))]).toEqual([5, 6, 7]);

    // Resume replays the rounds from the log: the same decisions, nothing rerun.
    const before = readLog(store, id).length;
    const again = await runCli(['--store', store, 'resume', id, '--no-ui', '-o', 'json']);
    expect(again.code, again.stderr).toBe(0);
    const started = readLog(store, id).slice(before).filter((e) => e.type === 'started');
    expect(started).toEqual([]);
    const replayed = JSON.parse(again.stdout) as RaceJson;
    expect(replayed.configs).toEqual(r.configs);
    expect(replayed.sweep.search).toEqual(r.sweep.search);
  });
});

describe('zapsweep run with search.stopping (median rule, real workers)', () => {
  it('stops a trial whose progress is below the completed trials\' median; it is stopped, not failed, and in no interval', async () => {
    const dir = tempDir();
    const file = writeStoppingSpec(dir);
    const store = join(dir, 'store');
    const run = await runCli(['--store', store, 'run', file, '--no-ui', '-o', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('stopped by the median rule: pretrain.oldTestAccuracy');
    const r = JSON.parse(run.stdout) as { sweep: { status: string; trials: Record<string, number> }; configs: Array<{ parameters: Record<string, unknown>; seeds: number }> };
    expect(r.sweep.status).toBe('completed');
    expect(r.sweep.trials).toMatchObject({ total: 4, failed: 0, running: 0 });
    expect(r.sweep.trials['stopped']).toBeGreaterThanOrEqual(2);
    expect(r.sweep.trials['succeeded']).toBe(4 - (r.sweep.trials['stopped'] ?? 0));
    // The non-learning configuration never finished: no interval is computed from it.
    expect(r.configs.map((c) => c.parameters['pretrain.learningRate'])).toEqual([0.01]);
    const id = onlySweepId(store);
    const log = readLog(store, id);
    const stops = log.filter((e) => e.type === 'stopped');
    expect(stops.length).toBe(r.sweep.trials['stopped']);
    for (const s of stops) expect(s).toMatchObject({ rule: 'median', metric: 'pretrain.oldTestAccuracy' });
    // Resume: stopped trials are settled, nothing runs again.
    const again = await runCli(['--store', store, 'resume', id, '--no-ui', '-o', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(readLog(store, id).slice(log.length).filter((e) => e.type === 'started')).toEqual([]);
    const table = await runCli(['--store', store, 'results', id]);
    expect(table.stdout).toMatch(/\d stopped early/);
  });
});

describe('zapsweep run with search.kind halving (real workers)', () => {
  it('runs every configuration at the cheap rung and only the top 1/eta at the next', async () => {
    const dir = tempDir();
    const file = join(dir, 'halving.yaml');
    writeFileSync(
      file,
      `apiVersion: zapsweep/v1
kind: Sweep
metadata:
  name: tinyhalving
spec:
  experiment:
${TINY_EXPERIMENT}  parameters:
    transfer.learningRate: [0.05, 0.001, 0.00001]
  seeds: 2
  search: { kind: halving, fidelity: { path: pretrain.epochs, values: [1, 3] }, eta: 3, objective: newAccAfter }
  executor: { kind: local, parallelism: 2 }
  budget: { maxTrials: 20, trialTimeout: 5m, retries: 2 }
`,
    );
    const store = join(dir, 'store');
    const run = await runCli(['--store', store, 'run', file, '--no-ui', '-o', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as {
      sweep: { trials: { total: number }; search: { kind: string; rounds: number; end: string } };
      configs: Array<{ parameters: Record<string, unknown>; seeds: number; halving: { rung: number; fidelity: number; promoted: boolean } }>;
    };
    expect(r.sweep.search).toMatchObject({ kind: 'halving', rounds: 2, end: 'last-rung' });
    expect(r.sweep.trials.total).toBe(3 * 2 + 1 * 2);
    const rung0 = r.configs.filter((c) => c.halving.rung === 0);
    const rung1 = r.configs.filter((c) => c.halving.rung === 1);
    expect(rung0).toHaveLength(3);
    expect(rung1).toHaveLength(1);
    expect(rung0.filter((c) => c.halving.promoted)).toHaveLength(1);
    for (const c of r.configs) expect(c.parameters['pretrain.epochs']).toBe(c.halving.fidelity);
    // The promoted configuration is the one that reran at 3 epochs.
    const promoted = rung0.find((c) => c.halving.promoted);
    expect(rung1[0]?.parameters['transfer.learningRate']).toBe(promoted?.parameters['transfer.learningRate']);
    // A learning rate of 1e-5 cannot win the cheap rung.
    expect(promoted?.parameters['transfer.learningRate']).not.toBe(0.00001);
  });
});
