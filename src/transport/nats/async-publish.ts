/**
 * JetStream acked publishes with many in flight, cheaply: one wildcard subscription on a private
 * inbox receives every PubAck (each publish's reply subject is that inbox plus a counter), and one
 * timer checks deadlines for all of them. `js.publish` of @nats-io/jetstream 3.4 makes a request
 * per publish: a mux entry, a timer and a promise each, plus an Error built on every successful
 * reply (its `cancel` rejects an already-settled promise with a fresh RequestError); profiled, that
 * was most of a worker's publishing CPU. The wire protocol is the same: a message with a
 * `Nats-Msg-Id` header and a reply subject; the stream answers with a PubAck JSON
 * (`{stream, seq, duplicate}`) or an error (`{error: {code, description}}`), and the server answers
 * a 503 status when no stream listens on the subject.
 */
import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { ZapsweepError } from '../../errors.js';

export class PublishAckError extends ZapsweepError {
  override readonly name = 'PublishAckError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, retryable: true });
  }
}

export interface AckCallbacks {
  ok: () => void;
  fail: (err: Error) => void;
}

interface Pending extends AckCallbacks {
  deadline: number;
}

export class AsyncJetStreamPublisher {
  private readonly prefix = createInbox();
  private readonly pending = new Map<string, Pending>();
  private readonly sub: Subscription;
  private readonly timer: NodeJS.Timeout;
  private next = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.sub = nc.subscribe(`${this.prefix}.*`, { callback: (err, msg) => (err ? this.failAll(err) : this.onReply(msg)) });
    this.timer = setInterval(() => this.expire(), Math.min(1000, timeoutMs)).unref();
    void nc.closed().then(() => this.failAll(new PublishAckError('connection closed')));
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Publishes `data` to `subject` with message id `msgId`; exactly one callback runs, later. */
  publish(subject: string, data: string, msgId: string, cb: AckCallbacks): void {
    const token = (this.next++).toString(36);
    const h = headers();
    h.set('Nats-Msg-Id', msgId);
    this.pending.set(token, { ok: cb.ok, fail: cb.fail, deadline: this.now() + this.timeoutMs });
    try {
      this.nc.publish(subject, data, { reply: `${this.prefix}.${token}`, headers: h });
    } catch (err) {
      this.pending.delete(token);
      cb.fail(err instanceof Error ? err : new PublishAckError(String(err)));
    }
  }

  /** Stops listening; every publish still waiting fails. */
  close(): void {
    clearInterval(this.timer);
    this.sub.unsubscribe();
    this.failAll(new PublishAckError('publisher closed'));
  }

  private onReply(msg: Msg): void {
    const token = msg.subject.slice(this.prefix.length + 1);
    const p = this.pending.get(token);
    if (!p) return; // answered after its deadline: already failed and re-sent
    this.pending.delete(token);
    const error = replyError(msg);
    if (error === undefined) p.ok();
    else p.fail(new PublishAckError(error));
  }

  private expire(): void {
    const now = this.now();
    for (const [token, p] of this.pending) {
      if (p.deadline > now) continue;
      this.pending.delete(token);
      p.fail(new PublishAckError(`no acknowledgement within ${this.timeoutMs} ms`));
    }
  }

  private failAll(err: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.fail(err);
  }
}

/** Undefined for a PubAck; else why the publish was not stored. */
export function replyError(msg: Pick<Msg, 'data' | 'headers' | 'string'>): string | undefined {
  if (msg.headers?.hasError === true) {
    return msg.headers.code === 503 ? 'no stream listens on the subject (no responders)' : `status ${msg.headers.code} ${msg.headers.description}`;
  }
  if (msg.data.length === 0) return 'empty reply';
  try {
    const r = JSON.parse(msg.string()) as { stream?: unknown; error?: { code?: number; description?: string } };
    if (r.error) return `JetStream error ${r.error.code ?? '?'}: ${r.error.description ?? ''}`;
    return typeof r.stream === 'string' && r.stream !== '' ? undefined : 'invalid ack';
  } catch {
    return 'invalid ack (not JSON)';
  }
}
