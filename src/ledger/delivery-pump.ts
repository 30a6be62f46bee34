/**
 * Turns an inbox into batches: deliveries that arrive while the controller is busy are gathered and
 * handed over together, so the ledger appends and acks them once (one write per batch, not per event).
 */
import type { Delivery, EventInbox } from '../transport/types.js';

export class DeliveryPump {
  /** Resolves when the inbox has ended (after `inbox.close()`). */
  readonly done: Promise<void>;
  private arrived: Delivery[] = [];

  /** `onBatch` is called when the first delivery of a new batch arrives. */
  constructor(inbox: EventInbox, onBatch: () => void) {
    this.done = (async () => {
      for await (const delivery of inbox) {
        this.arrived.push(delivery);
        if (this.arrived.length === 1) onBatch();
      }
    })();
  }

  /** Deliveries waiting to be taken. */
  get waiting(): number {
    return this.arrived.length;
  }

  /** Everything that arrived since the last call. */
  take(): Delivery[] {
    const batch = this.arrived;
    this.arrived = [];
    return batch;
  }
}
