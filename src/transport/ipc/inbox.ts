/** Controller side of the IPC transport: the local executor pushes each child's messages here. */
import { AsyncQueue } from '../../util/async-queue.js';
import type { Delivery, EventInbox } from '../types.js';

const noAck = (): Promise<void> => Promise.resolve();

export class IpcInbox implements EventInbox {
  private readonly queue = new AsyncQueue<Delivery>();

  push(raw: unknown): void {
    this.queue.push({ raw, ack: noAck });
  }

  [Symbol.asyncIterator](): AsyncIterator<Delivery> {
    return this.queue[Symbol.asyncIterator]();
  }

  close(): Promise<void> {
    this.queue.close();
    return Promise.resolve();
  }
}
