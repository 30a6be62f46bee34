import { describe, expect, it } from 'vitest';
import { SweepLedger } from '../../src/ledger/ledger.js';
import type { SweepStatus } from '../../src/store/types.js';
import type { EventBody, TrialEvent } from '../../src/transport/events.js';
import type { Delivery } from '../../src/transport/types.js';
import { makeTrials, sweepRecord } from '../support/builders.js';
import { FakeClock } from '../support/fake-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { finished, started } from '../support/scripted-executor.js';

const event = (trialId: string, attempt: number, seq: number, body: EventBody = started): TrialEvent => ({ ...body, sweepId: 's1', trialId, attempt, seq, time: 0 });

async function ledgerWith(trials = 2, prior: TrialEvent[] = []) {
  const store = new MemoryStore();
  await store.createSweep(sweepRecord('s1', trials), 'spec');
  if (prior.length > 0) await store.append('s1', prior);
  store.appends.length = 0;
  const seen: TrialEvent[] = [];
  const dropped: string[] = [];
  const ledger = new SweepLedger({
    sweepId: 's1', trials: makeTrials(trials), store, retries: 1, clock: new FakeClock(),
    observer: { event: (e) => seen.push(e), malformed: (m) => dropped.push(m) },
  });
  return { store, ledger, seen, dropped };
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
