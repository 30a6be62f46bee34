import { describe, expect, test } from 'vitest';
import { checkCron, describeNextRun, nextRun } from './next-run.js';

const from = Date.parse('2026-12-01T07:20:00Z');

describe('next run times', () => {
  test.each([
    { cron: '0 2 * * *', tz: undefined, next: '2026-12-02T02:00:00.000Z', text: '2026-12-02 02:00 UTC (in 18h 40m)' },
    { cron: '0 2 * * *', tz: 'Europe/Berlin', next: '2026-12-02T01:00:00.000Z', text: '2026-12-02 02:00 Europe/Berlin (in 17h 40m)' },
    { cron: '30 7 * * *', tz: 'UTC', next: '2026-12-01T07:30:00.000Z', text: '2026-12-01 07:30 UTC (in 10m)' },
    { cron: '@weekly', tz: 'UTC', next: '2026-12-06T00:00:00.000Z', text: '2026-12-06 00:00 UTC (in 4d 16h)' },
    { cron: '0 3 * * 1-5', tz: 'America/New_York', next: '2026-12-01T08:00:00.000Z', text: '2026-12-01 03:00 America/New_York (in 40m)' },
  ])('$cron in $tz', ({ cron, tz, next, text }) => {
    const n = nextRun(cron, tz, from);
    expect(n?.toISOString()).toBe(next);
    expect(describeNextRun(n, tz, from)).toBe(text);
  });

  test.each([
    { cron: '0 25 * * *', tz: undefined, message: /--cron: "0 25 \* \* \*" is not a cron expression/ },
    { cron: 'nightly', tz: undefined, message: /--cron: "nightly" is not a cron expression/ },
    { cron: '0 2 * * *', tz: 'Nowhere/City', message: /--time-zone: "Nowhere\/City" is not a time zone/ },
  ])('rejects $cron $tz', ({ cron, tz, message }) => {
    expect(() => checkCron(cron, tz)).toThrow(message);
  });
});
