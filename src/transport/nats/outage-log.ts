/**
 * Says, through an injected `log`, when NATS goes away and comes back, so a long outage is never
 * silent: "NATS unreachable (<server>), retrying ..." at once, the same with how long it has lasted
 * every `repeatMs` (default 30 s) while it lasts, and "NATS reachable again after <d>" at the end.
 * Fed either by a connection's status stream (`watchConnection`) or by failed calls (`failed`).
 * Pure apart from its timer; the clock is injectable.
 */
import type { NatsConnection } from '@nats-io/transport-node';

export interface OutageLogOptions {
  log: (line: string) => void;
  repeatMs?: number;
  now?: () => number;
}

export class OutageLog {
  private since: number | undefined;
  private lastReport = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastWhy = '';

  constructor(private readonly o: OutageLogOptions) {}

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** NATS could not be reached (`why`: the server, or the failed call's error). */
  failed(why: string): void {
    this.lastWhy = why;
    if (this.since !== undefined) return this.maybeRepeat();
    this.since = this.now();
    this.lastReport = this.since;
    this.o.log(`NATS unreachable (${why}), retrying ...`);
    const every = this.o.repeatMs ?? 30_000;
    this.timer = setInterval(() => this.maybeRepeat(), Math.max(10, Math.min(every, 5000)));
    this.timer.unref();
  }

  /** A call succeeded or the connection is back. */
  recovered(): void {
    if (this.since === undefined) return;
    this.o.log(`NATS reachable again after ${formatDuration(this.now() - this.since)}`);
    this.since = undefined;
    this.stopTimer();
  }

  /** Whether an outage is going on (diagnostics, tests). */
  get down(): boolean {
    return this.since !== undefined;
  }

  /** Re-checks the repeat interval now (the timer calls it; tests with a fake clock may too). */
  maybeRepeat(): void {
    if (this.since === undefined) return;
    const now = this.now();
    if (now - this.lastReport < (this.o.repeatMs ?? 30_000)) return;
    this.lastReport = now;
    this.o.log(`NATS unreachable for ${formatDuration(now - this.since)} (${this.lastWhy}), retrying ...`);
  }

  close(): void {
    this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Feeds an OutageLog from a connection's status events until the connection closes. */
export async function watchConnection(nc: NatsConnection, outage: OutageLog): Promise<void> {
  try {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') outage.failed(`disconnected from ${s.server}`);
      else if (s.type === 'reconnect') outage.recovered();
      else if (s.type === 'close') break;
    }
  } finally {
    outage.close();
  }
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(s % 60).padStart(2, '0')}s`;
}
