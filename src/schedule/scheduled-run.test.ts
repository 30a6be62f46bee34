import { describe, expect, test } from 'vitest';
import { outcome } from '../analysis/outcome-builder.js';
import type { TrialOutcome } from '../analysis/types.js';
import type { SweepRecord, SweepStatus } from '../store/types.js';
import { OVERLAP_EXIT_CODE, REGRESSION_EXIT_CODE, runScheduledNight, type ScheduledRunDeps } from './scheduled-run.js';

const seeds = (id: string, v: number): TrialOutcome[] => [-0.002, 0, 0.002].map((j, s) => outcome(id, s).params({ 'pretrain.zapEvery': 1 }).scores(v + j, 0.5 + j).obj());

interface Night { id: string; date: string; status: SweepStatus; outcomes: TrialOutcome[] }

/** Collaborators over an in-memory store; `tonight` is what the sweep run produces. */
function world(nights: Night[], tonight: { status: SweepStatus; exitCode: number; outcomes: TrialOutcome[] }, o: { live?: string[]; saveFails?: boolean; post?: number } = {}) {
  const records: Array<SweepRecord & { schedule: { name: string; date: string } }> = nights.map((n, i) => ({ id: n.id, name: 'spec', createdAt: i, updatedAt: i, specSource: 's', specDigest: 'd', executor: 'local', totalTrials: 3, status: n.status, schedule: { name: 'nightly', date: n.date } }));
  const outcomes = new Map(nights.map((n) => [n.id, n.outcomes]));
  const log: string[] = [];
  const printed: string[] = [];
  const ran: string[] = [];
  const saved: string[] = [];
  const deps: ScheduledRunDeps = {
    store: {
      listSweeps: () => Promise.resolve([...records]),
      getSweep: (id: string) => Promise.resolve(records.find((r) => r.id === id)),
      saveDriftReport: (id: string) => (o.saveFails ? Promise.reject(new Error('disk full')) : Promise.resolve(void saved.push(id))),
      readDriftReport: () => Promise.resolve(undefined),
    } as unknown as ScheduledRunDeps['store'],
    runSweep: ({ sweepId, schedule }) => {
      ran.push(sweepId);
      records.push({ id: sweepId, name: 'spec', createdAt: 99, updatedAt: 99, specSource: 's', specDigest: 'd', executor: 'local', totalTrials: 3, status: tonight.status, schedule });
      outcomes.set(sweepId, tonight.outcomes);
      return Promise.resolve({ exitCode: tonight.exitCode });
    },
    loadOutcomes: (id) => Promise.resolve(outcomes.get(id) ?? []),
    isLive: (id) => Promise.resolve((o.live ?? []).includes(id)),
    now: () => Date.parse('2026-12-02T01:00:00Z'),
    post: () => Promise.resolve({ status: o.post ?? 200 }),
    log: (l) => void log.push(l),
    print: (t) => void printed.push(t),
  };
  return { deps, log, printed, ran, saved };
}

const good = seeds('c1', 0.8);
const worse = seeds('c1', 0.6);
const noSleep = { sleep: () => Promise.resolve() };

describe('runScheduledNight', () => {
  test.each([
    { name: 'a quiet night', tonight: { status: 'completed' as const, exitCode: 0, outcomes: good }, fail: true, exit: 0, regressed: 0 },
    { name: 'a regression without --fail-on-regression', tonight: { status: 'completed' as const, exitCode: 0, outcomes: worse }, fail: false, exit: 0, regressed: 1 },
    { name: 'a regression with --fail-on-regression', tonight: { status: 'completed' as const, exitCode: 0, outcomes: worse }, fail: true, exit: REGRESSION_EXIT_CODE, regressed: 1 },
    { name: 'failed trials come first', tonight: { status: 'completed' as const, exitCode: 1, outcomes: worse }, fail: true, exit: 1, regressed: 1 },
  ])('$name', async ({ tonight, fail, exit, regressed }) => {
    const w = world([{ id: 'nightly-20261201', date: '2026-12-01', status: 'completed', outcomes: good }], tonight);
    const r = await runScheduledNight(w.deps, { schedule: 'nightly', specPath: 's.yaml', timeZone: 'Europe/Berlin', failOnRegression: fail });
    expect(r.sweepId).toBe('nightly-20261202');
    expect(r.exitCode).toBe(exit);
    expect(r.report.regressed).toHaveLength(regressed);
    expect(r.report.baseline?.id).toBe('nightly-20261201');
    expect(w.saved).toEqual(['nightly-20261202']);
    expect(w.printed.join('')).toContain(r.report.summary[0]);
  });

  test('a live night of the schedule: refused, nothing run', async () => {
    const w = world([{ id: 'nightly-20261201', date: '2026-12-01', status: 'running', outcomes: [] }], { status: 'completed', exitCode: 0, outcomes: good }, { live: ['nightly-20261201'] });
    await expect(runScheduledNight(w.deps, { schedule: 'nightly', specPath: 's.yaml' })).rejects.toMatchObject({ exitCode: OVERLAP_EXIT_CODE, message: expect.stringContaining('night nightly-20261201 is still running') as unknown });
    expect(w.ran).toEqual([]);
  });

  test('a stale "running" night (its controller is gone) does not block, and is skipped as a baseline', async () => {
    const w = world([
      { id: 'nightly-20261130', date: '2026-11-30', status: 'completed', outcomes: good },
      { id: 'nightly-20261201', date: '2026-12-01', status: 'running', outcomes: [] },
    ], { status: 'completed', exitCode: 0, outcomes: good });
    const r = await runScheduledNight(w.deps, { schedule: 'nightly', specPath: 's.yaml', date: '2026-12-02' });
    expect(r.report.baseline?.id).toBe('nightly-20261130');
    expect(r.report.skipped).toEqual([{ id: 'nightly-20261201', date: '2026-12-01', status: 'running' }]);
  });

  test('a second run on the same date gets -2', async () => {
    const w = world([{ id: 'nightly-20261202', date: '2026-12-02', status: 'completed', outcomes: good }], { status: 'completed', exitCode: 0, outcomes: good });
    const r = await runScheduledNight(w.deps, { schedule: 'nightly', specPath: 's.yaml', date: '2026-12-02' });
    expect(r.sweepId).toBe('nightly-20261202-2');
    expect(r.report.baseline?.id).toBe('nightly-20261202');
  });

  test('neither a failing webhook nor a failing report store fails the night', async () => {
    const w = world([{ id: 'nightly-20261201', date: '2026-12-01', status: 'completed', outcomes: good }], { status: 'completed', exitCode: 0, outcomes: good }, { saveFails: true, post: 503 });
    const r = await runScheduledNight(w.deps, { schedule: 'nightly', specPath: 's.yaml', date: '2026-12-02', webhook: { url: 'http://127.0.0.1:9/x', format: 'generic', options: noSleep } });
    expect(r.exitCode).toBe(0);
    expect(r.webhook).toEqual({ ok: false, attempts: 3, errors: ['HTTP 503', 'HTTP 503', 'HTTP 503'] });
    expect(w.log.join('\n')).toContain('could not store the drift report: disk full');
    expect(w.log.join('\n')).toContain('not delivered after 3 attempts (HTTP 503; HTTP 503; HTTP 503); the night is not failed for it');
  });
});
