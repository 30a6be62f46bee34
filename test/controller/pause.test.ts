import { describe, expect, it } from 'vitest';
import { runController } from '../../src/controller/local-controller.js';
import { PauseControl } from '../../src/controller/pause.js';
import { IpcInbox } from '../../src/transport/ipc/inbox.js';
import { makeTrials, sweepRecord } from '../support/builders.js';
import { FakeClock } from '../support/fake-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { ScriptedExecutor, finished, started, type Scripter } from '../support/scripted-executor.js';

async function run(trialCount: number, pause: PauseControl, scripter: (p: PauseControl) => Scripter, signal = new AbortController().signal) {
  const store = new MemoryStore();
  const trials = makeTrials(trialCount);
  await store.createSweep(sweepRecord('s1', trials.length), 'spec');
  const inbox = new IpcInbox();
  const executor = new ScriptedExecutor(2, inbox, scripter(pause));
  const outcome = runController({ sweepId: 's1', trials, specFile: 'spec.yaml', executor, inbox, store, retries: 0, trialTimeoutMs: 600_000, clock, signal, pause });
  return { outcome, executor };
}

const ok: Scripter = () => ({ events: [started, finished()], ending: { exit: 0 } });
const clock = new FakeClock();
/** Lets the controller and the doubles do all they were going to do (no real waiting). */
const tick = (): Promise<void> => clock.settle();

describe('controller pause', () => {
  it('launches nothing while paused and everything once resumed', async () => {
    const pause = new PauseControl();
    pause.set(true);
    const { outcome, executor } = await run(3, pause, () => ok);
    await tick();
    expect(executor.launches).toHaveLength(0);
    pause.set(false);
    expect((await outcome).status).toBe('completed');
    expect(executor.launches).toHaveLength(3);
  });

  it('lets running attempts finish while paused, then waits', async () => {
    const pause = new PauseControl();
    // The first launch pauses the sweep: the second slot stays empty, the first trial still finishes.
    const { outcome, executor } = await run(3, pause, (p) => (r) => {
      if (r.trial.index === 0) p.set(true);
      return { events: [started, finished()], ending: { exit: 0 } };
    });
    await tick();
    expect(executor.launches.map((l) => l.trial.index)).toEqual([0]);
    expect(executor.running).toBe(0);
    pause.toggle();
    expect((await outcome).status).toBe('completed');
    expect(executor.launches.map((l) => l.trial.index)).toEqual([0, 1, 2]);
  });

  it('stops cleanly while paused', async () => {
    const pause = new PauseControl();
    pause.set(true);
    const stop = new AbortController();
    const { outcome, executor } = await run(2, pause, () => ok, stop.signal);
    await tick();
    stop.abort();
    expect((await outcome).status).toBe('interrupted');
    expect(executor.launches).toHaveLength(0);
  });

  it('notifies subscribers only on change', () => {
    const pause = new PauseControl();
    const seen: boolean[] = [];
    const off = pause.subscribe((p) => seen.push(p));
    pause.set(false);
    pause.set(true);
    pause.set(true);
    pause.toggle();
    off();
    pause.toggle();
    expect(seen).toEqual([true, false]);
  });
});
