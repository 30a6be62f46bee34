import { describe, expect, it } from 'vitest';
import { SweepFold, chargedFailures, nextAttempt, trialPhase } from '../../src/ledger/fold.js';
import type { EventBody, TrialEvent } from '../../src/transport/events.js';
import { finished, started } from '../support/scripted-executor.js';

const ev = (attempt: number, seq: number, body: EventBody): TrialEvent => ({ ...body, sweepId: 's', trialId: 't', attempt, seq, time: seq });
const failed = (cause: 'crash' | 'interrupted' | 'timeout', retryable = true): EventBody => ({ type: 'failed', message: cause, retryable, cause });

describe('SweepFold', () => {
  it.each([
    { name: 'no events', events: [], retries: 2, phase: 'pending', charged: 0, next: 0 },
    { name: 'started', events: [ev(0, 0, started)], retries: 2, phase: 'running', charged: 0, next: 1 },
    { name: 'finished', events: [ev(0, 0, started), ev(0, 1, finished())], retries: 2, phase: 'succeeded', charged: 0, next: 1 },
    { name: 'one crash', events: [ev(0, 0, started), ev(0, 1, failed('crash'))], retries: 2, phase: 'pending', charged: 1, next: 1 },
    { name: 'crashes beyond budget', events: [ev(0, 0, failed('crash')), ev(1, 0, failed('crash'))], retries: 1, phase: 'failed', charged: 2, next: 2 },
    { name: 'interruptions are free', events: [ev(0, 0, failed('interrupted')), ev(1, 0, failed('interrupted'))], retries: 0, phase: 'pending', charged: 0, next: 2 },
    { name: 'non-retryable', events: [ev(0, 0, failed('crash', false))], retries: 5, phase: 'failed', charged: 1, next: 1 },
    { name: 'success after failures', events: [ev(0, 0, failed('crash')), ev(1, 0, finished())], retries: 0, phase: 'succeeded', charged: 1, next: 2 },
    { name: 'timeout then the worker says interrupted', events: [ev(0, 1, failed('timeout')), ev(0, 1, failed('interrupted')), ev(0, 2, failed('interrupted'))], retries: 0, phase: 'failed', charged: 1, next: 1 },
  ])('$name', ({ events, retries, phase, charged, next }) => {
    const fold = new SweepFold();
    fold.applyAll(events);
    const t = fold.trials.get('t');
    expect(trialPhase(t, retries)).toBe(phase);
    expect(chargedFailures(t)).toBe(charged);
    expect(nextAttempt(t)).toBe(next);
  });

  it('ignores a second copy of an event, in any order', () => {
    const events = [ev(0, 0, started), ev(0, 1, finished(0.5, 0.1)), ev(0, 1, finished(0.9, 0.9))];
    const fold = new SweepFold();
    expect(events.map((e) => fold.apply(e))).toEqual([true, true, false]);
    expect(fold.duplicates).toBe(1);
    expect(fold.trials.get('t')?.attempts.get(0)?.metrics?.['retainedAccuracy']).toBe(0.5);
  });

  it('keeps the first successful attempt as the result', () => {
    const fold = new SweepFold();
    fold.applyAll([ev(1, 0, finished(0.6, 0.2)), ev(2, 0, finished(0.1, 0.1))]);
    expect(fold.trials.get('t')?.succeededAttempt).toBe(1);
  });
});
