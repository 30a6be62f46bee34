/**
 * What both stores (file, JetStream) share about their records: parsing a stored SweepRecord,
 * parsing one stored event, and whether a lock holder's process is still alive on this host.
 */
import { parseEvent, type TrialEvent } from '../transport/events.js';
import { StoreError, sweepStatuses, type SweepRecord, type SweepStatus } from './types.js';

/** Sweep ids: lower-case letters, digits and "-" (safe as a directory name and a subject token). */
export const sweepIdPattern = /^[a-z0-9][-a-z0-9]*$/;

export function checkSweepId(id: string): string {
  if (!sweepIdPattern.test(id)) throw new StoreError(`invalid sweep id "${id}": expected lower-case letters, digits and "-"`);
  return id;
}

/** A stored SweepRecord; `where` names the file or key in the message when it is not one. */
export function parseRecord(text: string, where: string): SweepRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new StoreError(`${where}: not valid JSON`, { cause });
  }
  const r = raw as Partial<SweepRecord> | null;
  if (r === null || typeof r !== 'object' || typeof r.id !== 'string' || typeof r.name !== 'string' || !sweepStatuses.includes(r.status as SweepStatus)) {
    throw new StoreError(`${where}: not a sweep record (expected id, name and status)`);
  }
  return r as SweepRecord;
}

/** One stored event line/message; undefined when it is not valid JSON or not a valid event. */
export function parseStoredEvent(text: string): TrialEvent | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = parseEvent(raw);
  return parsed.ok ? parsed.event : undefined;
}

/** Whether a process with this pid runs on this host (EPERM: it does, as another user). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
