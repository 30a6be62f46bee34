/**
 * Runs (or resumes) a sweep on this machine: wires the file store, the IPC transport, the local
 * executor and the controller; turns Ctrl-C into a clean stop; saves and prints the results.
 */
import { runController, type ControllerObserver } from '../controller/local-controller.js';
import { systemClock } from '../util/clock.js';
import { PauseControl } from '../controller/pause.js';
import { toOutcomes } from '../ledger/outcomes.js';
import { LocalExecutor } from '../executors/local/local-executor.js';
import { buildResults } from '../analysis/results.js';
import type { ResultsJson } from '../analysis/types.js';
import { parseDuration } from '../spec/duration.js';
import type { Sweep } from '../spec/schema.js';
import type { Trial } from '../spec/trial.js';
import type { SweepRecord, SweepStatus } from '../store/types.js';
import type { CliContext } from './context.js';
import { openTransport } from './nats-wiring.js';
import { progressPrinter } from './progress.js';

export interface SessionOptions {
  record: SweepRecord;
  sweep: Sweep;
  trials: readonly Trial[];
  /** Progress lines go here (stdout, or stderr when stdout carries JSON). */
  log: (line: string) => void;
  parallelism?: number;
  backend?: string;
  /**
   * What watches the sweep (plain progress lines by default; the live view when it lands).
   * Called once the controller is about to start.
   */
  view?: (trials: readonly Trial[], record: SweepRecord, controls: SessionControls) => ControllerObserver & { close?(finalStatus?: SweepStatus): void | Promise<void> };
}

/** What a view may do to the running sweep: stop it cleanly (as Ctrl-C does) and pause launches. */
export interface SessionControls {
  stop(why: string): void;
  pause: PauseControl;
}

export interface SessionResult {
  status: SweepStatus;
  results: ResultsJson;
}

export async function runSession(ctx: CliContext, o: SessionOptions): Promise<SessionResult> {
  const { record, sweep, trials } = o;
  const release = await ctx.store.lock(record.id);
  const stop = new AbortController();
  const onSignal = (sig: string): void => {
    if (stop.signal.aborted) return;
    o.log(`${sig}: stopping; running trials report as interrupted. Continue later with: zapsweep resume ${record.id}`);
    stop.abort(sig);
  };
  const pause = new PauseControl();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let view: (ControllerObserver & { close?(finalStatus?: SweepStatus): void | Promise<void> }) | undefined;
  let finalStatus: SweepStatus | undefined;
  try {
    await ctx.store.updateStatus(record.id, 'running', Date.now());
    const transport = await openTransport(ctx, record.id);
    const parallelism = o.parallelism ?? sweep.spec.executor.parallelism ?? ctx.cores;
    const executor = new LocalExecutor({
      parallelism,
      cliEntry: ctx.cliEntry,
      inbox: transport.ipc,
      env: transport.workerEnv,
      workerArgs: o.backend ? ['--backend', o.backend] : [],
    });
    // Said before a live view takes the screen, so the line does not land inside its frame.
    o.log(`sweep ${record.id}: ${trials.length} trials, ${executor.name} executor, ${Math.min(parallelism, trials.length)} at a time; store ${ctx.store.root}`);
    view = o.view?.(trials, record, { stop: onSignal, pause }) ?? progressPrinter(o.log, Date.now(), trials.length);
    const outcome = await runController({
      sweepId: record.id,
      trials,
      specFile: ctx.store.specPath(record.id),
      executor,
      inbox: transport.inbox,
      store: ctx.store,
      retries: sweep.spec.budget.retries,
      trialTimeoutMs: parseDuration(sweep.spec.budget.trialTimeout),
      clock: systemClock,
      signal: stop.signal,
      observer: view,
      pause,
    });
    const results = buildResults(
      { id: record.id, name: record.name, status: outcome.status },
      toOutcomes(trials, outcome.fold, sweep.spec.budget.retries),
    );
    await ctx.store.saveSummary(record.id, results);
    await transport.finish(outcome.status);
    finalStatus = outcome.status;
    return { status: outcome.status, results };
  } finally {
    // Also on errors: a live view must give the terminal back (its last frame shows how it ended).
    await view?.close?.(finalStatus);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await release();
  }
}
