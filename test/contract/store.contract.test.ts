/** One contract, every ResultsStore adapter: file and JetStream (against a real nats-server). */
import { existsSync, readFileSync } from 'node:fs';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError, type DriftReportStore } from '../../src/store/types.js';
import type { TrialEvent } from '../../src/transport/events.js';
import { sweepRecord } from '../support/builders.js';
import { NatsServer } from '../support/nats-server.js';
import { fileStoreAdapter, jetStreamStoreAdapter } from './adapters.js';

let server: NatsServer;
const connections: NatsConnection[] = [];
beforeAll(async () => {
  server = await NatsServer.start();
});
afterAll(async () => {
  for (const nc of connections) await nc.close();
  await server.stop();
});

let counter = 0;
const freshId = (): string => `sweep-${process.pid}-${counter++}`;
const ev = (sweepId: string, seq: number, trialId = 't000'): TrialEvent => ({ sweepId, trialId, attempt: 0, seq, time: seq, type: 'progress', phase: 'pretrain', step: seq, total: 100 });

describe.each([fileStoreAdapter(), jetStreamStoreAdapter(() => server, connections)])('ResultsStore contract: $name', (adapter) => {
  it('creates a sweep once, reads it back, lists it, keeps the spec text and a readable spec file', async () => {
    const store = await adapter.make();
    const id = freshId();
    await store.createSweep(sweepRecord(id, 3), 'spec: text\n');
    await expect(store.createSweep(sweepRecord(id, 3), 'again')).rejects.toBeInstanceOf(StoreError);
    expect(await store.getSweep(id)).toMatchObject({ id, status: 'running', totalTrials: 3 });
    expect(await store.getSweep(freshId())).toBeUndefined();
    expect((await store.listSweeps()).map((s) => s.id)).toContain(id);
    expect(await store.specText(id)).toBe('spec: text\n');
    expect(existsSync(store.specPath(id)) && readFileSync(store.specPath(id), 'utf8')).toBe('spec: text\n');
  });

  it('updates the status', async () => {
    const store = await adapter.make();
    const id = freshId();
    await store.createSweep(sweepRecord(id, 1), 's');
    await store.updateStatus(id, 'completed', 42);
    expect(await store.getSweep(id)).toMatchObject({ status: 'completed', updatedAt: 42 });
  });

  it('appends in order, keeps duplicates for readers to fold, isolates sweeps', async () => {
    const store = await adapter.make();
    const [a, b] = [freshId(), freshId()];
    await store.createSweep(sweepRecord(a, 1), 's');
    await store.createSweep(sweepRecord(b, 1), 's');
    expect((await store.readEvents(a)).events).toEqual([]);
    const events = Array.from({ length: 2500 }, (_, i) => ev(a, i));
    await store.append(a, events.slice(0, 1000));
    await store.append(a, events.slice(1000));
    await store.append(b, [ev(b, 0)]);
    const read = await store.readEvents(a);
    expect(read.malformed).toBe(0);
    expect(read.events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    expect((await store.readEvents(b)).events).toHaveLength(1);
  });

  it('watches: replays what is stored, then follows new events until aborted', async () => {
    const store = await adapter.make();
    const id = freshId();
    await store.createSweep(sweepRecord(id, 1), 's');
    await store.append(id, [ev(id, 0), ev(id, 1)]);
    const stop = new AbortController();
    const seen: number[] = [];
    for await (const e of store.watchEvents(id, stop.signal)) {
      seen.push(e.seq);
      if (e.seq === 1) await store.append(id, [ev(id, 2)]);
      if (e.seq === 2) stop.abort();
    }
    expect(seen).toEqual([0, 1, 2]);
  });

  it('lets one controller at a time hold a sweep', async () => {
    const store = await adapter.make();
    const id = freshId();
    await store.createSweep(sweepRecord(id, 1), 's');
    const release = await store.lock(id);
    // Another live process holds it (the parent's pid: alive, not us).
    const asOther = store as unknown as { lock(id: string, pid: number): Promise<() => Promise<void>> };
    await expect(asOther.lock(id, process.ppid)).rejects.toThrow(/another controller/);
    await release();
    const again = await asOther.lock(id, process.ppid);
    await again();
  });

  it('removes a sweep and its events, leaves the others, and never while a controller holds it', async () => {
    const store = await adapter.make();
    const [gone, kept] = [freshId(), freshId()];
    await store.createSweep(sweepRecord(gone, 1), 's');
    await store.createSweep(sweepRecord(kept, 1), 's');
    await store.append(gone, [ev(gone, 0)]);
    await store.append(kept, [ev(kept, 0)]);
    const drift = store as unknown as DriftReportStore;
    await drift.saveDriftReport(gone, { summary: 'a night' });
    const asOther = store as unknown as { lock(id: string, pid: number): Promise<() => Promise<void>> };
    const held = await asOther.lock(gone, process.ppid);
    await expect(store.removeSweep(gone)).rejects.toThrow(/another controller/);
    await held();
    await store.removeSweep(gone);
    expect(await store.getSweep(gone)).toBeUndefined();
    expect((await store.listSweeps()).map((r) => r.id)).not.toContain(gone);
    expect((await store.readEvents(kept)).events).toEqual([ev(kept, 0)]);
    expect(await drift.readDriftReport(gone)).toBeUndefined(); // a night's drift report goes with it
    await expect(store.removeSweep(gone)).rejects.toThrow(StoreError);
  });

  it('refuses a spec over its size limit with exit code 2, storing nothing', async () => {
    const store = await adapter.make();
    const id = freshId();
    const err = await store.createSweep(sweepRecord(id, 1), 'x'.repeat(9 * 1024 * 1024)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/^the spec is 9\.0 MiB; .* accepts at most .*: nothing was stored/);
    expect(await store.getSweep(id)).toBeUndefined();
  });

  it('saves a summary', async () => {
    const store = await adapter.make();
    const id = freshId();
    await store.createSweep(sweepRecord(id, 1), 's');
    await expect(store.saveSummary(id, { sweep: { id } })).resolves.toBeUndefined();
  });
});
