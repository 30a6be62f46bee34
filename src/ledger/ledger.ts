/**
 * A sweep's event ledger: the one owner of what the log says (DESIGN.md "Layout rule"). Controllers
 * are scheduling policies over it; none touches the store or the fold directly.
 * Contracts:
 * - a batch of deliveries is validated, its fresh events stored in ONE append, and only then acked;
 * - a message that fails validation, or speaks of another sweep or an unknown trial, is counted,
 *   reported once to the observer and dropped (acked: redelivering it cannot make it valid);
 * - `record` writes an event on a worker's behalf with the next seq of that attempt;
 * - the final status: `interrupted` when stopped, `failed` when every trial failed, else `completed`.
 */
import type { TrialOutcome } from '../analysis/types.js';
import type { Clock } from '../util/clock.js';
import type { Trial } from '../spec/trial.js';
import type { ResultsStore, SweepStatus } from '../store/types.js';
import { parseEvent, type EventBody, type TrialEvent } from '../transport/events.js';
import type { Delivery } from '../transport/types.js';
import { SweepFold, nextAttempt, trialPhase, type AttemptState, type TrialPhase } from './fold.js';
import { toOutcomes } from './outcomes.js';

export interface LedgerObserver {
  /** A new (non-duplicate) event was stored. */
  event?(event: TrialEvent, trial: Trial): void;
  /** A message failed validation and was dropped. */
  malformed?(error: string): void;
}

export interface LedgerOptions {
  sweepId: string;
  trials: readonly Trial[];
  store: ResultsStore;
  retries: number;
  clock: Clock;
  observer?: LedgerObserver;
}

export interface AttemptRef {
  trialId: string;
  attempt: number;
}

export class SweepLedger {
  readonly fold = new SweepFold();
  readonly trials: readonly Trial[];
  malformed = 0;
  private readonly byId: ReadonlyMap<string, Trial>;

  constructor(private readonly o: LedgerOptions) {
    this.trials = o.trials;
    this.byId = new Map(o.trials.map((t) => [t.trialId, t]));
  }

  /** Takes state from the store; returns the attempts the log leaves running (a dead controller's). */
  async resume(): Promise<AttemptRef[]> {
    const prior = await this.o.store.readEvents(this.o.sweepId);
    this.fold.applyAll(prior.events.filter((e) => e.sweepId === this.o.sweepId));
    const running: AttemptRef[] = [];
    for (const t of this.fold.trials.values()) {
      for (const a of t.attempts.values()) if (a.status === 'running') running.push({ trialId: t.trialId, attempt: a.attempt });
    }
    return running;
  }

  /** Validates a batch, stores its fresh events in one append, then acks it; returns what was stored. */
  async ingest(batch: readonly Delivery[]): Promise<TrialEvent[]> {
    const valid: TrialEvent[] = [];
    for (const delivery of batch) {
      const parsed = parseEvent(delivery.raw);
      if (parsed.ok && parsed.event.sweepId === this.o.sweepId && this.byId.has(parsed.event.trialId)) {
        valid.push(parsed.event);
      } else {
        this.malformed++;
        this.o.observer?.malformed?.(parsed.ok ? `event for another sweep or trial: ${parsed.event.sweepId}/${parsed.event.trialId}` : parsed.error);
      }
    }
    const stored = await this.store(valid);
    await Promise.all(batch.map((d) => d.ack()));
    return stored;
  }

  /** Writes an event on a worker's behalf (it crashed, timed out, vanished, or its pod failed). */
  async record(trialId: string, attempt: number, body: EventBody): Promise<void> {
    const last = this.fold.trial(trialId).attempts.get(attempt)?.lastSeq ?? -1;
    await this.store([{ ...body, sweepId: this.o.sweepId, trialId, attempt, seq: last + 1, time: this.o.clock.now() }]);
  }

  phase(trialId: string): TrialPhase {
    return trialPhase(this.fold.trials.get(trialId), this.o.retries);
  }

  attempt(trialId: string, attempt: number): AttemptState | undefined {
    return this.fold.trials.get(trialId)?.attempts.get(attempt);
  }

  nextAttempt(trialId: string): number {
    return nextAttempt(this.fold.trials.get(trialId));
  }

  /** The highest attempt the log knows of (0 when none). */
  lastAttempt(trialId: string): number {
    return Math.max(0, ...(this.fold.trials.get(trialId)?.attempts.keys() ?? []));
  }

  /** Every trial succeeded or is out of retries. */
  settled(): boolean {
    return this.o.trials.every((t) => {
      const phase = this.phase(t.trialId);
      return phase === 'succeeded' || phase === 'failed';
    });
  }

  /** The final status, written to the store. */
  async close(stopping: boolean): Promise<SweepStatus> {
    const allFailed = this.o.trials.length > 0 && this.o.trials.every((t) => this.phase(t.trialId) === 'failed');
    const status: SweepStatus = stopping ? 'interrupted' : allFailed ? 'failed' : 'completed';
    await this.o.store.updateStatus(this.o.sweepId, status, this.o.clock.now());
    return status;
  }

  outcomes(): TrialOutcome[] {
    return toOutcomes(this.o.trials, this.fold, this.o.retries);
  }

  /** Stores (in one append) the events the fold has not seen; durable when it resolves. */
  private async store(events: readonly TrialEvent[]): Promise<TrialEvent[]> {
    const fresh = events.filter((e) => this.fold.apply(e));
    if (fresh.length === 0) return fresh;
    await this.o.store.append(this.o.sweepId, fresh);
    for (const e of fresh) {
      const trial = this.byId.get(e.trialId);
      if (trial) this.o.observer?.event?.(e, trial);
    }
    return fresh;
  }
}
