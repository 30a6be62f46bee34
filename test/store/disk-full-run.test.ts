/**
 * Issue #10's disk-full finding end to end: `zapsweep run` with its store on a nearly full file
 * system (a real 24 KiB tmpfs) must stop promptly with one sentence and a non-zero exit, leave no
 * worker behind and no torn line; after space is freed, `resume` completes and no event is lost.
 * The store half (one StoreWriteError, no torn line, nothing lost) is done and tested in
 * file-faults.test.ts; the controller stopping on that error is the ledger's half of #10.
 * ENABLE (remove `.skip`) once the controller stops on StoreWriteError: today the run prints the
 * ENOSPC sentence and then waits forever.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinySpec } from '../e2e/tiny-spec.js';
import { tempDir } from '../support/builders.js';
import { assertBuilt, childPids, onlySweepId, runCli, startCli } from '../support/cli.js';
import { canMountTmpfs, mountTmpfs, type Tmpfs } from './tmpfs.js';

const mountable = canMountTmpfs();
let fs: Tmpfs | undefined;
beforeAll(() => {
  assertBuilt();
  fs = mountable ? mountTmpfs('24k') : undefined;
});
afterAll(() => fs?.unmount());

describe.skipIf(!mountable)('a run whose store fills up (skipped: mount(8) not allowed here)', () => {
  it.skip('stops with one sentence, exit 1, no workers left; resume after freeing space loses nothing', async () => {
    if (!fs) throw new Error('mount failed');
    const store = join(fs.dir, 'store');
    const spec = writeTinySpec(tempDir());
    const run = startCli(['--store', store, 'run', spec, '--no-ui']);
    let workers: number[] = [];
    const watch = setInterval(() => (workers = [...new Set([...workers, ...childPids(run.child.pid ?? -1)])]), 200);
    const killer = setTimeout(() => run.child.kill('SIGKILL'), 180_000);
    const r = await run.done;
    clearTimeout(killer);
    clearInterval(watch);
    expect(r.signal).toBeNull(); // it ended by itself
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^zapsweep: cannot append to .*events\.ndjson: no space left on device \(ENOSPC\)/m);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    const id = onlySweepId(store);
    const log = join(store, 'sweeps', id, 'events.ndjson');
    const before = readFileSync(log, 'utf8');
    expect(before.endsWith('\n')).toBe(true);

    fs.resize('4m');
    const resumed = await runCli(['--store', store, 'resume', id, '--no-ui', '-o', 'json']);
    expect(resumed.code).toBe(0);
    const after = readFileSync(log, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    for (const line of after.split('\n').filter((l) => l !== '')) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const results = JSON.parse(resumed.stdout) as { sweep: { status: string; trials: { succeeded: number; total: number } } };
    expect(results.sweep.status).toBe('completed');
    expect(results.sweep.trials.succeeded).toBe(results.sweep.trials.total);
  }, 400_000);
});
