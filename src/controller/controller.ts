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
import { isLaggingInbox } from './lagging-inbox.js';
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
  | { kind: 'deliveries' }
  | { kind: 'exit'; key: string; info: ExitInfo; rechecks: number }
  | { kind: 'timeout'; key: string }
  | { kind: 'stop' }
  | { kind: 'wake' };

/** How many grace periods an exited attempt may wait for a lagging inbox to catch up. */
const maxRechecks = 60;

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

  const lagging = isLaggingInbox(o.inbox) ? o.inbox : undefined;

  /** Stores (in one append) the events the fold has not seen; durable when it resolves. */
  const storeAll = async (events: readonly TrialEvent[]): Promise<void> => {
    const fresh = events.filter((e) => fold.apply(e));
    if (fresh.length === 0) return;
    await o.store.append(o.sweepId, fresh);
    for (const e of fresh) {
      const trial = byId.get(e.trialId);
      if (trial) o.observer?.event?.(e, trial);
    }
  };
  const store = (e: TrialEvent): Promise<void> => storeAll([e]);
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

  // 2. Feed the queue: deliveries (gathered into batches while the loop is busy), and the stop signal.
  let arrived: Delivery[] = [];
  const pump = (async () => {
    for await (const delivery of o.inbox) {
      arrived.push(delivery);
      if (arrived.length === 1) inputs.push({ kind: 'deliveries' });
    }
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
      // Hazard: the exit must queue behind the deliveries the worker sent before it: a macrotask
      // lets the pump move everything already in the inbox first (else a crash report could
      // take the seq of an event still in the pump, and that event would be dropped as a duplicate).
      void run.exited.then((info) => setImmediate(() => inputs.push({ kind: 'exit', key, info, rechecks: 0 })));
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
        case 'deliveries': {
          // Validate, store the batch in one append, then ack (never before it is stored).
          const batch = arrived;
          arrived = [];
          const valid: TrialEvent[] = [];
          for (const delivery of batch) {
            const parsed = parseEvent(delivery.raw);
            if (parsed.ok && parsed.event.sweepId === o.sweepId && byId.has(parsed.event.trialId)) {
              valid.push(parsed.event);
            } else {
              malformed++;
              o.observer?.malformed?.(parsed.ok ? `event for another sweep or trial: ${parsed.event.sweepId}/${parsed.event.trialId}` : parsed.error);
            }
          }
          await storeAll(valid);
          await Promise.all(batch.map((d) => d.ack()));
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
            // Events may still be on their way: after a clean exit on any transport, after any exit
            // on a lagging one (NATS), which is asked again until it has delivered what it holds.
            if (lagging !== undefined && input.rechecks > 0 && arrived.length > 0) {
              inputs.push(input); // behind the batch already queued: store it first
              break;
            }
            const mayLag = lagging !== undefined || input.info.code === workerExit.ok;
            const wait = input.rechecks === 0 ? mayLag : lagging !== undefined && input.rechecks < maxRechecks && !(await lagging.caughtUp());
            if (wait) {
              const again = { ...input, rechecks: input.rechecks + 1 };
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
