/** The ResultsStore port: where a sweep's spec, status and append-only event log live. */
import type { TrialEvent } from '../transport/events.js';
import { ZapsweepError } from '../errors.js';

export const sweepStatuses = ['running', 'interrupted', 'completed', 'failed'] as const;
export type SweepStatus = (typeof sweepStatuses)[number];

export interface SweepRecord {
  readonly id: string;
  readonly name: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** Where the spec was loaded from (informational; the store keeps its own copy). */
  readonly specSource: string;
  /** Short digest of the canonical spec; a resumed sweep must match it. */
  readonly specDigest: string;
  readonly executor: string;
  readonly totalTrials: number;
  status: SweepStatus;
  updatedAt: number;
  /**
   * Set on a scheduled night (src/schedule): the schedule's name, the night's date (YYYY-MM-DD),
   * and the cron expression and time zone it runs under when known.
   */
  readonly schedule?: { readonly name: string; readonly date: string; readonly cron?: string; readonly timeZone?: string };
}

export interface ResultsStore {
  /** Creates the sweep; fails with StoreError if the id exists. */
  createSweep(record: SweepRecord, specText: string): Promise<void>;
  getSweep(id: string): Promise<SweepRecord | undefined>;
  listSweeps(): Promise<SweepRecord[]>;
  /** The stored copy of the spec text, as the user wrote it. */
  specText(id: string): Promise<string>;
  /** The path of a file holding the spec that local workers can read. */
  specPath(id: string): string;
  updateStatus(id: string, status: SweepStatus, now: number): Promise<void>;
  /** Durable when the promise resolves. Duplicates are allowed here; readers de-duplicate. */
  append(sweepId: string, events: readonly TrialEvent[]): Promise<void>;
  /** Writes the derived results (DESIGN.md "Results JSON") beside the log, for other tools. */
  saveSummary(sweepId: string, summary: unknown): Promise<void>;
  /** Every stored event in append order; malformed records are counted, not thrown. */
  readEvents(sweepId: string): Promise<{ events: TrialEvent[]; malformed: number }>;
}

export class StoreError extends ZapsweepError {
  override readonly name: string = 'StoreError';
  constructor(message: string, options?: { cause?: unknown; exitCode?: number; retryable?: boolean }) {
    super(message, { cause: options?.cause, exitCode: options?.exitCode ?? 2, retryable: options?.retryable ?? false });
  }
}

/**
 * Optional capability (STYLE.md habit 3): follow a sweep's event log live, e.g. for the live view.
 * The iteration yields every stored event in append order (from the first, unless `fromStart` is
 * false), then each new one as it is stored; it ends quietly when `signal` aborts. Events are
 * validated; duplicates may appear (fold them). Malformed records are skipped.
 */
export interface WatchableStore {
  watchEvents(sweepId: string, signal: AbortSignal, options?: { fromStart?: boolean }): AsyncIterable<TrialEvent>;
}

export function isWatchableStore(store: ResultsStore): store is ResultsStore & WatchableStore {
  return typeof (store as Partial<WatchableStore>).watchEvents === 'function';
}

/** Optional capability: remove a sweep for good (`zapsweep rm`); refuses while a controller holds it. */
export interface RemovableStore {
  removeSweep(sweepId: string): Promise<void>;
}

export function isRemovableStore(store: ResultsStore): store is ResultsStore & RemovableStore {
  return typeof (store as Partial<RemovableStore>).removeSweep === 'function';
}

/**
 * Optional capability: the drift report of a scheduled night (src/schedule/drift-report.ts),
 * stored with its sweep. `readDriftReport` gives undefined when the sweep has none.
 */
export interface DriftReportStore {
  saveDriftReport(sweepId: string, report: unknown): Promise<void>;
  readDriftReport(sweepId: string): Promise<unknown>;
}

export function isDriftReportStore(store: ResultsStore): store is ResultsStore & DriftReportStore {
  return typeof (store as Partial<DriftReportStore>).saveDriftReport === 'function' && typeof (store as Partial<DriftReportStore>).readDriftReport === 'function';
}
