/**
 * The reconcile loop for a BatchExecutor (Kubernetes): the executor's scheduler runs and retries
 * trials; this loop folds the transport's events exactly as runController does, and uses the
 * executor's reports to write what no worker could:
 * - an attempt that failed without reporting (OOM kill, eviction, deadline) gets a `failed` event
 *   (cause `interrupted` for a disruption, so it does not consume the retry budget);
 * - an index the scheduler gave up on ends `failed` (non-retryable) if its events did not say so;
 * - an index that succeeded but whose result never arrived within the grace period ends `failed`.
 * The sweep is over when every index is final. Abort = detach: the batch keeps running in the
 * cluster, the sweep ends `interrupted`, and `resume` adopts it again.
 */
import type { BatchExecutor, BatchReport } from '../executors/batch.js';
import type { Trial } from '../spec/trial.js';
import type { ResultsStore, SweepStatus } from '../store/types.js';
import { parseEvent, type EventBody, type TrialEvent } from '../transport/events.js';
import type { EventInbox } from '../transport/types.js';
import { AsyncQueue } from '../util/async-queue.js';
import { workerExit } from '../worker/exit-codes.js';
import type { Clock } from './clock.js';
import type { ControllerObserver, ControllerOutcome } from './controller.js';
import { SweepFold, trialPhase } from './fold.js';

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
  observer?: ControllerObserver & { note?(message: string): void };
  /** How long a result may trail its index's success (events travel separately). */
  graceMs?: number;
}

type Input =
  | { kind: 'delivery'; raw: unknown; ack: () => Promise<void> }
  | { kind: 'report'; report: BatchReport }
  | { kind: 'recheck'; index: number }
  | { kind: 'stop' };

export async function runBatchController(o: BatchControllerOptions): Promise<ControllerOutcome> {
  const graceMs = o.graceMs ?? 30_000;
  const fold = new SweepFold();
  const byId = new Map(o.trials.map((t) => [t.trialId, t]));
  const final = new Map<number, 'succeeded' | 'failed'>();
  const waiting = new Set<number>();
  const inputs = new AsyncQueue<Input>();
  let malformed = 0;
  let stopping = o.signal.aborted;

  const store = async (e: TrialEvent): Promise<void> => {
    if (!fold.apply(e)) return;
    await o.store.append(o.sweepId, [e]);
    const trial = byId.get(e.trialId);
    if (trial) o.observer?.event?.(e, trial);
  };
  const synthesize = async (trial: Trial, attempt: number, body: EventBody): Promise<void> => {
    const last = fold.trial(trial.trialId).attempts.get(attempt)?.lastSeq ?? -1;
    await store({ ...body, sweepId: o.sweepId, trialId: trial.trialId, attempt, seq: last + 1, time: o.clock.now() });
  };
  const lastAttempt = (trial: Trial): number => Math.max(0, ...(fold.trials.get(trial.trialId)?.attempts.keys() ?? []));

  // 1. Resume: state from the store. Running attempts are not interrupted: their pods may still run.
  const prior = await o.store.readEvents(o.sweepId);
  fold.applyAll(prior.events.filter((e) => e.sweepId === o.sweepId));

  // 2. Submit (idempotent: adopts the Jobs of a previous run), then feed one queue.
  const run = await o.executor.submit({ sweepId: o.sweepId, specText: o.specText, trials: o.trials, digest: o.digest, signal: o.signal });
  const pumps = [
    (async () => {
      for await (const d of o.inbox) inputs.push({ kind: 'delivery', raw: d.raw, ack: () => d.ack() });
    })(),
    (async () => {
      for await (const report of run) inputs.push({ kind: 'report', report });
    })(),
  ];
  const onAbort = (): void => inputs.push({ kind: 'stop' });
  o.signal.addEventListener('abort', onAbort, { once: true });
  if (stopping) inputs.push({ kind: 'stop' });

  const settle = async (index: number, recheck: boolean): Promise<void> => {
    const trial = o.trials[index];
    const outcome = final.get(index);
    if (!trial || outcome === undefined) return;
    const phase = trialPhase(fold.trials.get(trial.trialId), o.retries);
    const unsettled = outcome === 'succeeded' ? phase !== 'succeeded' : phase !== 'failed' && phase !== 'succeeded';
    // The Job's verdict and the pod's own report (or its pod-failure record) travel separately;
    // either may come first, so give the report a grace period before writing one on its behalf.
    if (unsettled && !recheck) {
      waiting.add(index);
      o.clock.setTimeout(() => inputs.push({ kind: 'recheck', index }), graceMs);
      return;
    }
    if (outcome === 'succeeded' && phase !== 'succeeded') {
      await synthesize(trial, lastAttempt(trial), { type: 'failed', message: `the pod succeeded but no result arrived within ${Math.round(graceMs / 1000)} s`, retryable: false, cause: 'error' });
    }
    if (outcome === 'failed' && phase !== 'failed' && phase !== 'succeeded') {
      await synthesize(trial, lastAttempt(trial), { type: 'failed', message: 'the scheduler gave up on this trial', retryable: false, cause: 'error' });
    }
    waiting.delete(index);
  };
  const done = (): boolean => stopping || (final.size === o.trials.length && waiting.size === 0);

  // 3. Reconcile after every input.
  if (!done()) {
    for await (const input of inputs) {
      switch (input.kind) {
        case 'delivery': {
          const parsed = parseEvent(input.raw);
          if (parsed.ok && parsed.event.sweepId === o.sweepId && byId.has(parsed.event.trialId)) {
            await store(parsed.event);
            const index = byId.get(parsed.event.trialId)?.index ?? -1;
            if (waiting.has(index)) await settle(index, false);
          } else {
            malformed++;
            o.observer?.malformed?.(parsed.ok ? `event for another sweep or trial: ${parsed.event.sweepId}/${parsed.event.trialId}` : parsed.error);
          }
          await input.ack();
          break;
        }
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
      if (done()) break;
    }
  }

  async function onReport(r: BatchReport): Promise<void> {
    if (r.kind === 'note') {
      o.observer?.note?.(r.message);
      return;
    }
    const trial = o.trials[r.index];
    if (!trial) return;
    if (r.kind === 'attempt-failed') {
      const state = fold.trials.get(trial.trialId)?.attempts.get(r.attempt);
      if (state?.status === 'succeeded' || state?.status === 'failed') return;
      const fatal = r.exitCode === workerExit.nonRetryable || r.exitCode === workerExit.usage;
      await synthesize(trial, r.attempt, { type: 'failed', message: r.message, retryable: !fatal, cause: r.disrupted ? 'interrupted' : 'crash' });
      return;
    }
    final.set(r.index, r.outcome);
    await settle(r.index, false);
  }

  // 4. Wind down (the batch itself keeps running when we only detach).
  o.signal.removeEventListener('abort', onAbort);
  await run.close();
  await o.inbox.close();
  inputs.close();
  await Promise.all(pumps);
  const phases = o.trials.map((t) => trialPhase(fold.trials.get(t.trialId), o.retries));
  const status: SweepStatus = stopping ? 'interrupted' : phases.length > 0 && phases.every((p) => p === 'failed') ? 'failed' : 'completed';
  await o.store.updateStatus(o.sweepId, status, o.clock.now());
  return { status, fold, malformed };
}
