/**
 * A sweep's event ledger: the one owner of what the log says (DESIGN.md "Layout rule"). Controllers
 * are scheduling policies over it; none touches the store or the fold directly.
 * Contracts:
 * - a batch of deliveries is validated, its fresh events stored in ONE append, and only then acked;
 * - a message that fails validation, or speaks of another sweep or an unknown trial, is counted,
 *   reported once to the observer and dropped (acked: redelivering it cannot make it valid);
 * - a valid event is accepted only for an attempt the controller launched or adopted (admission.ts),
 *   and only with every value in its domain (domains.ts); else it is rejected: counted, reported
 *   once with its subject, dropped. Kubernetes may `hold` events of an attempt whose pod the watch
 *   has not shown yet (unacked) until the pod is admitted or the hold expires;
 * - `record` writes an event on a worker's behalf with the next seq of that attempt;
 * - the final status: `interrupted` when stopped, `failed` when every trial failed, else `completed`.
 */
import type { TrialOutcome } from '../analysis/types.js';
import type { Clock } from '../util/clock.js';
import type { Trial } from '../spec/trial.js';
import type { ResultsStore, SweepStatus } from '../store/types.js';
import { parseEvent, type EventBody, type TrialEvent } from '../transport/events.js';
import type { Delivery } from '../transport/types.js';
import { Admissions } from './admission.js';
import { domainViolation } from './domains.js';
import { SweepFold, nextAttempt, trialPhase, type AttemptState, type TrialPhase } from './fold.js';
import { toOutcomes } from './outcomes.js';

export interface LedgerObserver {
  /** A new (non-duplicate) event was stored. */
  event?(event: TrialEvent, trial: Trial): void;
  /** A message failed validation and was dropped. */
  malformed?(error: string): void;
  /** A valid event was refused (unknown attempt, value out of its domain): subject and reason. */
  rejected?(message: string): void;
}

export interface LedgerOptions {
  sweepId: string;
  trials: readonly Trial[];
  store: ResultsStore;
  retries: number;
  clock: Clock;
  observer?: LedgerObserver;
  /** Kubernetes: events of attempts not admitted yet are held (a pod may not have been seen yet). */
  holdUnknown?: boolean;
}

/** How a sweep's controller ended (both scheduling policies return it). */
export interface LedgerOutcome {
  status: SweepStatus;
  fold: SweepFold;
  malformed: number;
  /** Valid events refused: an attempt not launched or adopted, a value outside its domain. */
  rejected: number;
  /** The trials the ledger held at the end (an adaptive search: every round planned). */
  trials: readonly Trial[];
}

export interface AttemptRef {
  trialId: string;
  attempt: number;
}

interface Held {
  delivery: Delivery;
  event: TrialEvent;
  since: number;
}

export class SweepLedger {
  readonly fold = new SweepFold();
  malformed = 0;
  rejected = 0;
  /** The trials the sweep holds; an adaptive search appends rounds (`addTrials`). */
  private readonly list: Trial[];
  private readonly byId: Map<string, Trial>;
  private readonly admissions = new Admissions();
  private held: Held[] = [];

  constructor(private readonly o: LedgerOptions) {
    this.list = [...o.trials];
    this.byId = new Map(o.trials.map((t) => [t.trialId, t]));
  }

  get trials(): readonly Trial[] {
    return this.list;
  }

  /** An adaptive search's next round (src/search): trials the ledger does not hold yet are appended. */
  addTrials(trials: readonly Trial[]): void {
    for (const t of trials) {
      if (this.byId.has(t.trialId)) continue;
      this.list.push(t);
      this.byId.set(t.trialId, t);
    }
  }

  /** Takes state from the store; returns the attempts the log leaves running (a dead controller's). */
  async resume(): Promise<AttemptRef[]> {
    const prior = (await this.o.store.readEvents(this.o.sweepId)).events.filter((e) => e.sweepId === this.o.sweepId);
    this.fold.applyAll(prior);
    this.admissions.adopt(prior);
    const running: AttemptRef[] = [];
    for (const t of this.fold.trials.values()) {
      for (const a of t.attempts.values()) if (a.status === 'running') running.push({ trialId: t.trialId, attempt: a.attempt });
    }
    return running;
  }

  /** The controller launched this attempt, or its executor reports it (a pod): take its events. */
  admit(trialId: string, attempt: number, attemptId?: string): void {
    this.admissions.admit(trialId, attempt, attemptId);
  }

  /**
   * Validates a batch, stores its accepted events in one append, then acks it (held deliveries
   * excepted); returns what was stored.
   */
  async ingest(batch: readonly Delivery[]): Promise<TrialEvent[]> {
    const accepted: TrialEvent[] = [];
    const done: Delivery[] = [];
    for (const delivery of batch) {
      const parsed = parseEvent(delivery.raw);
      if (!parsed.ok || parsed.event.sweepId !== this.o.sweepId || !this.byId.has(parsed.event.trialId)) {
        this.malformed++;
        this.o.observer?.malformed?.(parsed.ok ? `event for another sweep or trial: ${parsed.event.sweepId}/${parsed.event.trialId}` : parsed.error);
        done.push(delivery);
        continue;
      }
      const e = parsed.event;
      const verdict = this.verdict(e, this.o.holdUnknown === true);
      if (verdict.kind === 'hold') {
        this.held.push({ delivery, event: e, since: this.o.clock.now() });
        continue;
      }
      if (verdict.kind === 'accept') accepted.push(e);
      else this.reject(e, verdict.reason);
      done.push(delivery);
    }
    const stored = await this.store(accepted);
    await Promise.all(done.map((d) => d.ack()));
    return stored;
  }

  /** Held deliveries: those now admitted are stored; those held longer than `maxAgeMs` rejected. */
  async releaseHeld(maxAgeMs: number): Promise<TrialEvent[]> {
    if (this.held.length === 0) return [];
    const now = this.o.clock.now();
    const still: Held[] = [];
    const accepted: TrialEvent[] = [];
    const done: Delivery[] = [];
    for (const h of this.held) {
      const verdict = this.verdict(h.event, now - h.since < maxAgeMs);
      if (verdict.kind === 'hold') {
        still.push(h);
        continue;
      }
      if (verdict.kind === 'accept') accepted.push(h.event);
      else this.reject(h.event, verdict.reason);
      done.push(h.delivery);
    }
    this.held = still;
    const stored = await this.store(accepted);
    await Promise.all(done.map((d) => d.ack()));
    return stored;
  }

  /** Deliveries held for an attempt not admitted yet. */
  get holding(): number {
    return this.held.length;
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

  /** Every trial succeeded, is out of retries, or was stopped by a stopping rule. */
  settled(): boolean {
    return this.list.every((t) => {
      const phase = this.phase(t.trialId);
      return phase === 'succeeded' || phase === 'failed' || phase === 'stopped';
    });
  }

  /**
   * The end of a controller's run. `failure`: the loop died (a store that cannot be written): the
   * sweep is marked interrupted where that write is still possible, and the error is thrown on.
   */
  async finish(stopping: boolean, failure?: { err: unknown }): Promise<LedgerOutcome> {
    if (failure) {
      await this.o.store.updateStatus(this.o.sweepId, 'interrupted', this.o.clock.now()).catch(() => undefined);
      throw failure.err;
    }
    const status = await this.close(stopping);
    return { status, fold: this.fold, malformed: this.malformed, rejected: this.rejected, trials: this.list };
  }

  /** The final status, written to the store. */
  async close(stopping: boolean): Promise<SweepStatus> {
    const allFailed = this.list.length > 0 && this.list.every((t) => this.phase(t.trialId) === 'failed');
    const status: SweepStatus = stopping ? 'interrupted' : allFailed ? 'failed' : 'completed';
    await this.o.store.updateStatus(this.o.sweepId, status, this.o.clock.now());
    return status;
  }

  outcomes(): TrialOutcome[] {
    return toOutcomes(this.list, this.fold, this.o.retries);
  }

  private verdict(e: TrialEvent, holdUnknown: boolean): ReturnType<Admissions['verdict']> {
    const bad = domainViolation(e);
    if (bad !== undefined) return { kind: 'reject', reason: bad };
    return this.admissions.verdict(e, holdUnknown);
  }

  private reject(e: TrialEvent, reason: string): void {
    this.rejected++;
    this.o.observer?.rejected?.(`zapsweep.${e.sweepId}.${e.trialId}.${e.type} (attempt ${e.attempt}): ${reason}`);
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
