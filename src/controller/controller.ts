/**
 * The reconcile loop. Level-triggered: after every input it compares desired state (every trial
 * succeeded or out of retries) with actual state (the fold of stored events plus live attempts)
 * and acts idempotently, so a restarted controller simply continues (`resume`).
 * Inputs are serialised through one queue: deliveries, attempt exits, timers, stop.
 */
import type { Executor, ExitInfo, RunningAttempt } from '../executors/types.js';
import type { Trial } from '../spec/trial.js';
import type { ResultsStore, SweepStatus } from '../store/types.js';
import { parseEvent, type EventBody, type TrialEvent } from '../transport/events.js';
import type { Delivery, EventInbox } from '../transport/types.js';
import { AsyncQueue } from '../util/async-queue.js';
import { workerExit } from '../worker/exit-codes.js';
import type { Clock } from './clock.js';
import { SweepFold, nextAttempt, trialPhase } from './fold.js';
import type { PauseSwitch } from './pause.js';

export interface ControllerObserver {
  /** A new (non-duplicate) event was stored. */
  event?(event: TrialEvent, trial: Trial): void;
  /** A message failed validation and was dropped. */
  malformed?(error: string): void;
}

export interface ControllerOptions {
  sweepId: string;
  trials: readonly Trial[];
  specFile: string;
  executor: Executor;
  inbox: EventInbox;
  store: ResultsStore;
  retries: number;
  trialTimeoutMs: number;
  clock: Clock;
  /** Abort = stop: launch nothing new, ask running attempts to stop, end as `interrupted`. */
  signal: AbortSignal;
  observer?: ControllerObserver;
  /** Pause: while `paused`, launch nothing new (running attempts continue); resuming fills free slots. */
  pause?: PauseSwitch;
  /** How long a worker may take to report after exiting, and to stop after SIGTERM. */
  graceMs?: number;
}

export interface ControllerOutcome {
  status: SweepStatus;
  fold: SweepFold;
  malformed: number;
}

type Input =
  | { kind: 'delivery'; delivery: Delivery }
  | { kind: 'exit'; key: string; info: ExitInfo; recheck: boolean }
  | { kind: 'timeout'; key: string }
  | { kind: 'stop' }
  | { kind: 'wake' };

interface Live {
  trial: Trial;
  attempt: number;
  run: RunningAttempt;
  cancelTimer: () => void;
  timedOut: boolean;
}

export async function runController(o: ControllerOptions): Promise<ControllerOutcome> {
  const graceMs = o.graceMs ?? 5000;
  const fold = new SweepFold();
  const byId = new Map(o.trials.map((t) => [t.trialId, t]));
  const live = new Map<string, Live>();
  const inputs = new AsyncQueue<Input>();
  let malformed = 0;
  let stopping = o.signal.aborted;

  const store = async (e: TrialEvent): Promise<void> => {
    if (!fold.apply(e)) return;
    await o.store.append(o.sweepId, [e]);
    const trial = byId.get(e.trialId);
    if (trial) o.observer?.event?.(e, trial);
  };
  /** Writes an event on a worker's behalf (it crashed, timed out or vanished). */
  const synthesize = async (trialId: string, attempt: number, body: EventBody): Promise<void> => {
    const last = fold.trial(trialId).attempts.get(attempt)?.lastSeq ?? -1;
    await store({ ...body, sweepId: o.sweepId, trialId, attempt, seq: last + 1, time: o.clock.now() });
  };

  // 1. Resume: take state from the store; attempts left running by a dead controller are interrupted.
  const prior = await o.store.readEvents(o.sweepId);
  fold.applyAll(prior.events.filter((e) => e.sweepId === o.sweepId));
  for (const t of fold.trials.values()) {
    for (const a of t.attempts.values()) {
      if (a.status === 'running') {
        await synthesize(t.trialId, a.attempt, { type: 'failed', message: 'interrupted: the controller stopped', retryable: true, cause: 'interrupted' });
      }
    }
  }

  // 2. Feed the queue: deliveries, and the stop signal.
  const pump = (async () => {
    for await (const delivery of o.inbox) inputs.push({ kind: 'delivery', delivery });
  })();
  const onAbort = (): void => inputs.push({ kind: 'stop' });
  o.signal.addEventListener('abort', onAbort, { once: true });
  const unsubscribePause = o.pause?.subscribe(() => inputs.push({ kind: 'wake' }));

  const launchWhatFits = (): void => {
    for (const trial of o.trials) {
      if (stopping || o.pause?.paused === true || live.size >= o.executor.parallelism) return;
      if (live.has(trial.trialId)) continue;
      if (trialPhase(fold.trials.get(trial.trialId), o.retries) !== 'pending') continue;
      const attempt = nextAttempt(fold.trials.get(trial.trialId));
      const run = o.executor.launch({ sweepId: o.sweepId, specFile: o.specFile, trial, attempt });
      const key = trial.trialId;
      const cancelTimer = o.clock.setTimeout(() => inputs.push({ kind: 'timeout', key }), o.trialTimeoutMs);
      live.set(key, { trial, attempt, run, cancelTimer, timedOut: false });
      void run.exited.then((info) => inputs.push({ kind: 'exit', key, info, recheck: false }));
    }
  };
  const done = (): boolean =>
    live.size === 0 && (stopping || o.trials.every((t) => {
      const phase = trialPhase(fold.trials.get(t.trialId), o.retries);
      return phase === 'succeeded' || phase === 'failed';
    }));

  // 3. Reconcile after every input until nothing is left to do.
  launchWhatFits();
  if (!done()) {
    for await (const input of inputs) {
      switch (input.kind) {
        case 'delivery': {
          const parsed = parseEvent(input.delivery.raw);
          if (parsed.ok && parsed.event.sweepId === o.sweepId && byId.has(parsed.event.trialId)) {
            await store(parsed.event);
          } else {
            malformed++;
            o.observer?.malformed?.(parsed.ok ? `event for another sweep or trial: ${parsed.event.sweepId}/${parsed.event.trialId}` : parsed.error);
          }
          await input.delivery.ack();
          break;
        }
        case 'timeout': {
          const l = live.get(input.key);
          if (!l || l.timedOut) break;
          l.timedOut = true;
          await synthesize(l.trial.trialId, l.attempt, { type: 'failed', message: `timed out after ${Math.round(o.trialTimeoutMs / 1000)} s`, retryable: true, cause: 'timeout' });
          l.run.terminate();
          o.clock.setTimeout(() => l.run.kill(), graceMs);
          break;
        }
        case 'exit': {
          const l = live.get(input.key);
          if (!l) break;
          const state = fold.trials.get(l.trial.trialId)?.attempts.get(l.attempt);
          if (!state || state.status === 'running') {
            // Events may still be in flight (another transport); look again after a grace period.
            if (!input.recheck && input.info.code === workerExit.ok) {
              const again = { ...input, recheck: true };
              o.clock.setTimeout(() => inputs.push(again), graceMs);
              break;
            }
            await synthesize(l.trial.trialId, l.attempt, crashReport(input.info, stopping));
          }
          l.cancelTimer();
          live.delete(input.key);
          break;
        }
        case 'stop':
          stopping = true;
          for (const l of live.values()) {
            l.run.terminate();
            o.clock.setTimeout(() => l.run.kill(), graceMs);
          }
          break;
        case 'wake':
          break;
      }
      launchWhatFits();
      if (done()) break;
    }
  }

  // 4. Wind down.
  o.signal.removeEventListener('abort', onAbort);
  unsubscribePause?.();
  await o.inbox.close();
  inputs.close();
  await pump;
  const allFailed = o.trials.length > 0 && o.trials.every((t) => trialPhase(fold.trials.get(t.trialId), o.retries) === 'failed');
  const status: SweepStatus = stopping ? 'interrupted' : allFailed ? 'failed' : 'completed';
  await o.store.updateStatus(o.sweepId, status, o.clock.now());
  return { status, fold, malformed };
}

function crashReport(info: ExitInfo, stopping: boolean): EventBody {
  const how = info.signal ? `was killed by ${info.signal}` : `exited with code ${String(info.code)}`;
  const detail = info.stderrTail ? `: ${info.stderrTail.split('\n').pop() ?? ''}` : '';
  const fatal = info.code === workerExit.nonRetryable || info.code === workerExit.usage;
  return {
    type: 'failed',
    message: `worker ${how}${detail}`,
    retryable: !fatal,
    cause: stopping ? 'interrupted' : 'crash',
  };
}
