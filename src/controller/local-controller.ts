/**
 * The local scheduling policy over the sweep ledger: launch what fits, time out, retry.
 * Level-triggered: after every input it compares desired state (every trial succeeded or out of
 * retries) with actual state (the ledger plus live attempts) and acts idempotently, so a restarted
 * controller simply continues (`resume`). Inputs are serialised through one queue: deliveries,
 * attempt exits, timers, stop.
 */
import { randomBytes } from 'node:crypto';
import type { Executor, ExitInfo, RunningAttempt } from '../executors/types.js';
import { DeliveryPump } from '../ledger/delivery-pump.js';
import { SweepLedger } from '../ledger/ledger.js';
import { stageKeyOf } from '../spec/stages.js';
import { medianStops } from '../search/median-stop.js';
import { growPlan, type TrialPlanner } from '../search/planner.js';
import type { StoppingSpec } from '../spec/search-schema.js';
import type { Trial } from '../spec/trial.js';
import type { ResultsStore } from '../store/types.js';
import type { EventBody } from '../transport/events.js';
import type { EventInbox } from '../transport/types.js';
import { AsyncQueue } from '../util/async-queue.js';
import type { Clock } from '../util/clock.js';
import { workerExit } from '../worker/exit-codes.js';
import { isLaggingInbox } from './lagging-inbox.js';
import type { PauseSwitch } from './pause.js';
import { nextTrial } from './stage-order.js';
import type { ControllerObserver, ControllerOutcome } from './types.js';

export type { ControllerObserver, ControllerOutcome };

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
  /** Where attempt ids come from (default: 64 random bits each; unique across processes and restarts). */
  attemptIds?: (trial: Trial, attempt: number) => string;
  /** An adaptive search (race, halving; src/search): consulted whenever every trial held has settled. */
  planner?: TrialPlanner;
  /** search.stopping: running attempts whose progress is below the completed trials' median stop. */
  stopping?: StoppingSpec;
}

const randomAttemptId = (): string => randomBytes(8).toString('hex');

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
  const ledger = new SweepLedger({ sweepId: o.sweepId, trials: o.trials, store: o.store, retries: o.retries, clock: o.clock, ...(o.observer ? { observer: o.observer } : {}) });
  const live = new Map<string, Live>();
  const inputs = new AsyncQueue<Input>();
  let stopping = o.signal.aborted;
  const lagging = isLaggingInbox(o.inbox) ? o.inbox : undefined;

  // 1. Resume: take state from the log; attempts left running by a dead controller are interrupted.
  for (const a of await ledger.resume()) {
    await ledger.record(a.trialId, a.attempt, { type: 'failed', message: 'interrupted: the controller stopped', retryable: true, cause: 'interrupted' });
  }

  // 2. Feed the queue: deliveries (gathered into batches while the loop is busy), and the stop signal.
  const pump = new DeliveryPump(o.inbox, () => inputs.push({ kind: 'deliveries' }));
  const onAbort = (): void => inputs.push({ kind: 'stop' });
  o.signal.addEventListener('abort', onAbort, { once: true });
  const unsubscribePause = o.pause?.subscribe(() => inputs.push({ kind: 'wake' }));

  // Trials that share a pre-training stage run one after another where the stage is (stage-order.ts).
  const sharing = o.executor.warmStages !== undefined;
  const stageKeys = new Map<string, string>();
  const stageOf = (t: Trial): string => {
    let key = stageKeys.get(t.trialId);
    if (key === undefined) stageKeys.set(t.trialId, (key = stageKeyOf(t.experiment, t.seed)));
    return key;
  };
  function* pending(): Generator<Trial> {
    for (const t of ledger.trials) if (!live.has(t.trialId) && ledger.phase(t.trialId) === 'pending') yield t;
  }
  const next = (): Trial | undefined => {
    if (!sharing) {
      const first = pending().next();
      return first.done === true ? undefined : first.value;
    }
    const ready = ledger.fold.stages;
    const training = new Set([...live.values()].map((l) => stageOf(l.trial)).filter((k) => !ready.has(k)));
    return nextTrial(pending(), stageOf, { ready, training, warm: o.executor.warmStages?.() ?? [] });
  };

  const launchWhatFits = (): void => {
    if (!stopping && o.planner) growPlan(o.planner, ledger, o.retries, o.observer);
    while (!stopping && o.pause?.paused !== true && live.size < o.executor.parallelism) {
      const trial = next();
      if (!trial) return;
      const attempt = ledger.nextAttempt(trial.trialId);
      // Unique across processes and restarts: a stale worker of another run cannot pass for this one.
      const attemptId = (o.attemptIds ?? randomAttemptId)(trial, attempt);
      ledger.admit(trial.trialId, attempt, attemptId);
      const run = o.executor.launch({ sweepId: o.sweepId, specFile: o.specFile, trial, attempt, attemptId });
      const key = trial.trialId;
      const cancelTimer = o.clock.setTimeout(() => inputs.push({ kind: 'timeout', key }), o.trialTimeoutMs);
      live.set(key, { trial, attempt, run, cancelTimer, timedOut: false });
      // Hazard: the exit must queue behind the deliveries the worker sent before it: a macrotask
      // lets the pump move everything already in the inbox first (else a crash report could
      // take the seq of an event still in the pump, and that event would be dropped as a duplicate).
      void run.exited.then((info) => setImmediate(() => inputs.push({ kind: 'exit', key, info, rechecks: 0 })));
    }
  };
  const done = (): boolean => live.size === 0 && (stopping || ledger.settled());

  // 3. Reconcile after every input until nothing is left to do. A store that cannot be written
  // (disk full, read-only) ends the loop at once: nothing more can be recorded.
  let failure: { err: unknown } | undefined;
  try {
    launchWhatFits();
    if (!done()) await reconcile();
  } catch (err) {
    failure = { err };
  }

  // 4. On failure, stop every worker (their events are neither stored nor acked: a durable
  // transport redelivers them to the resumed sweep) and wait for them to exit.
  if (failure) {
    stopping = true;
    for (const l of live.values()) {
      l.cancelTimer();
      l.run.terminate();
      o.clock.setTimeout(() => l.run.kill(), graceMs);
    }
    await Promise.all([...live.values()].map((l) => l.run.exited));
  }

  // 5. Wind down.
  await o.executor.close?.();
  o.signal.removeEventListener('abort', onAbort);
  unsubscribePause?.();
  await o.inbox.close();
  inputs.close();
  await pump.done;
  return ledger.finish(stopping, failure);

  async function reconcile(): Promise<void> {
    for await (const input of inputs) {
      switch (input.kind) {
        case 'deliveries': {
          const stored = await ledger.ingest(pump.take());
          // Early stopping (src/search/median-stop.ts): recorded first, so the worker's own
          // interruption report that follows the SIGTERM does not decide the attempt.
          for (const s of o.stopping ? medianStops(o.stopping, stored, ledger.fold) : []) {
            const l = live.get(s.trialId);
            if (!l || l.attempt !== s.attempt) continue;
            await ledger.record(s.trialId, s.attempt, s.body);
            if (s.body.type === 'stopped') o.observer?.note?.(`#${l.trial.index} ${s.trialId} ${s.body.message}`);
            l.run.terminate();
            o.clock.setTimeout(() => l.run.kill(), graceMs);
          }
          break;
        }
        case 'timeout': {
          const l = live.get(input.key);
          if (!l || l.timedOut) break;
          l.timedOut = true;
          await ledger.record(l.trial.trialId, l.attempt, { type: 'failed', message: `timed out after ${Math.round(o.trialTimeoutMs / 1000)} s`, retryable: true, cause: 'timeout' });
          l.run.terminate();
          o.clock.setTimeout(() => l.run.kill(), graceMs);
          break;
        }
        case 'exit': {
          const l = live.get(input.key);
          if (!l) break;
          const state = ledger.attempt(l.trial.trialId, l.attempt);
          if (!state || state.status === 'running') {
            // Events may still be on their way: after a clean exit on any transport, after any exit
            // on a lagging one (NATS), which is asked again until it has delivered what it holds.
            if (lagging !== undefined && input.rechecks > 0 && pump.waiting > 0) {
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
            await ledger.record(l.trial.trialId, l.attempt, crashReport(input.info, stopping));
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
