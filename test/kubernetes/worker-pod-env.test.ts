/** The real worker in a pod's environment: index + shard offset, attempt from the failure counters, digest check. */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, test } from 'vitest';
import { expand, expectedTrialDigest } from '../../src/spec/expand.js';
import { loadSpecFile } from '../../src/spec/load.js';
import { assertBuilt, cliEntry } from '../support/cli.js';
import { tempDir } from '../support/builders.js';
import { writeTinySpec } from '../e2e/tiny-spec.js';

beforeAll(assertBuilt);

const spec = writeTinySpec(tempDir());

function worker(env: Record<string, string>): { code: number | null; stderr: string; events: Array<Record<string, unknown>> } {
  const { NATS_URL: _ignored, ...parent } = process.env;
  const r = spawnSync(process.execPath, [cliEntry, 'worker', '--spec', spec], { env: { ...parent, ZAPSWEEP_SWEEP_ID: 's1', ...env }, encoding: 'utf8', timeout: 60_000 });
  const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status, stderr: r.stderr, events };
}

describe('zapsweep worker in a pod', () => {
  test.each([
    { name: 'digest mismatch: exit 3, says why, reports non-retryable', env: { JOB_COMPLETION_INDEX: '1', ZAPSWEEP_INDEX_OFFSET: '2', ZAPSWEEP_FAILURE_COUNT: '1', ZAPSWEEP_IGNORED_FAILURE_COUNT: '2', ZAPSWEEP_EXPECTED_DIGEST: 'not-the-digest' }, index: 3, attempt: 3, says: 'but the controller expects not-the-digest' },
    { name: 'empty ignored counter (annotation absent) counts as 0', env: { JOB_COMPLETION_INDEX: '0', ZAPSWEEP_FAILURE_COUNT: '2', ZAPSWEEP_IGNORED_FAILURE_COUNT: '', ZAPSWEEP_EXPECTED_DIGEST: 'x' }, index: 0, attempt: 2, says: 'different zapsweep code' },
  ])('$name', async ({ env, index, attempt, says }) => {
    const trials = expand((await loadSpecFile(spec)).sweep);
    const r = worker(env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(says);
    expect(r.events).toEqual([expect.objectContaining({ type: 'failed', retryable: false, trialId: trials[index]?.trialId, attempt, sweepId: 's1' })]);
  });

  test('index past the end (offset included) is non-retryable', () => {
    const r = worker({ JOB_COMPLETION_INDEX: '3', ZAPSWEEP_INDEX_OFFSET: '2' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('trial index 5 is out of range');
  });

  test('the digest the controller computes is the one a matching worker computes', async () => {
    const trials = expand((await loadSpecFile(spec)).sweep);
    expect(expectedTrialDigest(trials)).toMatch(/^[0-9a-f]{12}$/);
  });
});
