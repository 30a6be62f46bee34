/**
 * The Kubernetes scheduling policy over the sweep ledger: the executor's scheduler (the Job
 * controller) runs and retries trials; this loop follows its reports and writes what no worker could:
 * - an attempt that failed without reporting (OOM kill, eviction, deadline) gets a `failed` event
 *   (cause `interrupted` for a disruption, so it does not consume the retry budget);
 * - an index the scheduler gave up on ends `failed` (non-retryable) if its events did not say so;
 * - an index that succeeded but whose result never arrived within the grace period ends `failed`.
 * The sweep is over when every index is final. Abort = detach: the batch keeps running in the
 * cluster, the sweep ends `interrupted`, and `resume` adopts it again.
 */
import type { BatchExecutor, BatchReport } from '../executors/batch.js';
import { DeliveryPump } from '../ledger/delivery-pump.js';
import { SweepLedger } from '../ledger/ledger.js';
import { medianStops } from '../search/median-stop.js';
import { growPlan, type TrialPlanner } from '../search/planner.js';
import type { StoppingSpec } from '../spec/search-schema.js';
import type { Trial } from '../spec/trial.js';
import type { ResultsStore } from '../store/types.js';
import type { EventInbox } from '../transport/types.js';
import { AsyncQueue } from '../util/async-queue.js';
import type { Clock } from '../util/clock.js';
import { workerExit } from '../worker/exit-codes.js';
import type { ControllerObserver, ControllerOutcome } from './types.js';

export interface BatchControllerOptions {
  sweepId: string;
  trials: readonly Trial[];
  specText: string;
  digest: string;
  executor: BatchExecutor;
  inbox: EventInbox;
  store: ResultsStore;
  retries: number;
  clock: Clock;
  signal: AbortSignal;
  observer?: ControllerObserver;
  /** How long a result may trail its index's success (events travel separately). */
  graceMs?: number;
  /**
   * An adaptive search (race, halving; src/search): `trials` are its rounds so far (`groups`, one
   * Job shard each); whenever every trial has settled the planner's next round is submitted.
   */
  planner?: TrialPlanner;
  groups?: readonly (readonly Trial[])[];
  /**
   * search.stopping (median rule): an attempt below the completed trials' median is recorded
   * `stopped` and `stopAttempt` tells its pod (NATS control subject), which then exits 0.
   */
  stopping?: StoppingSpec;
  stopAttempt?: (trial: Trial, attempt: number, reason: string) => Promise<void>;
}

type Input =
  | { kind: 'deliveries' }
  | { kind: 'held' }
  | { kind: 'report'; report: BatchReport }
  | { kind: 'recheck'; index: number }
  | { kind: 'stop' };

export async function runBatchController(o: BatchControllerOptions): Promise<ControllerOutcome> {
  const graceMs = o.graceMs ?? 30_000;
  // Events may come before the watch shows their pod: they are held (unacked) for a grace period.
  const ledger = new SweepLedger({ sweepId: o.sweepId, trials: o.trials, store: o.store, retries: o.retries, clock: o.clock, holdUnknown: true, ...(o.observer ? { observer: o.observer } : {}) });
  const final = new Map<number, 'succeeded' | 'failed'>();
  const waiting = new Set<number>();
  const inputs = new AsyncQueue<Input>();
  const indexOf = new Map(o.trials.map((t) => [t.trialId, t.index]));
  // By trial index (an adaptive search's trials are a subset of the expansion, not 0..n-1).
  const byIndex = new Map(o.trials.map((t) => [t.index, t]));
  let stopping = o.signal.aborted;

  // 1. Resume: state from the log. Running attempts are not interrupted: their pods may still run.
  await ledger.resume();

  // 2. Submit (idempotent: adopts the Jobs of a previous run), then feed one queue.
  const adaptive = o.planner ? { groups: o.groups ?? [o.trials], universeSize: o.planner.universe.length } : {};
  const run = await o.executor.submit({ sweepId: o.sweepId, specText: o.specText, trials: o.trials, digest: o.digest, signal: o.signal, ...adaptive });
  const pump = new DeliveryPump(o.inbox, () => inputs.push({ kind: 'deliveries' }));
  const reports = (async () => {
    for await (const report of run) inputs.push({ kind: 'report', report });
  })();
  const onAbort = (): void => inputs.push({ kind: 'stop' });
  o.signal.addEventListener('abort', onAbort, { once: true });
  if (stopping) inputs.push({ kind: 'stop' });

  const settle = async (index: number, recheck: boolean): Promise<void> => {
    const trial = byIndex.get(index);
    const outcome = final.get(index);
    if (!trial || outcome === undefined) return;
    const phase = ledger.phase(trial.trialId);
    // A stopped trial (search.stopping) is final whatever its pod did after the stop.
    if (phase === 'stopped') {
      waiting.delete(index);
      return;
    }
    const unsettled = outcome === 'succeeded' ? phase !== 'succeeded' : phase !== 'failed' && phase !== 'succeeded';
    // The Job's verdict and the pod's own report (or its pod-failure record) travel separately;
    // either may come first, so give the report a grace period before writing one on its behalf.
    if (unsettled && !recheck) {
      waiting.add(index);
      o.clock.setTimeout(() => inputs.push({ kind: 'recheck', index }), graceMs);
      return;
    }
    const last = ledger.lastAttempt(trial.trialId);
    if (outcome === 'succeeded' && phase !== 'succeeded') {
      await ledger.record(trial.trialId, last, { type: 'failed', message: `the pod succeeded but no result arrived within ${Math.round(graceMs / 1000)} s`, retryable: false, cause: 'error' });
    }
    if (outcome === 'failed' && phase !== 'failed' && phase !== 'succeeded') {
      await ledger.record(trial.trialId, last, { type: 'failed', message: 'the scheduler gave up on this trial', retryable: false, cause: 'error' });
    }
    waiting.delete(index);
  };

  /** search.stopping: recorded first, so the pod's own interruption report does not decide the attempt. */
  const stopBelowMedian = async (stored: Parameters<typeof medianStops>[1]): Promise<void> => {
    if (!o.stopping || stopping) return;
    for (const s of medianStops(o.stopping, stored, ledger.fold)) {
      const trial = ledger.trials.find((t) => t.trialId === s.trialId);
      if (!trial || ledger.attempt(s.trialId, s.attempt)?.status !== 'running') continue;
      await ledger.record(s.trialId, s.attempt, s.body);
      const reason = s.body.type === 'stopped' ? s.body.message : 'stopped by the controller';
      o.observer?.note?.(`#${trial.index} ${s.trialId} ${reason}`);
      await o.stopAttempt?.(trial, s.attempt, reason).catch((err: unknown) => o.observer?.note?.(`could not tell the pod of #${trial.index} to stop: ${err instanceof Error ? err.message : String(err)}`));
    }
  };

  /** Stored events may settle indexes that waited for their result. */
  const settleTouched = async (stored: readonly { trialId: string }[]): Promise<void> => {
    const touched = new Set(stored.map((e) => indexOf.get(e.trialId) ?? -1));
    for (const index of touched) if (waiting.has(index)) await settle(index, false);
  };
  let heldTimer = false;
  const watchHeld = (): void => {
    if (heldTimer || ledger.holding === 0) return;
    heldTimer = true;
    o.clock.setTimeout(() => inputs.push({ kind: 'held' }), graceMs);
  };

  const onReport = async (r: BatchReport): Promise<void> => {
    if (r.kind === 'note') {
      o.observer?.note?.(r.message);
      return;
    }
    const trial = byIndex.get(r.index);
    if (!trial) return;
    if (r.kind === 'attempt-started') {
      ledger.admit(trial.trialId, r.attempt, r.attemptId);
      await settleTouched(await ledger.releaseHeld(graceMs));
      return;
    }
    if (r.kind === 'attempt-failed') {
      const state = ledger.attempt(trial.trialId, r.attempt);
      if (state?.status === 'succeeded' || state?.status === 'failed') return;
      const fatal = r.exitCode === workerExit.nonRetryable || r.exitCode === workerExit.usage;
      await ledger.record(trial.trialId, r.attempt, { type: 'failed', message: r.message, retryable: !fatal, cause: r.disrupted ? 'interrupted' : 'crash' });
      return;
    }
    final.set(r.index, r.outcome);
    await settle(r.index, false);
  };
  const done = (): boolean => stopping || (final.size === ledger.trials.length && waiting.size === 0);
  /** An adaptive search's next round, once every trial held has settled: one more Job shard. */
  const grow = async (): Promise<void> => {
    if (stopping || !o.planner) return;
    const more = growPlan(o.planner, ledger, o.retries, o.observer);
    if (more.length === 0) return;
    for (const t of more) {
      byIndex.set(t.index, t);
      indexOf.set(t.trialId, t.index);
    }
    if (!run.add) throw new Error(`the ${o.executor.name} executor cannot add a round to a running sweep`);
    await run.add(more);
  };

  // 3. Reconcile after every input. A store that cannot be written ends the loop at once: the
  // controller detaches (the Jobs keep running; unacked events wait in the stream for `resume`).
  let failure: { err: unknown } | undefined;
  try {
    if (!done()) await reconcile();
  } catch (err) {
    failure = { err };
  }

  // 4. Wind down (the batch itself keeps running when we only detach).
  o.signal.removeEventListener('abort', onAbort);
  await run.close();
  await o.inbox.close();
  inputs.close();
  await Promise.all([pump.done, reports]);
  return ledger.finish(stopping, failure);

  async function reconcile(): Promise<void> {
    for await (const input of inputs) {
      switch (input.kind) {
        case 'deliveries': {
          const stored = await ledger.ingest(pump.take());
          await stopBelowMedian(stored);
          await settleTouched(stored);
          watchHeld();
          break;
        }
        case 'held':
          heldTimer = false;
          await settleTouched(await ledger.releaseHeld(graceMs));
          watchHeld();
          break;
        case 'report':
          await onReport(input.report);
          break;
        case 'recheck':
          if (waiting.has(input.index)) await settle(input.index, true);
          break;
        case 'stop':
          stopping = true;
          break;
      }
      await grow();
      if (done()) break;
    }
  }
}
