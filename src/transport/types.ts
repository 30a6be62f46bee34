/** The Transport port: workers publish events; the controller receives deliveries and acks them once stored. */
import type { TrialEvent } from './events.js';

export interface EventPublisher {
  /** Resolves once the transport has taken responsibility for the event. */
  publish(event: TrialEvent): Promise<void>;
  /** Flushes what is buffered and releases the connection. */
  close(): Promise<void>;
}

export interface Delivery {
  /** Unvalidated: the receiver validates with `parseEvent` and drops what is malformed. */
  readonly raw: unknown;
  /** Call only after the event is durably stored (or deliberately dropped). */
  ack(): Promise<void>;
}

export interface EventInbox extends AsyncIterable<Delivery> {
  close(): Promise<void>;
}
