/** Worker side of the IPC transport (a process forked with an IPC channel), and an NDJSON fallback. */
import type { Writable } from 'node:stream';
import type { TrialEvent } from '../events.js';
import type { EventPublisher } from '../types.js';
import { ZapsweepError } from '../../errors.js';

export class IpcPublisher implements EventPublisher {
  publish(event: TrialEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!process.send || !process.connected) {
        reject(new ZapsweepError('IPC channel to the controller is closed', { retryable: true }));
        return;
      }
      process.send(event, undefined, {}, (err) => (err ? reject(err) : resolve()));
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Writes one JSON event per line: for a worker run by hand (`zapsweep worker` in a shell). */
export class NdjsonPublisher implements EventPublisher {
  constructor(private readonly out: Writable) {}

  publish(event: TrialEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.out.write(JSON.stringify(event) + '\n', (err) => (err ? reject(err) : resolve()));
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
