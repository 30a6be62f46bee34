/**
 * The one hook the run path needs for scheduled nights: a given sweep id and schedule metadata
 * laid over the record `newSweepRecord` builds (src/cli/commands/sweep-cmds.ts, k8s-cmds.ts).
 */
import type { SweepRecord } from '../store/types.js';
import type { ScheduleMeta } from './schedule-id.js';

export interface RunIdentity {
  /** Run as this sweep id instead of a fresh random one. */
  sweepId?: string;
  schedule?: ScheduleMeta;
}

export function withRunIdentity(record: SweepRecord, o: RunIdentity): SweepRecord {
  return { ...record, ...(o.sweepId === undefined ? {} : { id: o.sweepId }), ...(o.schedule === undefined ? {} : { schedule: o.schedule }) };
}
