/**
 * Stop messages from a Kubernetes sweep's controller to a running pod (search.stopping, the median
 * rule: docs/racing.md). Core NATS, not JetStream: subject `zapsweep-control.<sweepId>.<index>`
 * (outside the events' `zapsweep.>`, so nothing stores it). A pod subscribes for its own index while
 * it trains; a stop it misses (not subscribed yet) costs only the rest of that trial's compute: the
 * controller has already recorded the `stopped` event, which decides the attempt.
 */
import type { NatsConnection } from '@nats-io/transport-node';

export const controlSubject = (sweepId: string, index: number): string => `zapsweep-control.${sweepId}.${index}`;

export interface StopMessage {
  readonly stop: true;
  /** The attempt to stop; another attempt of the index ignores it. */
  readonly attempt: number;
  readonly reason: string;
}

export async function publishStop(nc: NatsConnection, sweepId: string, index: number, m: StopMessage): Promise<void> {
  nc.publish(controlSubject(sweepId, index), JSON.stringify(m));
  await nc.flush();
}

/** Calls `onStop` with the reason when the controller stops this attempt; returns the unsubscribe. */
export function listenForStop(nc: NatsConnection, sweepId: string, index: number, attempt: number, onStop: (reason: string) => void): () => void {
  const sub = nc.subscribe(controlSubject(sweepId, index), {
    callback: (err, msg) => {
      if (err) return;
      try {
        const m = JSON.parse(msg.string()) as Partial<StopMessage>;
        if (m.stop === true && m.attempt === attempt) onStop(typeof m.reason === 'string' ? m.reason : 'stopped by the controller');
      } catch {
        // not a stop message: ignored
      }
    },
  });
  return () => sub.unsubscribe();
}
