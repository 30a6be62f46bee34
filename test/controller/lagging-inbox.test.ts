/**
 * Transports whose events can arrive after the worker exited (NATS): the controller waits while
 * the inbox says it is not caught up, and only then decides whether the attempt crashed.
 */
import { describe, expect, it } from 'vitest';
import { runController } from '../../src/controller/local-controller.js';
import { isLaggingInbox } from '../../src/controller/lagging-inbox.js';
import type { Executor, LaunchRequest, RunningAttempt } from '../../src/executors/types.js';
import type { EventBody } from '../../src/transport/events.js';
import { IpcInbox } from '../../src/transport/ipc/inbox.js';
import { makeTrials, sweepRecord } from '../support/builders.js';
import { FakeClock } from '../support/fake-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { finished, progress, started, type Ending } from '../support/scripted-executor.js';

/** Holds every event until the controller asks whether it is caught up (then it is not, yet). */
class LateInbox extends IpcInbox {
  readonly eventsMayLag = true as const;
  readonly held: unknown[] = [];
  caughtUp(): Promise<boolean> {
    if (this.held.length === 0) return Promise.resolve(true);
    for (const e of this.held.splice(0)) this.push(e);
    return Promise.resolve(false);
  }
}

class ExitFirstExecutor implements Executor {
  readonly name = 'exit-first';
  readonly parallelism = 1;
  readonly launches: LaunchRequest[] = [];
  constructor(
    private readonly inbox: LateInbox,
    private readonly script: (attempt: number) => { events: EventBody[]; ending: Exclude<Ending, 'hang'> },
  ) {}
  launch(r: LaunchRequest): RunningAttempt {
    this.launches.push(r);
    const { events, ending } = this.script(r.attempt);
    events.forEach((body, seq) => this.inbox.held.push({ ...body, sweepId: r.sweepId, trialId: r.trial.trialId, attempt: r.attempt, attemptId: r.attemptId, seq, time: 0 }));
    const info = 'exit' in ending ? { code: ending.exit, signal: null, stderrTail: '' } : { code: null, signal: ending.signal, stderrTail: '' };
    return { exited: Promise.resolve(info), terminate: () => undefined, kill: () => undefined };
  }
}

async function run(script: ConstructorParameters<typeof ExitFirstExecutor>[1]) {
  const store = new MemoryStore();
  const trials = makeTrials(1);
  await store.createSweep(sweepRecord('s1', 1), 'spec');
  const inbox = new LateInbox();
  const executor = new ExitFirstExecutor(inbox, script);
  const outcome = await runController({
    sweepId: 's1', trials, specFile: 'spec.yaml', executor, inbox, store, retries: 2, trialTimeoutMs: 600_000,
    clock: new FakeClock(), signal: new AbortController().signal,
  });
  return { outcome, executor, stored: (await store.readEvents('s1')).events };
}

describe('controller with a lagging inbox', () => {
  it('recognises the capability', () => {
    expect(isLaggingInbox(new LateInbox())).toBe(true);
    expect(isLaggingInbox(new IpcInbox())).toBe(false);
  });

  it('a finished event that arrives after the exit counts: no crash, no retry', async () => {
    const { outcome, executor } = await run(() => ({ events: [started, progress(1), finished()], ending: { exit: 0 } }));
    expect(executor.launches).toHaveLength(1);
    expect(outcome.status).toBe('completed');
    expect(outcome.fold.trials.get('t000')?.attempts.get(0)?.failure).toBeUndefined();
  });

  it('after a non-zero exit too, the worker\'s own failure report is waited for', async () => {
    const { outcome } = await run((attempt) =>
      attempt === 0
        ? { events: [started, { type: 'failed', message: 'out of memory', retryable: true, cause: 'error' }], ending: { exit: 1 } }
        : { events: [started, finished()], ending: { exit: 0 } },
    );
    expect(outcome.fold.trials.get('t000')?.attempts.get(0)?.failure).toMatchObject({ message: 'out of memory' });
  });

  it('a killed worker is declared crashed once its late events are in, with the next seq', async () => {
    const { stored, executor } = await run((attempt) =>
      attempt === 0 ? { events: [started, progress(1)], ending: { signal: 'SIGKILL' } } : { events: [started, finished()], ending: { exit: 0 } },
    );
    expect(executor.launches).toHaveLength(2);
    const a0 = stored.filter((e) => e.attempt === 0);
    expect(a0.map((e) => [e.seq, e.type])).toEqual([[0, 'started'], [1, 'progress'], [2, 'failed']]);
  });
});
