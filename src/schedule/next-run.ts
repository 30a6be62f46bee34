/** When a schedule runs next (croner: 5-field cron and @daily etc., with IANA time zones). */
import { Cron } from 'croner';
import { ScheduleError } from './errors.js';
import { scheduleDate } from './schedule-id.js';

/** Throws ScheduleError naming `what` when the expression does not parse. */
export function checkCron(expr: string, timeZone?: string, what = '--cron'): Cron {
  if (timeZone !== undefined) scheduleDate(0, timeZone); // throws ScheduleError naming --time-zone
  try {
    return new Cron(expr, { paused: true, ...(timeZone === undefined ? {} : { timezone: timeZone }) });
  } catch (cause) {
    throw new ScheduleError(`${what}: "${expr}" is not a cron expression${timeZone === undefined ? '' : ` in time zone ${timeZone}`} (expected five fields, minute hour day-of-month month day-of-week, e.g. "0 2 * * *", or @daily): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The next run after `from` (epoch ms), or undefined when the expression never fires again. */
export function nextRun(expr: string, timeZone: string | undefined, from: number): Date | undefined {
  return checkCron(expr, timeZone).nextRun(new Date(from)) ?? undefined;
}

/** "2026-12-02 02:00 Europe/Berlin (in 6h 40m)". */
export function describeNextRun(next: Date | undefined, timeZone: string | undefined, from: number): string {
  if (next === undefined) return 'never again';
  const tz = timeZone ?? 'UTC';
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(next);
  const minutes = Math.max(0, Math.round((next.getTime() - from) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const rel = d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m`;
  return `${local} ${tz} (in ${rel})`;
}
