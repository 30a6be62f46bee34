/**
 * Folds a sweep's event log into per-trial state. Pure and incremental: `apply` one event at a time,
 * in any order per attempt, with duplicates. Contracts (DESIGN.md "Events"):
 * - (sweepId, trialId, attempt, attemptId, seq) identifies an event (`dedupKey`); a second copy changes nothing;
 * - a trial's result comes from the `finished` event of its successful attempt only;
 * - `failed` with cause `interrupted` does not consume the retry budget.
 */
import type { EventOf, TrialEvent } from '../transport/events.js';

/** `stopped`: ended by an early-stopping rule (search.stopping), neither success nor failure. */
export type AttemptStatus = 'running' | 'succeeded' | 'failed' | 'stopped';

export interface AttemptState {
  readonly attempt: number;
  status: AttemptStatus;
  backend?: string;
  /** webgpu: the adapter the attempt trained on. */
  adapter?: EventOf<'started'>['adapter'];
  host?: string;
  startedAt?: number;
  endedAt?: number;
  lastSeq: number;
  progress?: EventOf<'progress'>;
  failure?: EventOf<'failed'>;
  /** Why an early-stopping rule stopped it. */
  stop?: EventOf<'stopped'>;
  metrics?: Record<string, number>;
  /** name -> [step, value][] from `metric` events, for curves. */
  curves: Map<string, Array<[number, number]>>;
  zaps: Array<EventOf<'zap'>>;
  /** Where the attempt's pre-training stage came from (docs/proposals/pretrain-sharing.md). */
  stage?: EventOf<'stage'>;
}

export interface TrialRecord {
  readonly trialId: string;
  readonly attempts: Map<number, AttemptState>;
  /** The attempt whose `finished` event is the trial's result. */
  succeededAttempt?: number;
}

/**
 * The seqs seen of one attempt: all below `floor`, plus the out-of-order ones above it. Seqs have
 * no gaps, so this stays a few numbers per attempt however long the log (a set of keys did not:
 * about 100 bytes per event).
 */
class SeqSet {
  private floor = 0;
  private readonly above = new Set<number>();

  /** Returns false when `seq` was already there. */
  add(seq: number): boolean {
    if (seq < this.floor || this.above.has(seq)) return false;
    this.above.add(seq);
    while (this.above.delete(this.floor)) this.floor++;
    return true;
  }
}

/** One fold holds one sweep's events (callers filter by sweepId; trials are keyed by trialId). */
export class SweepFold {
  readonly trials = new Map<string, TrialRecord>();
  private readonly seen = new Map<string, SeqSet>();
  /** Stage keys some attempt has trained or loaded: a checkpoint may be there for the others. */
  readonly stages = new Set<string>();
  duplicates = 0;

  /** Returns false when the event was a duplicate (already applied). */
  apply(e: TrialEvent): boolean {
    const key = `${e.trialId}/${e.attempt}/${e.attemptId ?? ''}`;
    let seqs = this.seen.get(key);
    if (!seqs) {
      seqs = new SeqSet();
      this.seen.set(key, seqs);
    }
    if (!seqs.add(e.seq)) {
      this.duplicates++;
      return false;
    }
    const trial = this.trial(e.trialId);
    const a = attemptOf(trial, e.attempt);
    a.lastSeq = Math.max(a.lastSeq, e.seq);
    switch (e.type) {
      case 'started':
        a.backend = e.backend;
        if (e.adapter !== undefined) a.adapter = e.adapter;
        a.host = e.host;
        a.startedAt = e.time;
        break;
      case 'progress':
        if (!a.progress || e.seq > a.progress.seq) a.progress = e;
        break;
      case 'zap':
        a.zaps.push(e);
        break;
      case 'metric': {
        const curve = a.curves.get(e.name) ?? [];
        curve.push([e.step ?? curve.length, e.value]);
        a.curves.set(e.name, curve);
        break;
      }
      case 'stage':
        a.stage = e;
        this.stages.add(e.key);
        break;
      case 'finished':
        a.status = 'succeeded';
        a.metrics = e.metrics;
        a.endedAt = e.time;
        // The first successful attempt wins; a later duplicate success does not replace it.
        if (trial.succeededAttempt === undefined) trial.succeededAttempt = e.attempt;
        break;
      case 'failed':
        // The first terminal event of an attempt decides it (a timeout recorded by the controller
        // is not turned into an interruption by the worker's own report that follows).
        if (a.status === 'running') {
          a.status = 'failed';
          a.failure = e;
          a.endedAt = e.time;
        }
        break;
      case 'stopped':
        // Like a failure, the first terminal event decides (the worker's interruption report follows).
        if (a.status === 'running') {
          a.status = 'stopped';
          a.stop = e;
          a.endedAt = e.time;
        }
        break;
    }
    return true;
  }

  applyAll(events: Iterable<TrialEvent>): void {
    for (const e of events) this.apply(e);
  }

  trial(trialId: string): TrialRecord {
    let t = this.trials.get(trialId);
    if (!t) {
      t = { trialId, attempts: new Map() };
      this.trials.set(trialId, t);
    }
    return t;
  }
}

function attemptOf(trial: TrialRecord, attempt: number): AttemptState {
  let a = trial.attempts.get(attempt);
  if (!a) {
    a = { attempt, status: 'running', lastSeq: -1, curves: new Map(), zaps: [] };
    trial.attempts.set(attempt, a);
  }
  return a;
}

/** Failed attempts that count against `budget.retries` (interruptions do not). */
export function chargedFailures(trial: TrialRecord | undefined): number {
  if (!trial) return 0;
  let n = 0;
  for (const a of trial.attempts.values()) if (a.status === 'failed' && a.failure?.cause !== 'interrupted') n++;
  return n;
}

/** True when the last failure was declared non-retryable by the worker. */
export function hasFatalFailure(trial: TrialRecord | undefined): boolean {
  if (!trial) return false;
  for (const a of trial.attempts.values()) if (a.status === 'failed' && a.failure?.retryable === false) return true;
  return false;
}

export function nextAttempt(trial: TrialRecord | undefined): number {
  if (!trial || trial.attempts.size === 0) return 0;
  return Math.max(...trial.attempts.keys()) + 1;
}

export type TrialPhase = 'pending' | 'running' | 'succeeded' | 'failed' | 'stopped';

/** The trial's phase given the retry budget: failed once it can no longer be retried; stopped by a stopping rule. */
export function trialPhase(trial: TrialRecord | undefined, retries: number): TrialPhase {
  if (!trial) return 'pending';
  if (trial.succeededAttempt !== undefined) return 'succeeded';
  for (const a of trial.attempts.values()) if (a.status === 'stopped') return 'stopped';
  for (const a of trial.attempts.values()) if (a.status === 'running') return 'running';
  if (hasFatalFailure(trial) || chargedFailures(trial) > retries) return 'failed';
  return 'pending';
}
