/**
 * An in-memory ResultsStore for controller tests (the store contract suite covers the real
 * adapters): everything resolves in microtasks, so a FakeClock can tell when the process is quiet.
 * Events are structured-cloned on the way in and out, as a real store serialises them.
 */
import type { ResultsStore, SweepRecord, SweepStatus } from '../../src/store/types.js';
import { StoreError } from '../../src/store/types.js';
import type { TrialEvent } from '../../src/transport/events.js';

export class MemoryStore implements ResultsStore {
  readonly appends: number[] = [];
  private readonly sweeps = new Map<string, { record: SweepRecord; spec: string; events: TrialEvent[]; summary?: unknown }>();

  createSweep(record: SweepRecord, specText: string): Promise<void> {
    if (this.sweeps.has(record.id)) return Promise.reject(new StoreError(`sweep ${record.id} already exists`));
    this.sweeps.set(record.id, { record: { ...record }, spec: specText, events: [] });
    return Promise.resolve();
  }

  getSweep(id: string): Promise<SweepRecord | undefined> {
    const s = this.sweeps.get(id);
    return Promise.resolve(s ? { ...s.record } : undefined);
  }

  listSweeps(): Promise<SweepRecord[]> {
    return Promise.resolve([...this.sweeps.values()].map((s) => ({ ...s.record })));
  }

  specText(id: string): Promise<string> {
    return Promise.resolve(this.get(id).spec);
  }

  specPath(id: string): string {
    return `memory:${id}/spec.yaml`;
  }

  updateStatus(id: string, status: SweepStatus, now: number): Promise<void> {
    const s = this.get(id);
    s.record = { ...s.record, status, updatedAt: now };
    return Promise.resolve();
  }

  append(sweepId: string, events: readonly TrialEvent[]): Promise<void> {
    this.get(sweepId).events.push(...structuredClone([...events]));
    this.appends.push(events.length);
    return Promise.resolve();
  }

  saveSummary(sweepId: string, summary: unknown): Promise<void> {
    this.get(sweepId).summary = structuredClone(summary);
    return Promise.resolve();
  }

  readEvents(sweepId: string): Promise<{ events: TrialEvent[]; malformed: number }> {
    return Promise.resolve({ events: structuredClone(this.get(sweepId).events), malformed: 0 });
  }

  status(id: string): SweepStatus {
    return this.get(id).record.status;
  }

  private get(id: string) {
    const s = this.sweeps.get(id);
    if (!s) throw new StoreError(`no sweep ${id}`);
    return s;
  }
}
