/**
 * A schedule's nights, from the store's sweep records (pure): which runs belong to a schedule,
 * and which earlier run a night is compared with (the last *completed* one before it; failed or
 * interrupted nights in between are skipped and named, so the report can say so).
 */
import type { SweepRecord } from '../store/types.js';
import type { ScheduleMeta } from './schedule-id.js';

export type ScheduledRecord = SweepRecord & { readonly schedule: ScheduleMeta };

export function isScheduled(r: SweepRecord): r is ScheduledRecord {
  const s = (r as { schedule?: unknown }).schedule as Partial<ScheduleMeta> | undefined;
  return typeof s?.name === 'string' && typeof s.date === 'string';
}

/** The runs of one schedule, oldest first (by date, then start time). */
export function scheduleRuns(records: readonly SweepRecord[], name: string): ScheduledRecord[] {
  return records
    .filter(isScheduled)
    .filter((r) => r.schedule.name === name)
    .sort((a, b) => a.schedule.date.localeCompare(b.schedule.date) || a.createdAt - b.createdAt);
}

/** Every schedule name in the store, sorted. */
export function scheduleNames(records: readonly SweepRecord[]): string[] {
  return [...new Set(records.filter(isScheduled).map((r) => r.schedule.name))].sort();
}

export interface Baseline {
  /** The last completed run before `current`; undefined for the first night. */
  baseline: ScheduledRecord | undefined;
  /** Runs between the baseline and `current` that did not complete (newest first). */
  skipped: ScheduledRecord[];
}

/** What `current` is compared with. `runs` is `scheduleRuns(...)`, holding `current`. */
export function findBaseline(runs: readonly ScheduledRecord[], currentId: string): Baseline {
  const at = runs.findIndex((r) => r.id === currentId);
  const before = (at < 0 ? runs : runs.slice(0, at)).slice().reverse();
  const skipped: ScheduledRecord[] = [];
  for (const r of before) {
    if (r.status === 'completed') return { baseline: r, skipped };
    skipped.push(r);
  }
  return { baseline: undefined, skipped };
}

/** A run of the schedule still marked running (the overlap concurrencyPolicy: Forbid prevents). */
export function runningNight(runs: readonly ScheduledRecord[]): ScheduledRecord | undefined {
  return runs.find((r) => r.status === 'running');
}
