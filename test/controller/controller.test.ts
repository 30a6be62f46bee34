import { describe, expect, it } from 'vitest';
import { runController, type ControllerOptions } from '../../src/controller/local-controller.js';
import { toOutcomes } from '../../src/ledger/outcomes.js';
import { IpcInbox } from '../../src/transport/ipc/inbox.js';
import type { TrialEvent } from '../../src/transport/events.js';
import { makeTrials, sweepRecord } from '../support/builders.js';
import { FakeClock } from '../support/fake-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { StoreWriteError } from '../../src/store/store-errors.js';
import { ScriptedExecutor, finished, progress, started, type Scripter } from '../support/scripted-executor.js';

async function setup(configs: number, scripter: Scripter, o: Partial<ControllerOptions> & { parallelism?: number; prior?: TrialEvent[] } = {}) {
  // Virtual time: the 10-minute timeout and the 5 s grace periods cost no real time.
  const store = new MemoryStore();
  const trials = makeTrials(configs);
  await store.createSweep(sweepRecord('s1', trials.length), 'spec');
  if (o.prior) await store.append('s1', o.prior);
  const inbox = new IpcInbox();
  const executor = new ScriptedExecutor(o.parallelism ?? 2, inbox, scripter);
  const outcome = await runController({
    sweepId: 's1',
    trials,
    specFile: 'spec.yaml',
    executor,
    inbox,
    store,
    retries: 2,
    trialTimeoutMs: 600_000,
    clock: new FakeClock(),
    signal: new AbortController().signal,
    ...o,
  });
  const stored = (await store.readEvents('s1')).events;
  return { outcome, executor, stored, trials, outcomes: toOutcomes(trials, outcome.fold, o.retries ?? 2) };
}

const ok: Scripter = () => ({ events: [started, progress(1), finished()], ending: { exit: 0 } });

describe('controller reconcile loop', () => {
  it('runs every trial once, never more than `parallelism` at a time', async () => {
    const { outcome, executor, outcomes } = await setup(5, ok, { parallelism: 2 });
    expect(outcome.status).toBe('completed');
    expect(executor.launches).toHaveLength(5);
    expect(executor.maxRunning).toBe(2);
    expect(outcomes.map((t) => t.status)).toEqual(Array(5).fill('succeeded'));
  });

  it('retries a crashed attempt and builds the result from the successful attempt only', async () => {
    const scripter: Scripter = (r) =>
      r.attempt === 0
        ? { events: [started, progress(1), { type: 'metric', name: 'pretrain.loss', value: 9, step: 1 }], ending: { signal: 'SIGKILL' } }
        : { events: [started, finished(0.7, 0.2)], ending: { exit: 0 } };
    const { outcomes, executor, outcome } = await setup(1, scripter);
    expect(executor.launches.map((l) => l.attempt)).toEqual([0, 1]);
    expect(outcomes[0]).toMatchObject({ status: 'succeeded', attempts: 2, metrics: { retainedAccuracy: 0.7, newTaskGain: 0.2 } });
    const a0 = outcome.fold.trials.get('t000')?.attempts.get(0);
    expect(a0?.failure).toMatchObject({ cause: 'crash', retryable: true });
    expect(a0?.failure?.message).toContain('SIGKILL');
  });

  it.each([
    ['exhausted retries', { exit: 1 }, 3],
    ['non-retryable exit code', { exit: 3 }, 1],
  ] as const)('marks a trial failed after %s', async (_name, ending, launches) => {
    const { outcomes, executor, outcome } = await setup(1, () => ({ events: [started], ending }));
    expect(executor.launches).toHaveLength(launches);
    expect(outcomes[0]?.status).toBe('failed');
    expect(outcome.status).toBe('failed');
  });

  it('treats an exit 0 without a finished event as a crash after the grace period', async () => {
    const { outcomes, executor } = await setup(1, (r) => ({ events: r.attempt === 0 ? [started] : [started, finished()], ending: { exit: 0 } }));
    expect(executor.launches).toHaveLength(2);
    expect(outcomes[0]?.status).toBe('succeeded');
  });

  it('stores duplicated deliveries once and drops malformed messages', async () => {
    const junk = ['not an event', { type: 'finished', sweepId: 's1' }, { ...finished(), sweepId: 'other', trialId: 't000', attempt: 0, seq: 0, time: 0 }];
    const { stored, outcome, outcomes } = await setup(2, () => ({ events: [started, progress(1), finished()], ending: { exit: 0 }, duplicate: true, junk }));
    expect(stored).toHaveLength(6);
    expect(outcome.fold.duplicates).toBe(6);
    expect(outcome.malformed).toBe(6);
    expect(outcomes.every((t) => t.status === 'succeeded')).toBe(true);
  });

  it('times out a hanging attempt, charges it, and retries', async () => {
    const scripter: Scripter = (r) => (r.attempt === 0 ? { events: [started], ending: 'hang' } : { events: [started, finished()], ending: { exit: 0 } });
    const { outcome, outcomes } = await setup(1, scripter, { trialTimeoutMs: 3_600_000 });
    const a0 = outcome.fold.trials.get('t000')?.attempts.get(0);
    expect(a0?.failure).toMatchObject({ cause: 'timeout' });
    expect(outcomes[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('resumes: finished trials are not rerun; attempts orphaned by a dead controller do not use up retries', async () => {
    const env = { sweepId: 's1', time: 0 };
    const prior: TrialEvent[] = [
      { ...env, ...started, trialId: 't000', attempt: 0, seq: 0 },
      { ...env, ...finished(0.8, 0.3), trialId: 't000', attempt: 0, seq: 1 },
      { ...env, ...started, trialId: 't001', attempt: 0, seq: 0 },
    ];
    const { executor, outcomes, outcome } = await setup(2, ok, { prior, retries: 0 });
    expect(executor.launches.map((l) => [l.trial.trialId, l.attempt])).toEqual([['t001', 1]]);
    expect(outcome.fold.trials.get('t001')?.attempts.get(0)?.failure?.cause).toBe('interrupted');
    expect(outcomes.map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
    expect(outcomes[0]?.metrics?.['retainedAccuracy']).toBe(0.8);
  });

  it('stops on abort: running attempts are interrupted, nothing new starts', async () => {
    const stop = new AbortController();
    const scripter: Scripter = () => {
      setImmediate(() => stop.abort('test'));
      return { events: [started], ending: 'hang' };
    };
    const { outcome, executor, outcomes } = await setup(4, scripter, { signal: stop.signal, parallelism: 2 });
    expect(outcome.status).toBe('interrupted');
    expect(executor.launches).toHaveLength(2);
    expect(outcomes.filter((t) => t.status === 'pending')).toHaveLength(4);
  });

  it('a store that cannot be written stops the sweep at once: workers stopped, the error thrown, status interrupted', async () => {
    const store = new MemoryStore();
    const trials = makeTrials(4);
    await store.createSweep(sweepRecord('s1', trials.length), 'spec');
    const append = store.append.bind(store);
    let appends = 0;
    store.append = (id, events) => (++appends >= 3 ? Promise.reject(new StoreWriteError('events.ndjson', Object.assign(new Error('no space'), { code: 'ENOSPC' }), 'append to')) : append(id, events));
    const inbox = new IpcInbox();
    const executor = new ScriptedExecutor(2, inbox, () => ({ events: [started, progress(1)], ending: 'hang' }));
    const run = runController({ sweepId: 's1', trials, specFile: 'spec.yaml', executor, inbox, store, retries: 2, trialTimeoutMs: 600_000, clock: new FakeClock(), signal: new AbortController().signal });
    await expect(run).rejects.toBeInstanceOf(StoreWriteError);
    expect(executor.launches).toHaveLength(2); // nothing new started after the failure
    expect(executor.running).toBe(0); // every worker was stopped and has exited
    expect(store.status('s1')).toBe('interrupted');
  });
});
