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
  /**
   * A consume that has delivered nothing for this long while the consumer has messages pending and
   * no pull request waiting is stalled: it is restarted (default 30 s; 0 turns the check off).
   */
  stallMs?: number;
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
  private lastDelivery = Date.now();
  /** Consumes restarted because they had stalled (diagnostics, tests). */
  restarts = 0;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly sweepId: string,
    private readonly stallMs: number,
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
    return new NatsInbox(nc, jsm, sweepId, o.stallMs ?? 30_000);
  }

  /**
   * Rides out timeouts and server restarts: a failed `get`/`consume` is retried with backoff, and
   * an iteration that ends before `close` is started again on the same durable consumer. A stalled
   * consume (see `stallMs`; seen once in CI: messages pending, none delivered, no pull waiting) is
   * ended by the watchdog and so started again the same way.
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
      this.lastDelivery = Date.now();
      const watchdog = this.stallMs > 0 ? setInterval(() => void this.checkStall(messages), Math.max(250, this.stallMs / 2)) : undefined;
      watchdog?.unref();
      try {
        for await (const m of messages) {
          this.lastDelivery = Date.now();
          yield { raw: decode(m), ack: () => ackOf(m) };
        }
      } finally {
        if (watchdog !== undefined) clearInterval(watchdog);
      }
    }
  }

  /**
   * Ends the current consume (the iterator then starts a new one), as the watchdog does. Not
   * awaited: closing waits for the iteration to drain, which may be the caller's own loop.
   */
  restartConsume(): void {
    this.restarts++;
    void this.messages?.close().catch(() => undefined);
  }

  private async checkStall(messages: ConsumerMessages): Promise<void> {
    if (this.closed || messages !== this.messages || Date.now() - this.lastDelivery < this.stallMs) return;
    const info = await this.jsm.consumers.info(eventStream, controllerConsumer(this.sweepId)).catch(() => undefined);
    if (info === undefined || info.num_pending === 0 || info.num_waiting > 0 || messages !== this.messages) return;
    this.restartConsume();
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
