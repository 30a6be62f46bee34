/** The local controller consulting the race planner (scripted attempts, virtual time). */
import { describe, expect, it } from 'vitest';
import { runController } from '../../src/controller/local-controller.js';
import { startingPlan } from '../../src/search/session-plan.js';
import { expand } from '../../src/spec/expand.js';
import { parseSpecText } from '../../src/spec/load.js';
import type { Trial } from '../../src/spec/trial.js';
import type { TrialEvent } from '../../src/transport/events.js';
import { IpcInbox } from '../../src/transport/ipc/inbox.js';
import { sweepRecord } from '../support/builders.js';
import { FakeClock } from '../support/fake-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { ScriptedExecutor, started, type Scripter } from '../support/scripted-executor.js';
import { withSpec } from '../spec/cases.js';

const sweep = parseSpecText(
  withSpec('  seeds: 8', '  parameters:', '    zapEvery: [0, 1, 2, 3]', '  search: {kind: race, minSeeds: 3, seedsPerRound: 2, objective: newAccAfter}', '  budget: {maxTrials: 100}'),
  'x.yaml',
).sweep;
const universe = expand(sweep);

/** zapEvery 0 and 1 tied at the top; 2 and 3 far below; a little seed noise. */
const value = (t: Trial): number => (t.experiment.pretrain.zapEvery <= 1 ? 0.8 : 0.3) + 0.01 * (((t.seed * 7 + t.experiment.pretrain.zapEvery * 3) % 5) - 2);
const scripter: Scripter = (r) => ({ events: [started, { type: 'finished', metrics: { newAccAfter: value(r.trial) } }], ending: { exit: 0 } });

async function run(store: MemoryStore, prior: TrialEvent[]) {
  const { trials, planner } = startingPlan(sweep, universe, prior);
  const inbox = new IpcInbox();
  const executor = new ScriptedExecutor(2, inbox, scripter);
  const notes: string[] = [];
  const outcome = await runController({
    sweepId: 's1', trials, planner, specFile: 'spec.yaml', executor, inbox, store, retries: 2, trialTimeoutMs: 600_000,
    clock: new FakeClock(), signal: new AbortController().signal, observer: { note: (m) => notes.push(m) },
  });
  return { outcome, executor, notes };
}

describe('the local controller runs a race round by round', () => {
  it('round 1 for everyone, then only the survivors, each trial once', async () => {
    const store = new MemoryStore();
    await store.createSweep(sweepRecord('s1', 12), 'spec');
    const { outcome, executor, notes } = await run(store, []);
    expect(outcome.status).toBe('completed');
    const launched = executor.launches.map((l) => l.trial);
    expect(new Set(launched.map((t) => t.trialId)).size).toBe(launched.length);
    // 4 x 3 in round 1; zapEvery 2 and 3 out; 0 and 1 get seeds 3..7 in three more rounds.
    expect(launched).toHaveLength(12 + 2 * 5);
    expect(new Set(launched.slice(12).map((t) => t.experiment.pretrain.zapEvery))).toEqual(new Set([0, 1]));
    expect(launched.map((t) => t.index)).toEqual(outcome.trials.map((t) => t.index));
    expect(notes.filter((n) => n.startsWith('race round'))).toHaveLength(3);
  });

  it('resumed mid-round: the same plan, and only the trials it had not finished run', async () => {
    const store = new MemoryStore();
    await store.createSweep(sweepRecord('s1', 12), 'spec');
    const full = await run(store, []);
    const order = full.executor.launches.map((l) => l.trial.trialId);
    // Keep the log of round 1 and the first two trials of round 2 only, as a killed controller would leave it.
    const kept = new Set(order.slice(0, 14));
    const log = (await store.readEvents('s1')).events.filter((e) => kept.has(e.trialId));
    const again = new MemoryStore();
    await again.createSweep(sweepRecord('s1', 12), 'spec');
    await again.append('s1', log);
    const resumed = await run(again, log);
    expect(resumed.executor.launches.map((l) => l.trial.trialId)).toEqual(order.slice(14));
    expect(resumed.outcome.trials.map((t) => t.trialId)).toEqual(full.outcome.trials.map((t) => t.trialId));
  });
});
