/**
 * A disk that fills up mid-sweep (a real, small tmpfs): `run` stops promptly with one sentence and
 * a non-zero exit, its workers stopped; once space is freed, `resume` finishes the sweep and the log
 * holds every stored event exactly once, with no torn line. Needs root and mount(8), as on this
 * project's machines and CI.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, childPids, isAlive, onlySweepId, runCli, startCli, tempDir, waitFor } from './imports.js';
import { writeSlowTinySpec } from './tiny-spec.js';
import { canMountTmpfs, mountTmpfs, type Tmpfs } from '../store/tmpfs.js';

beforeAll(assertBuilt);

const mounts: Tmpfs[] = [];
afterEach(() => {
  for (const m of mounts.splice(0)) m.unmount();
});

describe.skipIf(!canMountTmpfs())('the store fills up mid-sweep (skipped: mount(8) not allowed here)', () => {
  it('stops at once, says why, and resumes without losing an event once space is freed', async () => {
    const fs = mountTmpfs('20k');
    if (!fs) throw new Error('could not mount a tmpfs');
    mounts.push(fs);
    const spec = writeSlowTinySpec(tempDir());
    const store = join(fs.dir, 'store');
    const { child, done } = startCli(['--store', store, 'run', spec, '--no-ui']);
    const workers: number[] = [];
    const watcher = setInterval(() => workers.push(...childPids(child.pid ?? -1)), 100);
    const run = await done;
    clearInterval(watcher);
    expect(run.code).toBe(1);
    const errors = run.stderr.trim().split('\n').filter((l) => l.startsWith('zapsweep:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/stopped: cannot (append to|write) .*no space left on device \(ENOSPC\); once the store can be written again: zapsweep resume /);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    await waitFor('the workers to be gone', () => workers.every((p) => !isAlive(p)), 15_000);

    const id = onlySweepId(store);
    const log = join(store, 'sweeps', id, 'events.ndjson');
    const before = readFileSync(log, 'utf8');
    expect(before.endsWith('\n')).toBe(true); // no torn line for the next append to join

    fs.resize('64m');
    const resumed = await runCli(['--store', store, 'resume', id, '-o', 'json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as { sweep: { trials: Record<string, number> } }).sweep.trials).toMatchObject({ total: 4, succeeded: 4, failed: 0 });
    // What was stored stays as it was; every line of the log is a whole event, none there twice.
    const after = readFileSync(log, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    const lines = after.split('\n').filter((l) => l !== '');
    const keys = lines.map((l) => {
      const e = JSON.parse(l) as { trialId: string; attempt: number; attemptId?: string; seq: number };
      return `${e.trialId}/${e.attempt}/${e.attemptId ?? ''}/${e.seq}`;
    });
    expect(new Set(keys).size).toBe(keys.length);
  });
});
