/**
 * Worker side of the NATS transport. `publish` takes responsibility at once (the event is buffered,
 * in memory or spilled to a local file); a sender keeps up to `maxInFlight` JetStream publishes
 * acked-in-flight, each with message id = the event's de-duplication key, so a retry after a lost
 * ack is stored once. While NATS is unreachable it retries with backoff; it gives up only when no
 * publish has succeeded for `deadlineMs`, and then `close` (and later `publish`) reject with a
 * retryable NatsDeliveryError: the worker exits non-zero and the trial is retried.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { dedupKey, type TrialEvent } from '../events.js';
import type { EventPublisher } from '../types.js';
import { AsyncJetStreamPublisher } from './async-publish.js';
import { backoffDelay, defaultBackoff } from './backoff.js';
import { connectNats, describeServers, NatsConnectError, type NatsSettings } from './options.js';
import { SpillBuffer } from './spill-buffer.js';
import { ensureEventStream, eventSubject, isSubjectToken } from './streams.js';
import { ZapsweepError } from '../../errors.js';

export interface NatsPublisherOptions {
  settings: NatsSettings;
  /** Give up after this long without a successful publish while events wait. */
  deadlineMs: number;
  maxInFlight?: number;
  /** Events kept in memory before spilling to files. */
  memoryEvents?: number;
  spillDir?: string;
  /** Called once when the publisher gives up (e.g. to stop training for nothing). */
  onGiveUp?: (err: NatsDeliveryError) => void;
  log?: (line: string) => void;
  name?: string;
}

export class NatsDeliveryError extends ZapsweepError {
  override readonly name = 'NatsDeliveryError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, retryable: true });
  }
}

/** A buffered publish as one line: `subject \t msgID \t json` (none of them holds a tab or newline). */
function encode(subject: string, id: string, data: string): string {
  return `${subject}\t${id}\t${data}`;
}

export class NatsPublisher implements EventPublisher {
  private readonly buffer: SpillBuffer;
  private readonly maxInFlight: number;
  private nc: NatsConnection | undefined;
  private js: AsyncJetStreamPublisher | undefined;
  private inFlight = 0;
  private failures = 0;
  private outageSince: number | undefined;
  private lastError = '';
  private failed: NatsDeliveryError | undefined;
  private closing = false;
  private wake: (() => void) | undefined;
  private readonly loop: Promise<void>;

  constructor(private readonly o: NatsPublisherOptions) {
    this.maxInFlight = o.maxInFlight ?? 256;
    const memoryLimit = o.memoryEvents ?? 10_000;
    this.buffer = new SpillBuffer({ memoryLimit, chunk: Math.max(1, Math.floor(memoryLimit / 4)), ...(o.spillDir === undefined ? {} : { dir: o.spillDir }) });
    this.loop = this.run().catch((err: unknown) => this.giveUp(`internal error: ${String(err)}`));
  }

  /** Events spilled to disk so far (diagnostics). */
  get spilled(): number {
    return this.buffer.spilled;
  }

  publish(event: TrialEvent): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (!isSubjectToken(event.sweepId) || !isSubjectToken(event.trialId)) {
      return Promise.reject(new NatsConnectError(`sweep id "${event.sweepId}" or trial id "${event.trialId}" cannot be a NATS subject token`, false));
    }
    this.buffer.push(encode(eventSubject(event), dedupKey(event), JSON.stringify(event)));
    this.poke();
    return Promise.resolve();
  }

  /** Waits until every buffered event is acked (or the deadline passes), then disconnects. */
  async close(): Promise<void> {
    this.closing = true;
    this.poke();
    await this.loop;
    this.buffer.dispose();
    const nc = this.nc;
    this.nc = undefined;
    this.js?.close();
    this.js = undefined;
    if (nc) await nc.close().catch(() => undefined);
    if (this.failed) throw this.failed;
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Until `poke` (an ack, a failure, a new event, close), or `ms` when given. */
  private sleep(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      if (ms === undefined) {
        this.wake = resolve;
        return;
      }
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.failed) return;
      // 1. Done when closing and nothing is buffered or in flight.
      if (this.buffer.size === 0 && this.inFlight === 0) {
        if (this.closing) return;
        await this.sleep();
        continue;
      }
      // 2. Connect (again) when needed.
      if (!this.js && !(await this.connect())) {
        if (this.checkDeadline()) return;
        await this.sleep(backoffDelay(defaultBackoff, this.failures, Math.random()));
        continue;
      }
      // 3. Fill the window of acked publishes.
      while (this.inFlight < this.maxInFlight) {
        const line = this.buffer.shift();
        if (line === undefined) break;
        this.send(line);
      }
      // 4. Wait for an ack, a failure or a new event; back off after failures.
      if (this.outageSince !== undefined) {
        if (this.checkDeadline()) return;
        await this.sleep(backoffDelay(defaultBackoff, this.failures, Math.random()));
      } else {
        await this.sleep();
      }
    }
  }

  private send(line: string): void {
    const js = this.js;
    if (!js) {
      this.buffer.unshift(line);
      return;
    }
    const tab1 = line.indexOf('\t');
    const tab2 = line.indexOf('\t', tab1 + 1);
    this.inFlight++;
    js.publish(line.slice(0, tab1), line.slice(tab2 + 1), line.slice(tab1 + 1, tab2), {
      ok: () => {
        this.inFlight--;
        this.failures = 0;
        this.outageSince = undefined;
        this.poke();
      },
      fail: (err) => {
        this.inFlight--;
        this.buffer.unshift(line);
        this.noteFailure(err);
        this.poke();
      },
    });
  }

  private async connect(): Promise<boolean> {
    try {
      const nc = await connectNats(this.o.settings, { name: this.o.name ?? 'zapsweep-worker', timeoutMs: 2000 });
      await ensureEventStream(await jetstreamManager(nc));
      const js = new AsyncJetStreamPublisher(nc, 5000);
      this.nc = nc;
      this.js = js;
      void nc.closed().then(() => {
        js.close();
        if (this.nc === nc) {
          this.nc = undefined;
          this.js = undefined;
        }
      });
      return true;
    } catch (err) {
      if (err instanceof NatsConnectError && !err.retryable) {
        this.giveUp(err.message);
        return false;
      }
      this.noteFailure(err);
      return false;
    }
  }

  private noteFailure(err: unknown): void {
    this.failures++;
    this.outageSince ??= Date.now();
    const text = err instanceof Error ? err.message : String(err);
    if (text !== this.lastError) this.o.log?.(`NATS publish failed (${text}); buffering and retrying`);
    this.lastError = text;
  }

  /** True (and gives up) once the outage has lasted longer than the deadline. */
  private checkDeadline(): boolean {
    if (this.failed) return true;
    if (this.outageSince === undefined || Date.now() - this.outageSince < this.o.deadlineMs) return false;
    this.giveUp(`no event could be delivered for ${Math.round(this.o.deadlineMs / 1000)} s (${this.lastError})`);
    return true;
  }

  private giveUp(why: string): void {
    if (this.failed) return;
    const pending = this.buffer.size + this.inFlight;
    this.failed = new NatsDeliveryError(`gave up publishing to NATS at ${describeServers(this.o.settings)}: ${why}; ${pending} event(s) undelivered`);
    this.o.onGiveUp?.(this.failed);
    this.poke();
  }
}
