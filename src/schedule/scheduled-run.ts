/**
 * One scheduled night (what each CronJob, cron line or systemd timer runs), as a pure-ish
 * pipeline over its collaborators; the CLI adapter (src/cli/commands/schedule-cmds.ts) wires them.
 * 1. refuse to overlap a night of the same schedule that is still live (concurrencyPolicy Forbid);
 * 2. pick the night's sweep id (`<schedule>-<yyyymmdd>`) and run the sweep to the end;
 * 3. compare with the previous successful night (failed ones skipped and named);
 * 4. store the drift report with the sweep, print it;
 * 5. POST it to the webhook, retried, never failing the night;
 * 6. exit: the sweep's own failure first, then a regression under --fail-on-regression.
 */
import type { SweepCompareOptions } from '../analysis/sweep-compare.js';
import type { TrialOutcome } from '../analysis/types.js';
import { isDriftReportStore, type ResultsStore, type SweepStatus } from '../store/types.js';
import { buildDriftReport, type DriftReport } from './drift-report.js';
import { formatDriftReport, webhookPayload, type WebhookFormat } from './drift-format.js';
import { ScheduleError } from './errors.js';
import { findBaseline, scheduleRuns } from './history.js';
import { checkScheduleName, scheduleDate, scheduledSweepId, type ScheduleMeta } from './schedule-id.js';
import { postWebhook, redactUrl, type HttpPoster, type WebhookOptions, type WebhookOutcome } from './webhook.js';

/** Same as `zapsweep compare --fail-on-regression`. */
export const REGRESSION_EXIT_CODE = 4;
/** Another night of the schedule is still running (the night is skipped). */
export const OVERLAP_EXIT_CODE = 3;

export interface ScheduledRunDeps {
  store: Pick<ResultsStore, 'listSweeps' | 'getSweep'>;
  /** Runs the spec to the end as sweep `sweepId`, its record carrying `schedule`; its exit code. */
  runSweep(o: { specPath: string; sweepId: string; schedule: ScheduleMeta }): Promise<{ exitCode: number }>;
  /** A stored sweep's trial outcomes. */
  loadOutcomes(sweepId: string): Promise<readonly TrialOutcome[]>;
  /** Whether a sweep marked running has a live controller (e.g. its store lock is held). */
  isLive(sweepId: string): Promise<boolean>;
  now(): number;
  post: HttpPoster;
  /** Diagnostics (stderr). */
  log(line: string): void;
  /** The report (stdout: the job log). */
  print(text: string): void;
}

export interface ScheduledRunOptions {
  schedule: string;
  specPath: string;
  /** YYYY-MM-DD; default: today in `timeZone`. */
  date?: string;
  timeZone?: string;
  failOnRegression?: boolean;
  webhook?: { url: string; format: WebhookFormat; options?: WebhookOptions };
  compare?: SweepCompareOptions;
}

export interface ScheduledRunResult {
  sweepId: string;
  status: SweepStatus;
  report: DriftReport;
  webhook?: WebhookOutcome;
  exitCode: number;
}

export async function runScheduledNight(deps: ScheduledRunDeps, o: ScheduledRunOptions): Promise<ScheduledRunResult> {
  const name = checkScheduleName(o.schedule);
  const date = o.date ?? scheduleDate(deps.now(), o.timeZone);
  // 1. No overlap with a live night of the same schedule.
  const before = await deps.store.listSweeps();
  for (const r of scheduleRuns(before, name)) {
    if (r.status === 'running' && (await deps.isLive(r.id))) {
      throw new ScheduleError(`schedule ${name}: night ${r.id} is still running; this night is skipped (as concurrencyPolicy Forbid does)`, { exitCode: OVERLAP_EXIT_CODE });
    }
  }
  // 2. The night's sweep, to the end.
  const schedule: ScheduleMeta = { name, date };
  const sweepId = scheduledSweepId(schedule, new Set(before.map((r) => r.id)));
  deps.log(`schedule ${name}: night ${date} runs as sweep ${sweepId}`);
  const run = await deps.runSweep({ specPath: o.specPath, sweepId, schedule });
  // 3. The previous successful night.
  const report = await driftReportOf(deps, name, sweepId, o.compare);
  // 4. Stored with the sweep, printed to the log.
  const store = deps.store as ResultsStore;
  if (isDriftReportStore(store)) {
    await store.saveDriftReport(sweepId, report).catch((err: unknown) => deps.log(`schedule ${name}: could not store the drift report: ${err instanceof Error ? err.message : String(err)}`));
  }
  deps.print(formatDriftReport(report));
  // 5. The webhook never fails the night.
  let webhook: WebhookOutcome | undefined;
  if (o.webhook !== undefined && o.webhook.url !== '') {
    webhook = await postWebhook(o.webhook.url, webhookPayload(report, o.webhook.format), deps.post, o.webhook.options);
    const where = redactUrl(o.webhook.url);
    deps.log(webhook.ok ? `webhook ${where}: delivered (attempt ${webhook.attempts})` : `webhook ${where}: not delivered after ${webhook.attempts} attempts (${webhook.errors.join('; ')}); the night is not failed for it`);
  }
  // 6. Exit code.
  let exitCode = run.exitCode;
  if (exitCode === 0 && o.failOnRegression === true && report.regressed.length > 0) {
    deps.log(`schedule ${name}: ${report.regressed.length} configuration(s) regressed (exit ${REGRESSION_EXIT_CODE})`);
    exitCode = REGRESSION_EXIT_CODE;
  }
  return { sweepId, status: report.current.status, report, ...(webhook === undefined ? {} : { webhook }), exitCode };
}

/** The drift report of a stored night against the previous successful one (also `schedule report`). */
export async function driftReportOf(deps: Pick<ScheduledRunDeps, 'store' | 'loadOutcomes'>, name: string, sweepId: string, compare?: SweepCompareOptions): Promise<DriftReport> {
  const runs = scheduleRuns(await deps.store.listSweeps(), name);
  const current = runs.find((r) => r.id === sweepId);
  if (current === undefined) throw new ScheduleError(`schedule ${name}: no night ${sweepId} in the store`);
  const { baseline, skipped } = findBaseline(runs, sweepId);
  const night = async (r: typeof current): Promise<Parameters<typeof buildDriftReport>[0]['current']> => ({ id: r.id, name: r.name, date: r.schedule.date, status: r.status, outcomes: await deps.loadOutcomes(r.id) });
  return buildDriftReport({
    schedule: current.schedule,
    current: await night(current),
    baseline: baseline === undefined ? undefined : await night(baseline),
    skipped: skipped.map((s) => ({ id: s.id, date: s.schedule.date, status: s.status })),
    ...(compare === undefined ? {} : { options: compare }),
  });
}
