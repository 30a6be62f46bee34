/**
 * A runner is an executor's half of a CLI session (src/cli/session.ts owns the other half: lock,
 * signals, transport, view, results). Runners are loaded on demand, so a local run never imports
 * the Kubernetes client.
 */
import type { ControllerObserver, ControllerOutcome } from '../../controller/types.js';
import type { PauseControl } from '../../controller/pause.js';
import type { TrialPlanner } from '../../search/planner.js';
import type { Sweep } from '../../spec/schema.js';
import type { Trial } from '../../spec/trial.js';
import type { SweepRecord } from '../../store/types.js';
import type { CliContext } from '../context.js';
import type { SessionTransport } from '../nats-wiring.js';

export interface RunnerInput {
  ctx: CliContext;
  record: SweepRecord;
  sweep: Sweep;
  specText: string;
  trials: readonly Trial[];
  flags: { parallelism?: number; backend?: string; share?: boolean; kubeconfig?: string; context?: string; namespace?: string };
  /** An adaptive search (race, halving): the controller asks it for the next round. */
  planner?: TrialPlanner;
  /** Its rounds so far (`trials` grouped; Kubernetes: one Job shard per round). */
  groups?: readonly (readonly Trial[])[];
}

export interface PreparedRun {
  /** The session's first line: what runs where. */
  readonly line: string;
  /** Runs the controller to the sweep's end (or until `signal` aborts). */
  run(observer: ControllerObserver, pause: PauseControl): Promise<ControllerOutcome>;
}

export interface Runner {
  /** Throws a UsageError before anything is created (missing NATS, wrong executor). */
  check(): void;
  /** `resume` only: makes the sweep runnable again; says what it did, if anything. */
  reopen(): Promise<string | undefined>;
  /** What Ctrl-C does, said when it arrives. */
  signalLine(signal: string): string;
  /** Said after a run that ended interrupted (stopped or detached). */
  interruptedLine(done: number, total: number): string;
  prepare(transport: SessionTransport, signal: AbortSignal): Promise<PreparedRun>;
}
