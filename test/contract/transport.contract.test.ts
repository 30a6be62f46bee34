/**
 * One contract, every transport (IPC and NATS against a real nats-server): the controller over the
 * transport stores every event exactly once, ignores duplicates, counts malformed messages, rejects
 * valid-looking events of attempts it never launched (or with values out of their domain), and
 * builds results from successful attempts only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runController } from '../../src/controller/local-controller.js';
import { systemClock } from '../../src/util/clock.js';
import { toOutcomes } from '../../src/ledger/outcomes.js';
import { FileStore } from '../../src/store/file-store.js';
import { dedupKey } from '../../src/transport/events.js';
import { makeTrials, sweepRecord, tempDir } from '../support/builders.js';
import { NatsServer } from '../support/nats-server.js';
import { finished, progress, started, type Scripter } from '../support/scripted-executor.js';
import { ipcAdapter, natsAdapter, type TransportAdapter } from './adapters.js';
import { PublishingExecutor } from './publishing-executor.js';

let server: NatsServer;
beforeAll(async () => {
  server = await NatsServer.start();
});
afterAll(async () => {
  await server.stop();
});

let counter = 0;

async function sweep(adapter: TransportAdapter, configs: number, scripter: Scripter) {
  const sweepId = `contract-${adapter.name}-${process.pid}-${counter++}`;
  const store = new FileStore(tempDir());
  const trials = makeTrials(configs);
  await store.createSweep(sweepRecord(sweepId, trials.length), 'spec');
  const rig = await adapter.open(sweepId);
  const executor = new PublishingExecutor(2, rig, scripter);
  const outcome = await runController({
    sweepId, trials, specFile: 'spec.yaml', executor, inbox: rig.inbox, store,
    retries: 2, trialTimeoutMs: 600_000, clock: systemClock, signal: new AbortController().signal, graceMs: 200,
  });
  await rig.close();
  const stored = (await store.readEvents(sweepId)).events;
  return { outcome, executor, stored, outcomes: toOutcomes(trials, outcome.fold, 2) };
}

const many = (n: number): Scripter => () => ({ events: [started, ...Array.from({ length: n }, (_, i) => progress(i)), finished()], ending: { exit: 0 } });

describe.each([ipcAdapter(), natsAdapter(() => server)])('transport contract: $name', (adapter) => {
  it('stores every published event exactly once', async () => {
    const { outcome, executor, stored, outcomes } = await sweep(adapter, 6, many(300));
    expect(outcome.status).toBe('completed');
    expect(stored).toHaveLength(executor.published);
    expect(new Set(stored.map(dedupKey)).size).toBe(stored.length);
    expect(outcomes.every((t) => t.status === 'succeeded')).toBe(true);
  });

  it('ignores duplicated publishes', async () => {
    const { stored, executor, outcome } = await sweep(adapter, 2, () => ({ events: [started, progress(1), finished()], ending: { exit: 0 }, duplicate: true }));
    expect(stored).toHaveLength(executor.published);
    // IPC delivers all three copies, NATS drops the second at the server (same message id).
    expect(outcome.fold.duplicates).toBeGreaterThanOrEqual(executor.published);
  });

  it('counts and drops malformed messages', async () => {
    const junk = ['not json {', JSON.stringify({ type: 'finished', sweepId: 'x' }), JSON.stringify({ ...finished(), sweepId: 'other', trialId: 't000', attempt: 0, seq: 0, time: 0 })];
    const { outcome, outcomes } = await sweep(adapter, 1, () => ({ events: [started, finished()], ending: { exit: 0 }, junk }));
    expect(outcome.malformed).toBe(3);
    expect(outcomes[0]?.status).toBe('succeeded');
  });

  it('rejects forged events: a finished of an attempt never launched, a progress of attempt 9, an accuracy of 7', async () => {
    const forged = (id: string, body: object) => JSON.stringify({ ...body, sweepId: id, trialId: 't000', seq: 0, time: 0 });
    const scripter: Scripter = (r) => ({
      events: [started, finished(0.6, 0.3)],
      ending: { exit: 0 },
      junk: [
        forged(r.sweepId, { ...finished(7, 7), attempt: 3 }),
        forged(r.sweepId, { ...progress(1), attempt: 9 }),
        forged(r.sweepId, { ...finished(0.99, 0.99), attempt: r.attempt, attemptId: 'guessed' }),
        forged(r.sweepId, { ...finished(7, 0.5), attempt: r.attempt, attemptId: r.attemptId, seq: 5 }),
      ],
    });
    const { outcome, outcomes, stored } = await sweep(adapter, 1, scripter);
    expect(outcome.rejected).toBe(4);
    expect(outcomes[0]).toMatchObject({ status: 'succeeded', attempts: 1, metrics: { retainedAccuracy: 0.6, newTaskGain: 0.3 } });
    expect(stored.map((e) => [e.attempt, e.type])).toEqual([[0, 'started'], [0, 'finished']]);
  });

  it('retries a dead attempt; its partial events do not enter the results', async () => {
    const scripter: Scripter = (r) =>
      r.attempt === 0
        ? { events: [started, progress(1), { type: 'metric', name: 'pretrain.loss', value: 9, step: 1 }], ending: { signal: 'SIGKILL' } }
        : { events: [started, finished(0.7, 0.2)], ending: { exit: 0 } };
    const { outcomes, outcome, stored } = await sweep(adapter, 1, scripter);
    expect(outcomes[0]).toMatchObject({ status: 'succeeded', attempts: 2, metrics: { retainedAccuracy: 0.7, newTaskGain: 0.2 } });
    expect(outcome.fold.trials.get('t000')?.attempts.get(0)?.failure).toMatchObject({ cause: 'crash' });
    // The dead attempt's events stay in the log for diagnosis, once each.
    expect(stored.filter((e) => e.attempt === 0 && e.type !== 'failed')).toHaveLength(3);
  });

  it('a worker that reports its own failure and exits 1 is not reported again as a crash', async () => {
    const scripter: Scripter = (r) =>
      r.attempt === 0
        ? { events: [started, { type: 'failed', message: 'out of memory', retryable: true, cause: 'error' }], ending: { exit: 1 } }
        : { events: [started, finished()], ending: { exit: 0 } };
    const { outcome } = await sweep(adapter, 1, scripter);
    expect(outcome.fold.trials.get('t000')?.attempts.get(0)?.failure).toMatchObject({ message: 'out of memory', cause: 'error' });
  });
});
