/**
 * The JetStream layout (DESIGN.md "NATS"): one stream on `zapsweep.>` with file storage;
 * subjects `zapsweep.<sweepId>.<trialId>.<type>`; message id = the event's de-duplication key.
 * Creating the stream is idempotent, so the worker, the controller and the store all ensure it.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { DiscardPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { TrialEvent } from '../events.js';

export const eventStream = 'ZAPSWEEP';
export const eventSubjects = 'zapsweep.>';

const token = /^[^\s.*>]+$/;

/** True when the string can be one subject token (no dots, wildcards or spaces). */
export function isSubjectToken(s: string): boolean {
  return token.test(s);
}

export function eventSubject(e: Pick<TrialEvent, 'sweepId' | 'trialId' | 'type'>): string {
  return `zapsweep.${e.sweepId}.${e.trialId}.${e.type}`;
}

/** Every event of one sweep (one filter subject: server 2.9 has no array filter_subjects). */
export function sweepFilter(sweepId: string): string {
  return `zapsweep.${sweepId}.>`;
}

/** Durable consumer names may not hold dots or wildcards; sweep ids are [a-z0-9-]. */
export function controllerConsumer(sweepId: string): string {
  return `zapsweep-ctl-${sweepId}`;
}

export interface StreamRetention {
  /** Messages older than this are removed by the server (ms); 0 = no age limit. */
  maxAgeMs?: number;
}

const nanosPerMs = 1_000_000;
const duplicateWindowMs = 2 * 60 * 1000;

/**
 * Creates the stream if absent. With `maxAgeMs`, an existing stream whose max age differs is
 * updated to it (retention is the operator's choice, applied on the next start).
 */
export async function ensureStream(jsm: JetStreamManager, name: string, subjects: string, retention: StreamRetention = {}): Promise<void> {
  const maxAgeNs = retention.maxAgeMs === undefined ? undefined : retention.maxAgeMs * nanosPerMs;
  // The duplicate window may not exceed the max age.
  const windowNs = Math.min(duplicateWindowMs * nanosPerMs, maxAgeNs === undefined || maxAgeNs === 0 ? Infinity : maxAgeNs);
  // Not found, or a transient error (add then reports it).
  const info = await jsm.streams.info(name).catch(() => undefined);
  if (info) {
    if (maxAgeNs !== undefined && info.config.max_age !== maxAgeNs) {
      await jsm.streams.update(name, { ...info.config, max_age: maxAgeNs, duplicate_window: windowNs });
    }
    return;
  }
  try {
    await jsm.streams.add({
      name,
      subjects: [subjects],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      duplicate_window: windowNs,
      ...(maxAgeNs === undefined ? {} : { max_age: maxAgeNs }),
    });
  } catch (err) {
    // Another process created it between info and add.
    if (!/already in use|already exists/i.test(String(err))) throw err;
  }
}

export function ensureEventStream(jsm: JetStreamManager): Promise<void> {
  return ensureStream(jsm, eventStream, eventSubjects);
}
