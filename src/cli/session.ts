/**
 * One CLI session for every executor (`run`, `resume`): the same lock, Ctrl-C handling, view (the
 * live view on a terminal, plain progress lines otherwise), results, summary and exit code. The
 * executor's half is a Runner (src/cli/runners/), loaded on demand.
 */
import { buildResults } from '../analysis/results.js';
import type { ResultsJson } from '../analysis/types.js';
import { PauseControl } from '../controller/pause.js';
import type { ControllerObserver } from '../controller/types.js';
import { SweepFold } from '../ledger/fold.js';
import { toOutcomes } from '../ledger/outcomes.js';
import { searchSummaryOf } from '../search/report.js';
import type { TrialPlanner } from '../search/planner.js';
import type { Sweep } from '../spec/schema.js';
import type { Trial } from '../spec/trial.js';
import { StoreWriteError } from '../store/store-errors.js';
import { StoreError, type SweepRecord, type SweepStatus } from '../store/types.js';
import type { TrialEvent } from '../transport/events.js';
import { sessionView } from './commands/live-view-wiring.js';
import type { CliContext } from './context.js';
import { openTransport } from './nats-wiring.js';
import { printResults, type OutputFormat } from './output.js';
import { progressPrinter } from './progress.js';
import type { Runner, RunnerInput } from './runners/types.js';

export interface SessionFlags {
  output: OutputFormat;
  parallelism?: number;
  backend?: string;
  /** false with --no-ui: plain progress lines even on a terminal. */
  ui?: boolean;
  /** false with --no-share: every trial trains its own pre-training stage, in a process of its own. */
  share?: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

export interface SessionInput {
  record: SweepRecord;
  sweep: Sweep;
  specText: string;
  trials: readonly Trial[];
  flags: SessionFlags;
  /** `resume`: the runner reopens the sweep, and the view shows what the log already holds. */
  resuming: boolean;
  /** The sweep's log as `resume` read it (empty for `run`): the view and the counter go on from it. */
  prior: readonly TrialEvent[];
  /** The search's planner (src/search): a race or halving adds rounds to `trials` as it goes. */
  planner?: TrialPlanner;
  /** `trials` round by round (Kubernetes: one Job shard each). */
  groups?: readonly (readonly Trial[])[];
}

export interface SessionResult {
  status: SweepStatus;
  results: ResultsJson;
}

/** The runner of the sweep's executor; the Kubernetes one (and its client) loads only when needed. */
export async function runnerFor(ctx: CliContext, s: Omit<SessionInput, 'resuming' | 'prior'>): Promise<Runner> {
  const input: RunnerInput = { ctx, record: s.record, sweep: s.sweep, specText: s.specText, trials: s.trials, flags: s.flags, ...(s.planner ? { planner: s.planner } : {}), ...(s.groups ? { groups: s.groups } : {}) };
  if (s.sweep.spec.executor.kind === 'kubernetes') return (await import('./runners/kubernetes.js')).kubernetesRunner(input);
  return (await import('./runners/local.js')).localRunner(input);
}

/** Runs the sweep to its end (or a stop), prints the results; returns the exit code. */
export async function runSession(ctx: CliContext, runner: Runner, s: SessionInput): Promise<number> {
  const result = await session(ctx, runner, s);
  printResults(ctx, result.results, s.flags.output);
  const t = result.results.sweep.trials;
  if (result.status === 'interrupted') {
    ctx.stderr.write(runner.interruptedLine(t.succeeded, t.total) + '\n');
    return 130;
  }
  if (s.flags.output === 'table') ctx.stdout.write(`\nresults: zapsweep results ${s.record.id} -o json\n`);
  return t.failed > 0 ? 1 : 0;
}

async function session(ctx: CliContext, runner: Runner, s: SessionInput): Promise<SessionResult> {
  const { record, sweep, trials } = s;
  // 1. One controller per sweep: taken before anything is said or changed.
  const release = await ctx.store.lock(record.id);
  // With -o json|csv stdout carries only the results; progress goes to stderr.
  const out = s.flags.output === 'table' ? ctx.stdout : ctx.stderr;
  const view = await sessionView(ctx, s.flags, sweep.spec.budget.retries, (line) => void out.write(line + '\n'), s.prior).catch(async (err: unknown) => {
    await release();
    throw err;
  });
  const log = view.log;
  const stop = new AbortController();
  const onSignal = (sig: string): void => {
    if (stop.signal.aborted) return;
    log(runner.signalLine(sig));
    stop.abort(sig);
  };
  const pause = new PauseControl();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let observer: (ControllerObserver & { close?(finalStatus?: SweepStatus): void | Promise<void> }) | undefined;
  let finalStatus: SweepStatus | undefined;
  try {
    // 2. Reopen (resume), mark running, connect the transport, prepare the executor.
    if (s.resuming) {
      const reopened = await runner.reopen();
      log(`resuming ${record.id} (was ${record.status}${reopened === undefined ? '' : `; ${reopened}`})`);
    }
    await ctx.store.updateStatus(record.id, 'running', Date.now());
    const transport = await openTransport(ctx, record.id);
    const prepared = await runner.prepare(transport, stop.signal);
    // Said before a live view takes the screen, so the line does not land inside its frame.
    log(prepared.line);
    // 3. The view, then the controller to the end.
    // The view knows every trial the search may add (a race's later rounds).
    const shown = view.view?.(s.planner?.universe ?? trials, record, { stop: onSignal, pause }) ?? progressPrinter(log, Date.now(), trials.length, Date.now, succeededIn(s.prior));
    const watching = { ...shown, note: log };
    observer = watching;
    const outcome = await prepared.run(watching, pause).catch((err: unknown) => {
      // The controller stopped every worker and gave up: say what to do about it in one sentence.
      if (err instanceof StoreWriteError) throw new StoreError(`sweep ${record.id} stopped: ${err.message}; once the store can be written again: zapsweep resume ${record.id}`, { cause: err, exitCode: 1 });
      throw err;
    });
    // 4. Results beside the log; the transport's durable state released when the sweep is over.
    const results = buildResults({ id: record.id, name: record.name, status: outcome.status }, toOutcomes(outcome.trials, outcome.fold, sweep.spec.budget.retries), s.planner && searchSummaryOf(sweep, s.planner, outcome.fold));
    await ctx.store.saveSummary(record.id, results);
    await transport.finish(outcome.status);
    finalStatus = outcome.status;
    return { status: outcome.status, results };
  } finally {
    // Also on errors: a live view must give the terminal back (its last frame shows how it ended).
    await observer?.close?.(finalStatus);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await release();
  }
}

/** Trials a resumed sweep had already finished (the progress counter goes on from there). */
function succeededIn(events: readonly TrialEvent[]): number {
  const fold = new SweepFold();
  fold.applyAll(events);
  let n = 0;
  for (const t of fold.trials.values()) if (t.succeededAttempt !== undefined) n++;
  return n;
}
