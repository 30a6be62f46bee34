import { describe, expect, test } from 'vitest';
import type { SweepRecord, SweepStatus } from '../store/types.js';
import { findBaseline, scheduleNames, scheduleRuns } from './history.js';
import { checkDate, scheduleDate, scheduledSweepId } from './schedule-id.js';

const rec = (id: string, date: string | undefined, status: SweepStatus, createdAt = 0, name = 'nightly'): SweepRecord => ({
  id, name: 'spec', createdAt, updatedAt: createdAt, specSource: 's.yaml', specDigest: 'd', executor: 'local', totalTrials: 4, status,
  ...(date === undefined ? {} : { schedule: { name, date } }),
});

describe('schedule ids', () => {
  test.each([
    { taken: [], id: 'nightly-20261201' },
    { taken: ['nightly-20261201'], id: 'nightly-20261201-2' },
    { taken: ['nightly-20261201', 'nightly-20261201-2'], id: 'nightly-20261201-3' },
  ])('taken $taken -> $id', ({ taken, id }) => {
    expect(scheduledSweepId({ name: 'nightly', date: '2026-12-01' }, new Set(taken))).toBe(id);
  });

  test.each([
    { now: Date.parse('2026-12-01T23:30:00Z'), tz: 'UTC', date: '2026-12-01' },
    { now: Date.parse('2026-12-01T23:30:00Z'), tz: 'Europe/Berlin', date: '2026-12-02' },
    { now: Date.parse('2026-12-01T03:00:00Z'), tz: 'America/New_York', date: '2026-11-30' },
  ])('$tz date of $now is $date', ({ now, tz, date }) => {
    expect(scheduleDate(now, tz)).toBe(date);
  });

  test.each(['2026-13-01', '2026-02-30', '1/12/2026', ''])('rejects date %s', (d) => {
    expect(() => checkDate(d)).toThrow(/--date: expected a date as YYYY-MM-DD/);
  });

  test.each(['Nightly', 'a'.repeat(31), 'x_y'])('rejects schedule name %s', (n) => {
    expect(() => scheduledSweepId({ name: n, date: '2026-12-01' }, new Set())).toThrow(/DNS-1123 label of at most 30/);
  });

  test('rejects an unknown time zone', () => {
    expect(() => scheduleDate(0, 'Mars/Olympus')).toThrow(/--time-zone: "Mars\/Olympus" is not a time zone/);
  });
});

describe('history', () => {
  const records = [
    rec('other-20261130', '2026-11-30', 'completed', 1, 'other'),
    rec('adhoc', undefined, 'completed', 2),
    rec('nightly-20261201', '2026-12-01', 'failed', 5),
    rec('nightly-20261129', '2026-11-29', 'completed', 3),
    rec('nightly-20261130', '2026-11-30', 'interrupted', 4),
    rec('nightly-20261202', '2026-12-02', 'running', 6),
  ];

  test('runs of one schedule, oldest first; names', () => {
    expect(scheduleRuns(records, 'nightly').map((r) => r.id)).toEqual(['nightly-20261129', 'nightly-20261130', 'nightly-20261201', 'nightly-20261202']);
    expect(scheduleNames(records)).toEqual(['nightly', 'other']);
  });

  test.each([
    { current: 'nightly-20261202', baseline: 'nightly-20261129', skipped: ['nightly-20261201', 'nightly-20261130'] },
    { current: 'nightly-20261130', baseline: 'nightly-20261129', skipped: [] },
    { current: 'nightly-20261129', baseline: undefined, skipped: [] },
  ])('baseline of $current', ({ current, baseline, skipped }) => {
    const b = findBaseline(scheduleRuns(records, 'nightly'), current);
    expect(b.baseline?.id).toBe(baseline);
    expect(b.skipped.map((r) => r.id)).toEqual(skipped);
  });
});
