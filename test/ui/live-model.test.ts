import { describe, expect, it } from 'vitest';
import { FAILURE_LOG_SIZE } from '../../src/ui/model/live-model.js';
import { sweepFixture } from './support/sweep-fixture.js';

describe('LiveModel', () => {
  it('starts empty: every trial pending, no ETA', () => {
    const s = sweepFixture().seeds(2).model().snapshot(5_000);
    expect(s.counts).toEqual({ total: 4, succeeded: 0, failed: 0, running: 0 });
    expect(s.results.configs).toEqual([]);
    expect(s.etaMs).toBeNull();
    expect(s.elapsedMs).toBe(5_000);
  });

  it('counts, ranks and estimates the time left from the events', () => {
    const f = sweepFixture().seeds(2).succeed(0, 0, 0.8, 0.2).succeed(0, 1, 0.82, 0.22).start(1, 0).progress(1, 0, 'pretrain', 5, 10);
    const s = f.model().snapshot(10_000);
    expect(s.counts).toEqual({ total: 4, succeeded: 2, failed: 0, running: 1 });
    expect(s.results.configs.map((c) => c.configId)).toEqual(['c0']);
    expect(s.etaMs).toBe(10_000); // 2 ended in 10 s, 2 left
    expect(s.running).toMatchObject([{ trialId: 't2', phase: 'pretrain', step: 5, total: 10 }]);
    expect(s.running[0]?.fraction).toBeGreaterThan(0);
    expect(s.running[0]?.fraction).toBeLessThan(1);
  });

  it('ignores duplicates and unknown trials without a new version', () => {
    const f = sweepFixture().succeed(0, 0, 0.8, 0.2);
    const m = f.model();
    const v = m.changes;
    for (const e of f.events) expect(m.apply(e)).toBe(false);
    expect(m.apply({ ...f.events[0]!, trialId: 'nope' })).toBe(false);
    expect(m.changes).toBe(v);
  });

  it('recomputes the ranking only when an outcome can change', () => {
    const f = sweepFixture().succeed(0, 0, 0.8, 0.2).start(1, 0);
    const m = f.model();
    const before = m.results();
    m.apply({ ...f.events[f.events.length - 1]!, type: 'progress', phase: 'pretrain', step: 1, total: 4, seq: 1 });
    expect(m.results()).toBe(before);
    m.apply({ ...f.events[f.events.length - 1]!, type: 'finished', metrics: { retainedAccuracy: 0.9, newTaskGain: 0.1 }, seq: 2 });
    expect(m.results()).not.toBe(before);
    expect(m.results().configs).toHaveLength(2);
  });

  it('logs failures, keeps only the latest, and counts a retried trial as pending', () => {
    const f = sweepFixture().grid({ zapEvery: Array.from({ length: 150 }, (_, i) => i) });
    for (let c = 0; c < 150; c++) f.fail(c, 0, `boom ${c}`, { retryable: true, cause: 'crash' });
    const s = f.model({ retries: 1 }).snapshot(0);
    expect(s.failureCount).toBe(150);
    expect(s.failures).toHaveLength(FAILURE_LOG_SIZE);
    expect(s.failures[s.failures.length - 1]?.message).toBe('boom 149');
    expect(s.counts.failed).toBe(0);
    expect(s.running).toEqual([]);
  });

  it('notifies subscribers on every change and tracks pause, stop, status and notes', () => {
    const m = sweepFixture().model();
    let calls = 0;
    const off = m.subscribe(() => calls++);
    m.setPaused(true);
    m.setPaused(true);
    m.setStopping();
    m.setStatus('interrupted');
    m.note('hello');
    m.malformed();
    off();
    m.note('unheard');
    expect(calls).toBe(5);
    const s = m.snapshot(0);
    expect(s).toMatchObject({ paused: true, stopping: true, malformed: 1, notes: ['hello', 'unheard'], sweep: { status: 'interrupted' } });
  });
});
