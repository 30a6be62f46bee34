/**
 * Controller side of the NATS transport: a durable pull consumer per sweep (filter
 * `zapsweep.<sweepId>.>`, explicit acks). The controller acks a delivery only after the event is
 * stored, so a controller killed before storing gets the event again from the same consumer when
 * it restarts (the fold drops what it already has).
 * Capability: `caughtUp()` says whether the consumer has nothing left undelivered, which lets the
 * controller tell "the worker's events are still on their way" from "the worker died silently".
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Delivery, EventInbox } from '../types.js';
import { backoffDelay, defaultBackoff } from './backoff.js';
import { controllerConsumer, ensureEventStream, eventStream, sweepFilter } from './streams.js';

export interface NatsInboxOptions {
  /** Deliveries the server may hand out before acks (the controller batches within this window). */
  maxAckPending?: number;
  /** Seconds before an unacked delivery is sent again. */
  ackWaitSeconds?: number;
}

/** Structurally a `LaggingInbox` (src/controller/lagging-inbox.ts). */
export class NatsInbox implements EventInbox {
  readonly eventsMayLag = true;
  private messages: ConsumerMessages | undefined;
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly sweepId: string,
  ) {}

  /** Ensures the stream and the sweep's durable consumer (idempotent: a restart reuses it). */
  static async open(nc: NatsConnection, sweepId: string, o: NatsInboxOptions = {}): Promise<NatsInbox> {
    const jsm = await jetstreamManager(nc);
    await ensureEventStream(jsm);
    const name = controllerConsumer(sweepId);
    try {
      await jsm.consumers.info(eventStream, name);
    } catch {
      await jsm.consumers.add(eventStream, {
        durable_name: name,
        filter_subject: sweepFilter(sweepId),
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        max_ack_pending: o.maxAckPending ?? 20_000,
        ack_wait: (o.ackWaitSeconds ?? 60) * 1_000_000_000,
      });
    }
    return new NatsInbox(nc, jsm, sweepId);
  }

  /**
   * Rides out timeouts and server restarts: a failed `get`/`consume` is retried with backoff, and
   * an iteration that ends before `close` is started again on the same durable consumer.
   */
  async *[Symbol.asyncIterator](): AsyncIterator<Delivery> {
    for (let failures = 0; !this.closed; ) {
      let messages: ConsumerMessages;
      try {
        const consumer = await jetstream(this.nc).consumers.get(eventStream, controllerConsumer(this.sweepId));
        messages = await consumer.consume({ max_messages: 2000 });
      } catch {
        failures++;
        await sleep(backoffDelay(defaultBackoff, failures, Math.random()));
        continue;
      }
      failures = 0;
      this.messages = messages;
      if (this.closed) await messages.close();
      for await (const m of messages) {
        yield { raw: decode(m), ack: () => ackOf(m) };
      }
    }
  }

  async caughtUp(): Promise<boolean> {
    try {
      const info = await this.jsm.consumers.info(eventStream, controllerConsumer(this.sweepId));
      return info.num_pending === 0;
    } catch {
      return false;
    }
  }

  /** Stops consuming; the durable consumer stays on the server for a later resume. */
  async close(): Promise<void> {
    this.closed = true;
    await this.messages?.close();
  }

  /** Removes the sweep's durable consumer (the sweep is finished for good). */
  async forget(): Promise<void> {
    await this.jsm.consumers.delete(eventStream, controllerConsumer(this.sweepId)).catch(() => undefined);
  }
}

/** JSON when it parses, else the text itself (which then fails validation and is counted). */
function decode(m: JsMsg): unknown {
  const text = m.string();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function ackOf(m: JsMsg): Promise<void> {
  m.ack();
  return Promise.resolve();
}
