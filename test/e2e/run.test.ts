import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, tempDir, } from './imports.js';
import { writeTinySpec } from './tiny-spec.js';

beforeAll(assertBuilt);

describe('zapsweep run (real workers, real training)', () => {
  it('runs a sweep end to end and reports results in the documented shape', async () => {
    const dir = tempDir();
    const spec = writeTinySpec(dir);
    const store = join(dir, 'store');
    const run = await runCli(['--store', store, 'run', spec, '-o', 'json']);
    expect(run.stderr).toContain('finished');
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as {
      sweep: { id: string; name: string; status: string; trials: Record<string, number> };
      configs: Array<{ configId: string; rank: number; pareto: boolean; seeds: number; parameters: Record<string, unknown>; metrics: Record<string, { mean: number; ci95: [number, number] | null; n: number }> }>;
    };
    expect(results.sweep).toMatchObject({ name: 'tiny', status: 'completed', trials: { total: 4, succeeded: 4, failed: 0, running: 0 } });
    expect(results.configs.map((c) => c.rank)).toEqual([1, 2]);
    for (const c of results.configs) {
      expect(c.seeds).toBe(2);
      expect(Object.keys(c.parameters)).toEqual(['pretrain.zapEvery']);
      for (const name of ['oldAccBefore', 'oldAccAfter', 'retainedAccuracy', 'retention', 'forgetting', 'newAccBefore', 'newAccAfter', 'newTaskGain']) {
        const m = c.metrics[name];
        expect(m, name).toBeDefined();
        expect(m?.n).toBe(2);
        expect(m?.ci95?.[0]).toBeLessThanOrEqual(m?.mean ?? NaN);
      }
      // It really learned the old task: well above chance (1/5 over the whole head).
      expect(c.metrics['oldAccBefore']?.mean).toBeGreaterThan(0.5);
    }
    const again = await runCli(['--store', store, 'results', results.sweep.id, '-o', 'json']);
    expect(JSON.parse(again.stdout)).toEqual(results);
    const csv = await runCli(['--store', store, 'results', results.sweep.id, '-o', 'csv']);
    expect(csv.stdout.split('\n')[0]).toContain('retainedAccuracy.mean');
    const ls = await runCli(['--store', store, 'ls']);
    expect(ls.stdout).toContain(results.sweep.id);
  });
});
