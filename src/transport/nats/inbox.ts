/**
 * Controller side of the NATS transport: a durable pull consumer per sweep (filter
 * `zapsweep.<sweepId>.>`, explicit acks). The controller acks a delivery only after the event is
 * stored, so a controller killed before storing gets the event again from the same consumer when
 * it restarts (the fold drops what it already has).
 * Capability: `caughtUp()` says whether the consumer has nothing left undelivered, which lets the
 * controller tell "the worker's events are still on their way" from "the worker died silently".
 * Retries are said through `log` (when given): an absent consumer (deleted, or a server that lost
 * its state) is created again, from the stream's first event of the sweep (the fold drops what it
 * has); any other failure, and the connection going away, is an outage reported as
 * "NATS unreachable ..., retrying" (outage-log.ts), repeated while it lasts.
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError, type ConsumerMessages, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Delivery, EventInbox } from '../types.js';
import { backoffDelay, defaultBackoff } from './backoff.js';
import { OutageLog, watchConnection } from './outage-log.js';
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
  /** Where retries are said (the CLI: stderr). Default: nowhere. */
  log?: (line: string) => void;
  /** How often an ongoing outage is said again (default 30 s). */
  outageRepeatMs?: number;
}

/** Structurally a `LaggingInbox` (src/controller/lagging-inbox.ts). */
export class NatsInbox implements EventInbox {
  readonly eventsMayLag = true;
  private messages: ConsumerMessages | undefined;
  private closed = false;
  private lastDelivery = Date.now();
  /** Consumes restarted because they had stalled (diagnostics, tests). */
  restarts = 0;
  /** Times the durable consumer was found absent and created again (diagnostics, tests). */
  recreated = 0;
  private readonly outage: OutageLog | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly sweepId: string,
    private readonly stallMs: number,
    private readonly o: NatsInboxOptions,
  ) {
    this.outage = o.log ? new OutageLog({ log: o.log, ...(o.outageRepeatMs === undefined ? {} : { repeatMs: o.outageRepeatMs }) }) : undefined;
    if (this.outage) void watchConnection(nc, this.outage);
  }

  /** Ensures the stream and the sweep's durable consumer (idempotent: a restart reuses it). */
  static async open(nc: NatsConnection, sweepId: string, o: NatsInboxOptions = {}): Promise<NatsInbox> {
    const jsm = await jetstreamManager(nc);
    await ensureEventStream(jsm);
    await ensureConsumer(jsm, sweepId, o);
    return new NatsInbox(nc, jsm, sweepId, o.stallMs ?? 30_000, o);
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
      } catch (err) {
        failures++;
        if (isConsumerAbsent(err)) await this.recreateConsumer();
        else this.outage?.failed(`consume from ${controllerConsumer(this.sweepId)}: ${errorText(err)}`);
        await sleep(backoffDelay(defaultBackoff, failures, Math.random()));
        continue;
      }
      failures = 0;
      this.outage?.recovered();
      this.messages = messages;
      void this.watchConsumer(messages);
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

  /** An absent consumer is said once per absence and created again (from the sweep's first event). */
  private async recreateConsumer(): Promise<void> {
    this.o.log?.(`NATS consumer ${controllerConsumer(this.sweepId)} on stream ${eventStream} is absent (deleted, or the server lost its state); creating it again`);
    try {
      await ensureConsumer(this.jsm, this.sweepId, this.o);
      this.recreated++;
    } catch (err) {
      this.outage?.failed(`create consumer ${controllerConsumer(this.sweepId)}: ${errorText(err)}`);
    }
  }

  /** A consume whose consumer disappears under it is ended, so the loop above finds it absent. */
  private async watchConsumer(messages: ConsumerMessages): Promise<void> {
    for await (const s of messages.status()) {
      if (s.type === 'consumer_deleted' || s.type === 'consumer_not_found') {
        if (messages === this.messages) this.restartConsume();
        return;
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
    this.outage?.close();
    await this.messages?.close();
  }

  /** Removes the sweep's durable consumer (the sweep is finished for good). */
  async forget(): Promise<void> {
    await this.jsm.consumers.delete(eventStream, controllerConsumer(this.sweepId)).catch(() => undefined);
  }
}

async function ensureConsumer(jsm: JetStreamManager, sweepId: string, o: NatsInboxOptions): Promise<void> {
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
}

/** "Consumer not found" from the API (deleted, or a server restarted without its state). */
function isConsumerAbsent(err: unknown): boolean {
  return (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound) || /consumer not found/i.test(errorText(err));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
