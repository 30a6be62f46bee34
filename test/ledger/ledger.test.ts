import { describe, expect, it } from 'vitest';
import { SweepLedger } from '../../src/ledger/ledger.js';
import type { SweepStatus } from '../../src/store/types.js';
import type { EventBody, TrialEvent } from '../../src/transport/events.js';
import type { Delivery } from '../../src/transport/types.js';
import { makeTrials, sweepRecord } from '../support/builders.js';
import { FakeClock } from '../support/fake-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { finished, started } from '../support/scripted-executor.js';

/** `attemptId: null` = an event without one (a worker of an older version). */
const event = (trialId: string, attempt: number, seq: number, body: EventBody = started, attemptId: string | null = 'a'): TrialEvent =>
  ({ ...body, sweepId: 's1', trialId, attempt, ...(attemptId === null ? {} : { attemptId }), seq, time: 0 });

/** A ledger whose controller launched attempt 0 (id "a") of every trial. */
async function ledgerWith(trials = 2, prior: TrialEvent[] = [], holdUnknown = false) {
  const store = new MemoryStore();
  await store.createSweep(sweepRecord('s1', trials), 'spec');
  if (prior.length > 0) await store.append('s1', prior);
  store.appends.length = 0;
  const seen: TrialEvent[] = [];
  const dropped: string[] = [];
  const rejected: string[] = [];
  const clock = new FakeClock();
  const ledger = new SweepLedger({
    sweepId: 's1', trials: makeTrials(trials), store, retries: 1, clock, holdUnknown,
    observer: { event: (e) => seen.push(e), malformed: (m) => dropped.push(m), rejected: (m) => rejected.push(m) },
  });
  for (const t of makeTrials(trials)) ledger.admit(t.trialId, 0, 'a');
  return { store, ledger, seen, dropped, rejected, clock };
}

/** Deliveries whose ack records the number of appends the store had seen at that moment. */
function deliveries(raws: unknown[], store: MemoryStore, acks: number[]): Delivery[] {
  return raws.map((raw) => ({ raw, ack: () => Promise.resolve(void acks.push(store.appends.length)) }));
}

describe('sweep ledger: ingest', () => {
  it.each([
    ['valid events', [event('t000', 0, 0), event('t000', 0, 1, finished())], 2, 0],
    ['a duplicate', [event('t000', 0, 0), event('t000', 0, 0)], 1, 0],
    ['junk', ['not an event', { type: 'finished' }], 0, 2],
    ['another sweep', [{ ...event('t000', 0, 0), sweepId: 's2' }], 0, 1],
    ['an unknown trial', [event('t999', 0, 0)], 0, 1],
  ] as const)('%s: stored once, the rest counted and dropped', async (_name, raws, storedCount, malformed) => {
    const { ledger, store, seen, dropped } = await ledgerWith();
    const acks: number[] = [];
    const stored = await ledger.ingest(deliveries([...raws], store, acks));
    expect(stored).toHaveLength(storedCount);
    expect(seen).toHaveLength(storedCount);
    expect((await store.readEvents('s1')).events).toHaveLength(storedCount);
    expect(ledger.malformed).toBe(malformed);
    expect(dropped).toHaveLength(malformed);
    expect(acks).toHaveLength(raws.length); // everything is acked, dropped messages too
  });

  it('appends a batch once, and acks only after the append', async () => {
    const { ledger, store } = await ledgerWith(3);
    const acks: number[] = [];
    await ledger.ingest(deliveries([event('t000', 0, 0), event('t001', 0, 0), event('t002', 0, 0)], store, acks));
    expect(store.appends).toEqual([3]);
    expect(acks).toEqual([1, 1, 1]);
  });
});

describe('sweep ledger: admission and domains', () => {
  it.each([
    ['an attempt never launched (a forged finished)', event('t000', 3, 0, finished()), 'attempt 3 of trial t000 was not launched'],
    ['a forged progress of attempt 9', event('t000', 9, 0, { type: 'progress', phase: 'pretrain', step: 1, total: 2 }), 'attempt 9 of trial t000 was not launched'],
    ['another id for a launched attempt', event('t000', 0, 0, finished(), 'zz'), 'id zz is not one this controller launched'],
    ['no id for a launched attempt', event('t000', 0, 0, finished(), null), 'carries no attempt id'],
    ['an accuracy of 7', event('t000', 0, 0, finished(7, 0.5)), 'retainedAccuracy = 7: expected an accuracy, in [0, 1]'],
    ['a gain of -3', event('t000', 0, 0, finished(0.5, -3)), 'newTaskGain = -3: expected a difference of accuracies'],
    ['a negative loss', event('t000', 0, 0, { type: 'metric', name: 'pretrain.loss', value: -1, step: 1 }), 'pretrain.loss = -1: expected a loss'],
    ['a progress accuracy of 1.5', event('t000', 0, 0, { type: 'progress', phase: 'transfer', step: 1, total: 2, accuracy: 1.5 }), 'transfer.accuracy = 1.5'],
  ] as const)('rejects %s: counted, said once with its subject, acked, not stored', async (_name, e, reason) => {
    const { ledger, store, rejected } = await ledgerWith();
    const acks: number[] = [];
    expect(await ledger.ingest(deliveries([e], store, acks))).toEqual([]);
    expect((await store.readEvents('s1')).events).toEqual([]);
    expect(ledger.rejected).toBe(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toContain(`zapsweep.s1.t000.${e.type}`);
    expect(rejected[0]).toContain(reason);
    expect(acks).toHaveLength(1);
    expect(ledger.phase('t000')).toBe('pending');
  });

  it('accepts the values at the edges of their domains', async () => {
    const { ledger, store } = await ledgerWith();
    const edge = { type: 'finished', metrics: { retainedAccuracy: 1, newTaskGain: -1, oldAccBefore: 0, retention: 2.5, forgetting: 1 } } as const;
    expect(await ledger.ingest(deliveries([event('t000', 0, 0, edge)], store, []))).toHaveLength(1);
    expect(ledger.rejected).toBe(0);
  });

  it('holds events of an attempt not admitted yet (Kubernetes), unacked, until its pod is reported', async () => {
    const { ledger, store } = await ledgerWith(2, [], true);
    const acks: number[] = [];
    expect(await ledger.ingest(deliveries([event('t001', 1, 0, started, 'pod-x'), event('t001', 1, 1, finished(), 'pod-x')], store, acks))).toEqual([]);
    expect(ledger.holding).toBe(2);
    expect(acks).toEqual([]);
    ledger.admit('t001', 1, 'pod-x');
    expect(await ledger.releaseHeld(30_000)).toHaveLength(2);
    expect(acks).toHaveLength(2);
    expect(ledger.phase('t001')).toBe('succeeded');
  });

  it('rejects held events once the hold expires', async () => {
    const { ledger, store, rejected, clock } = await ledgerWith(1, [], true);
    await ledger.ingest(deliveries([event('t000', 5, 0, finished(), 'forged')], store, []));
    expect(await ledger.releaseHeld(30_000)).toEqual([]); // still within the grace period
    expect(ledger.holding).toBe(1);
    await new Promise<void>((resolve) => clock.setTimeout(resolve, 30_000));
    expect(await ledger.releaseHeld(30_000)).toEqual([]);
    expect(ledger.holding).toBe(0);
    expect(rejected[0]).toContain('attempt 5 of trial t000 was not launched');
  });

  it('adopts the attempts of its log on resume: their ids, or any id for a log from before ids', async () => {
    const prior = [event('t000', 1, 0, started, 'old'), event('t001', 0, 0, started, null)];
    const { ledger, store } = await ledgerWith(2, prior);
    await ledger.resume();
    const late = [event('t000', 1, 1, finished(), 'old'), event('t001', 0, 1, finished(), null), event('t000', 1, 2, finished(), 'other')];
    expect(await ledger.ingest(deliveries(late, store, []))).toHaveLength(2);
    expect(ledger.rejected).toBe(1);
  });
});

describe('sweep ledger: records, resume, status', () => {
  it('records an event on a worker\'s behalf with the next seq of that attempt', async () => {
    const { ledger, store } = await ledgerWith();
    await ledger.ingest(deliveries([event('t000', 0, 0), event('t000', 0, 1, { type: 'progress', phase: 'pretrain', step: 1, total: 2 })], store, []));
    await ledger.record('t000', 0, { type: 'failed', message: 'worker was killed', retryable: true, cause: 'crash' });
    const last = (await store.readEvents('s1')).events.at(-1);
    expect(last).toMatchObject({ trialId: 't000', attempt: 0, seq: 2, type: 'failed' });
    expect(ledger.phase('t000')).toBe('pending'); // one charged failure, one retry left
    expect(ledger.nextAttempt('t000')).toBe(1);
  });

  it('resumes from the log and lists the attempts it leaves running', async () => {
    const { ledger } = await ledgerWith(2, [event('t000', 0, 0), event('t000', 0, 1, finished()), event('t001', 1, 0)]);
    expect(await ledger.resume()).toEqual([{ trialId: 't001', attempt: 1 }]);
    expect(ledger.phase('t000')).toBe('succeeded');
    expect(ledger.lastAttempt('t001')).toBe(1);
    expect(ledger.settled()).toBe(false);
  });

  const fatal: EventBody = { type: 'failed', message: 'bad input', retryable: false, cause: 'error' };
  it.each<[string, TrialEvent[], boolean, SweepStatus]>([
    ['all succeeded', [event('t000', 0, 0, finished()), event('t001', 0, 0, finished())], false, 'completed'],
    ['one failed for good', [event('t000', 0, 0, finished()), event('t001', 0, 0, fatal)], false, 'completed'],
    ['all failed for good', [event('t000', 0, 0, fatal), event('t001', 0, 0, fatal)], false, 'failed'],
    ['stopped', [event('t000', 0, 0, finished())], true, 'interrupted'],
  ])('final status when %s', async (_name, prior, stopping, status) => {
    const { ledger, store } = await ledgerWith(2, prior);
    await ledger.resume();
    expect(await ledger.close(stopping)).toBe(status);
    expect(store.status('s1')).toBe(status);
  });
});
