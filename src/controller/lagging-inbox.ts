/**
 * Optional capability of an EventInbox (STYLE.md habit 3): events may arrive after the worker
 * that published them has exited (NATS: they sit in the stream until the consumer delivers them).
 * IPC inboxes lack it: the local executor reports an exit only after the child's channel drained.
 */
import type { EventInbox } from '../transport/types.js';

export interface LaggingInbox {
  readonly eventsMayLag: true;
  /** True when nothing published so far is still waiting to be delivered. */
  caughtUp(): Promise<boolean>;
}

export function isLaggingInbox(inbox: EventInbox): inbox is EventInbox & LaggingInbox {
  return 'eventsMayLag' in inbox && (inbox as Partial<LaggingInbox>).eventsMayLag === true && typeof (inbox as Partial<LaggingInbox>).caughtUp === 'function';
}
