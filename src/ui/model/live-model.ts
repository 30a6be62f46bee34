/**
 * The live view's model. Pure and incremental: events in (any order, duplicates allowed), snapshots
 * out. Per-trial state is the controller's own SweepFold; aggregation, CIs and ranking are
 * src/analysis's, recomputed only when an outcome can have changed (a start, finish or failure),
 * never per progress or metric event. Memory is bounded apart from the fold itself: the failure
 * log and the notes keep their latest entries only.
 */
import { buildResults } from '../../analysis/results.js';
import type { ResultsJson } from '../../analysis/types.js';
import { SweepFold, trialPhase } from '../../ledger/fold.js';
import { toOutcomes } from '../../ledger/outcomes.js';
import type { Trial } from '../../spec/trial.js';
import type { TrialEvent } from '../../transport/events.js';
import type { FailureEntry, LiveSnapshot, RunningTrial, SweepHeader } from './snapshot.js';
import { trialFraction } from './trial-progress.js';

export const FAILURE_LOG_SIZE = 100;
export const NOTES_SIZE = 20;

export interface LiveModelOptions {
  sweep: SweepHeader;
  trials: readonly Trial[];
  /** budget.retries: a failed attempt with retries left leaves its trial pending. */
  retries: number;
  /** When the sweep (or this watch of it) started, ms since the epoch. */
  startedAt: number;
}

export class LiveModel {
  readonly fold = new SweepFold();
  readonly trials: readonly Trial[];
  private readonly byId: Map<string, Trial>;
  private readonly running = new Set<string>();
  private readonly failures: FailureEntry[] = [];
  private readonly notes: string[] = [];
  private failureCount = 0;
  private malformedCount = 0;
  private cached: ResultsJson | undefined;
  private sweep: SweepHeader;
  private paused = false;
  private stopping = false;
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly o: LiveModelOptions) {
    this.trials = o.trials;
    this.sweep = o.sweep;
    this.byId = new Map(o.trials.map((t) => [t.trialId, t]));
  }

  /** Applies one event; false for a duplicate or an event of an unknown trial. */
  apply(e: TrialEvent): boolean {
    const trial = this.byId.get(e.trialId);
    if (!trial || !this.fold.apply(e)) return false;
    this.bump();
    if (e.type === 'started' || e.type === 'finished' || e.type === 'failed') {
      this.cached = undefined;
      const record = this.fold.trials.get(e.trialId);
      let live = false;
      for (const a of record?.attempts.values() ?? []) if (a.status === 'running') live = true;
      if (live) this.running.add(e.trialId);
      else this.running.delete(e.trialId);
    }
    if (e.type === 'stage') {
      const how = e.origin === 'trained' ? `trained in ${e.seconds.toFixed(1)} s` : e.origin === 'memory' ? 'reused (in memory)' : `reused (checkpoint, ${e.seconds.toFixed(1)} s)`;
      this.note(`#${trial.index} pre-training ${e.key} ${how}`);
    }
    if (e.type === 'failed') {
      this.failureCount++;
      this.failures.push({ trialId: e.trialId, index: trial.index, configId: trial.configId, seed: trial.seed, attempt: e.attempt, cause: e.cause, message: e.message, retryable: e.retryable });
      if (this.failures.length > FAILURE_LOG_SIZE) this.failures.splice(0, this.failures.length - FAILURE_LOG_SIZE);
    }
    return true;
  }

  applyAll(events: Iterable<TrialEvent>): void {
    for (const e of events) this.apply(e);
  }

  malformed(): void {
    this.malformedCount++;
    this.bump();
  }

  note(line: string): void {
    this.notes.push(line);
    if (this.notes.length > NOTES_SIZE) this.notes.splice(0, this.notes.length - NOTES_SIZE);
    this.bump();
  }

  setStatus(status: string): void {
    if (status === this.sweep.status) return;
    this.sweep = { ...this.sweep, status };
    this.cached = undefined;
    this.bump();
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    this.bump();
  }

  setStopping(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.bump();
  }

  get changes(): number {
    return this.version;
  }

  /** Calls `listener` after every change (synchronously: throttle on the other side). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private bump(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  /** Ranked results; cached until an outcome can have changed. */
  results(): ResultsJson {
    this.cached ??= buildResults(this.sweep, toOutcomes(this.trials, this.fold, this.o.retries));
    return this.cached;
  }

  snapshot(now: number): LiveSnapshot {
    const results = this.results();
    const counts = results.sweep.trials;
    const elapsedMs = Math.max(0, now - this.o.startedAt);
    const ended = counts.succeeded + counts.failed;
    const left = counts.total - ended;
    // At the rate trials have ended so far (parallel slots included).
    const etaMs = left === 0 ? 0 : ended === 0 || elapsedMs <= 0 ? null : (elapsedMs / ended) * left;
    return {
      sweep: this.sweep,
      counts,
      ...(results.sweep.pretrainings ? { pretrainings: results.sweep.pretrainings } : {}),
      elapsedMs,
      etaMs,
      paused: this.paused,
      stopping: this.stopping,
      results,
      trials: this.trials,
      running: this.runningTrials(),
      failures: [...this.failures],
      failureCount: this.failureCount,
      malformed: this.malformedCount,
      notes: [...this.notes],
      version: this.version,
    };
  }

  private runningTrials(): RunningTrial[] {
    const out: RunningTrial[] = [];
    for (const id of this.running) {
      const trial = this.byId.get(id);
      const record = this.fold.trials.get(id);
      if (!trial || !record || trialPhase(record, this.o.retries) !== 'running') continue;
      const attempt = [...record.attempts.values()].filter((a) => a.status === 'running').pop();
      if (!attempt) continue;
      const p = attempt.progress;
      out.push({
        trialId: id,
        index: trial.index,
        configId: trial.configId,
        seed: trial.seed,
        attempt: attempt.attempt,
        phase: p?.phase ?? 'starting',
        step: p?.step ?? 0,
        total: p?.total ?? 0,
        fraction: trialFraction(trial, p),
        ...(p?.loss === undefined ? {} : { loss: p.loss }),
      });
    }
    return out.sort((a, b) => a.index - b.index);
  }
}
