/**
 * Identity of a scheduled run (DESIGN.md "Schedules"): sweep id = `<schedule>-<yyyymmdd>`, with
 * `-2`, `-3`, ... when that night already has a run (a manual rerun). The date is the calendar
 * date of the run's start in the schedule's time zone. Pure.
 */
import { ScheduleError } from './errors.js';

export interface ScheduleMeta {
  /** The schedule's name (a DNS-1123 label of at most 30 characters). */
  readonly name: string;
  /** YYYY-MM-DD. */
  readonly date: string;
  /** The cron expression and time zone the night ran under, when known (for `schedule ls`). */
  readonly cron?: string;
  readonly timeZone?: string;
}

const namePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function checkScheduleName(name: string): string {
  if (name.length > 30 || !namePattern.test(name)) {
    throw new ScheduleError(`schedule name "${name}": expected a DNS-1123 label of at most 30 characters (lower-case letters, digits and "-")`);
  }
  return name;
}

export function checkDate(date: string, what = '--date'): string {
  const m = datePattern.exec(date);
  const d = m ? new Date(`${date}T00:00:00Z`) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
    throw new ScheduleError(`${what}: expected a date as YYYY-MM-DD, found "${date}"`);
  }
  return date;
}

/** The calendar date of `now` in `timeZone` (IANA name; default UTC), as YYYY-MM-DD. */
export function scheduleDate(now: number, timeZone = 'UTC'): string {
  try {
    // en-CA formats dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
  } catch (cause) {
    throw new ScheduleError(`--time-zone: "${timeZone}" is not a time zone this Node.js knows (expected an IANA name such as Europe/Berlin)`, { cause });
  }
}

/** The sweep id of a night: the first of `<name>-<yyyymmdd>`, `<name>-<yyyymmdd>-2`, ... not taken. */
export function scheduledSweepId(meta: ScheduleMeta, taken: ReadonlySet<string>): string {
  const base = `${checkScheduleName(meta.name)}-${checkDate(meta.date).replaceAll('-', '')}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
