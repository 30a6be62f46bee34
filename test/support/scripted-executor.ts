/**
 * A double of the Executor port (not of the trainer): each attempt plays a script of events and
 * then exits, crashes or hangs, so the controller's reconcile logic can be tested deterministically.
 * End-to-end tests use the real LocalExecutor with real workers.
 */
import type { Executor, ExitInfo, LaunchRequest, RunningAttempt } from '../../src/executors/types.js';
import type { EventBody } from '../../src/transport/events.js';
import type { IpcInbox } from '../../src/transport/ipc/inbox.js';

export type Ending = { exit: number } | { signal: 'SIGKILL' } | 'hang';

export interface Script {
  events: EventBody[];
  ending: Ending;
  /** Deliver every event twice (at-least-once transports). */
  duplicate?: boolean;
  /** Raw junk to push before the events. */
  junk?: unknown[];
}

export type Scripter = (r: LaunchRequest) => Script;

export const finished = (retained = 0.9, gain = 0.5): EventBody => ({
  type: 'finished',
  metrics: { retainedAccuracy: retained, newTaskGain: gain, oldAccBefore: 1, oldAccAfter: retained, newAccBefore: 0, newAccAfter: gain, forgetting: 1 - retained, retention: retained },
});
export const started: EventBody = { type: 'started', index: 0, host: 'test', backend: 'none', parameters: {} };
export const progress = (step: number): EventBody => ({ type: 'progress', phase: 'pretrain', step, total: 10 });

export class ScriptedExecutor implements Executor {
  readonly name = 'scripted';
  readonly launches: LaunchRequest[] = [];
  running = 0;
  maxRunning = 0;

  constructor(
    readonly parallelism: number,
    private readonly inbox: IpcInbox,
    private readonly scripter: Scripter,
  ) {}

  launch(r: LaunchRequest): RunningAttempt {
    this.launches.push(r);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const script = this.scripter(r);
    let end: (info: ExitInfo) => void = () => undefined;
    const exited = new Promise<ExitInfo>((resolve) => (end = resolve));
    const finish = (info: ExitInfo): void => {
      this.running--;
      end(info);
      end = () => undefined;
    };
    setImmediate(() => {
      for (const j of script.junk ?? []) this.inbox.push(j);
      script.events.forEach((body, seq) => {
        const e = { ...body, sweepId: r.sweepId, trialId: r.trial.trialId, attempt: r.attempt, attemptId: r.attemptId, seq, time: 0 };
        this.inbox.push(e);
        if (script.duplicate) this.inbox.push(structuredClone(e));
      });
      const ending = script.ending;
      if (ending === 'hang') return;
      setImmediate(() => finish('exit' in ending ? { code: ending.exit, signal: null, stderrTail: '' } : { code: null, signal: ending.signal, stderrTail: 'boom' }));
    });
    return {
      exited,
      terminate: () => {
        // A well-behaved worker reports the interruption, then exits 1.
        const seq = script.events.length;
        this.inbox.push({ type: 'failed', message: 'interrupted (SIGTERM)', retryable: true, cause: 'interrupted', sweepId: r.sweepId, trialId: r.trial.trialId, attempt: r.attempt, attemptId: r.attemptId, seq, time: 0 });
        setImmediate(() => finish({ code: 1, signal: null, stderrTail: '' }));
      },
      kill: () => finish({ code: null, signal: 'SIGKILL', stderrTail: '' }),
    };
  }
}
