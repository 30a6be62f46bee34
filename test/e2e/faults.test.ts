import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, childPids, isAlive, killWorkerMidAttempt, onlySweepId, readLog, runCli, startCli, tempDir, waitFor } from './imports.js';
import { writeSlowTinySpec } from './tiny-spec.js';

beforeAll(assertBuilt);

type Results = { sweep: { status: string; trials: Record<string, number> }; configs: Array<{ metrics: Record<string, { mean: number }> }> };

const finishedTrials = (log: ReturnType<typeof readLog>): Set<string> => new Set(log.filter((e) => e.type === 'finished').map((e) => e.trialId));
const starts = (log: ReturnType<typeof readLog>, trialId: string): number => log.filter((e) => e.type === 'started' && e.trialId === trialId).length;

describe('nothing is lost (real workers)', () => {
  it('SIGKILL of the controller leaves no orphan workers; resume reruns no finished trial', async () => {
    const dir = tempDir();
    const spec = writeSlowTinySpec(dir);
    const store = join(dir, 'store');
    const { child, done } = startCli(['--store', store, 'run', spec]);
    const id = await waitFor('the sweep to be created', () => { try { return onlySweepId(store); } catch { return undefined; } });
    await waitFor('a first finished trial', () => finishedTrials(readLog(store, id)).size >= 1);
    const workers = childPids(child.pid ?? -1);
    child.kill('SIGKILL');
    await done;
    await waitFor('the workers to notice and exit', () => workers.every((p) => !isAlive(p)), 15_000);

    const before = readLog(store, id);
    const doneBefore = finishedTrials(before);
    expect(doneBefore.size).toBeLessThan(4);

    const resumed = await runCli(['--store', store, 'resume', id, '-o', 'json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const results = JSON.parse(resumed.stdout) as Results;
    expect(results.sweep.trials).toMatchObject({ total: 4, succeeded: 4, failed: 0 });
    // The progress counter goes on from the trials done before (it restarted at [1/4] once).
    expect(resumed.stderr).toContain(`resuming ${id} (was running)`);
    expect(resumed.stderr).toContain(`[${doneBefore.size + 1}/4]`);
    expect(resumed.stderr).not.toContain('[1/4]');
    const after = readLog(store, id);
    for (const trialId of doneBefore) expect(starts(after, trialId), trialId).toBe(starts(before, trialId));
    expect(finishedTrials(after).size).toBe(4);
    // Each trial has exactly one finished event: the result is built from one attempt.
    expect(after.filter((e) => e.type === 'finished')).toHaveLength(4);
  });

  it('a SIGKILLed worker is retried and its partial attempt does not enter the results', async () => {
    const dir = tempDir();
    const spec = writeSlowTinySpec(dir);
    const store = join(dir, 'store');
    const { child, done } = startCli(['--store', store, 'run', spec, '-o', 'json']);
    const id = await waitFor('the sweep to be created', () => { try { return onlySweepId(store); } catch { return undefined; } });
    await killWorkerMidAttempt(child.pid ?? -1, () => readLog(store, id));
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    // The victim: the one attempt reported as a crash; its retry is the trial's result.
    const crashes = readLog(store, id).filter((e) => e.type === 'failed' && e['cause'] === 'crash');
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatchObject({ retryable: true });
    const log = readLog(store, id).filter((e) => e.trialId === crashes[0]?.trialId);
    expect(log.filter((e) => e.type === 'finished').map((e) => e.attempt)).toEqual([(crashes[0]?.attempt ?? -1) + 1]);
    const results = JSON.parse(run.stdout) as Results;
    expect(results.sweep.trials).toMatchObject({ succeeded: 4, failed: 0 });
  });

  it('a second resume is refused at once; SIGINT stops cleanly: exit 130, status interrupted, no orphans, resumable', async () => {
    const dir = tempDir();
    const spec = writeSlowTinySpec(dir);
    const store = join(dir, 'store');
    const { child, done } = startCli(['--store', store, 'run', spec]);
    const id = await waitFor('the sweep to be created', () => { try { return onlySweepId(store); } catch { return undefined; } });
    await waitFor('a started trial', () => readLog(store, id).some((e) => e.type === 'started'));
    // A second controller is refused before it says or changes anything.
    const second = await runCli(['--store', store, 'resume', id]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('another controller');
    expect(second.stdout + second.stderr).not.toContain('resuming');
    const workers = childPids(child.pid ?? -1);
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`zapsweep resume ${id}`);
    expect(workers.every((p) => !isAlive(p))).toBe(true);
    const ls = await runCli(['--store', store, 'ls', '-o', 'json']);
    expect(JSON.parse(ls.stdout)).toMatchObject([{ id, status: 'interrupted' }]);
    const interrupted = readLog(store, id).filter((e) => e.type === 'failed');
    expect(interrupted.length).toBeGreaterThan(0);
    expect(interrupted.every((e) => e['cause'] === 'interrupted')).toBe(true);
  });
});
