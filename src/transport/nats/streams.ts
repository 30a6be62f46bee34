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

export async function ensureStream(jsm: JetStreamManager, name: string, subjects: string): Promise<void> {
  try {
    await jsm.streams.info(name);
    return;
  } catch {
    // not found (or a transient error: add reports it)
  }
  try {
    await jsm.streams.add({
      name,
      subjects: [subjects],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      duplicate_window: 2 * 60 * 1_000_000_000,
    });
  } catch (err) {
    // Another process created it between info and add.
    if (!/already in use|already exists/i.test(String(err))) throw err;
  }
}

export function ensureEventStream(jsm: JetStreamManager): Promise<void> {
  return ensureStream(jsm, eventStream, eventSubjects);
}
