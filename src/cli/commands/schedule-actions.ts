/**
 * The actions of the schedule commands (registered in schedule-cmds.ts, loaded when one runs):
 * the one adapter between src/schedule and the CLI's run path.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { driftReportHtml, formatDriftReport, type WebhookFormat } from '../../schedule/drift-format.js';
import type { DriftReport } from '../../schedule/drift-report.js';
import { scheduleNames, scheduleRuns, type ScheduledRecord } from '../../schedule/history.js';
import { checkCron, describeNextRun, nextRun } from '../../schedule/next-run.js';
import { renderScheduleObjects } from '../../schedule/render-cronjob.js';
import { checkDate, checkScheduleName } from '../../schedule/schedule-id.js';
import { driftReportOf, runScheduledNight, type ScheduledRunDeps } from '../../schedule/scheduled-run.js';
import { fetchPoster } from '../../schedule/webhook.js';
import { isDriftReportStore } from '../../store/types.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { loadSweepState } from '../sweep-state.js';

export type Format = 'table' | 'json' | 'html';

export interface ScheduleRunFlags {
  cron?: string;
  timeZone?: string;
  date?: string;
  failOnRegression?: boolean;
  webhook?: string;
  webhookFormat: WebhookFormat;
  metric?: string;
  parallelism?: number;
  backend?: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

function deps(ctx: CliContext, runFlags: ScheduleRunFlags): ScheduledRunDeps {
  // The cron expression and time zone ride on the record, for `schedule ls`.
  const timing = { ...(runFlags.cron === undefined ? {} : { cron: runFlags.cron }), ...(runFlags.timeZone === undefined ? {} : { timeZone: runFlags.timeZone }) };
  return {
    store: ctx.store,
    async runSweep({ specPath, sweepId, schedule: night }) {
      const schedule = { ...night, ...timing };
      // Loaded here: the Kubernetes client is heavy and only `schedule run` needs it.
      const { runCommand } = await import('./sweep-cmds.js');
      const cluster = { ...(runFlags.kubeconfig === undefined ? {} : { kubeconfig: runFlags.kubeconfig }), ...(runFlags.context === undefined ? {} : { context: runFlags.context }), ...(runFlags.namespace === undefined ? {} : { namespace: runFlags.namespace }) };
      const exitCode = await runCommand(ctx, specPath, { output: 'table', ui: false, sweepId, schedule, ...cluster, ...(runFlags.parallelism === undefined ? {} : { parallelism: runFlags.parallelism }), ...(runFlags.backend === undefined ? {} : { backend: runFlags.backend }) });
      return { exitCode };
    },
    loadOutcomes: async (id) => (await loadSweepState(ctx.store, id)).outcomes,
    async isLive(id) {
      try {
        const release = await ctx.store.lock(id);
        await release();
        return false;
      } catch {
        return true;
      }
    },
    now: () => Date.now(),
    post: fetchPoster,
    log: (line) => void ctx.stderr.write(`${line}\n`),
    print: (text) => void ctx.stdout.write(`\n${text}`),
  };
}

export async function scheduleRunCommand(ctx: CliContext, name: string, spec: string, f: ScheduleRunFlags): Promise<number> {
  if (f.cron !== undefined) checkCron(f.cron, f.timeZone);
  const d = deps(ctx, f);
  const url = f.webhook ?? process.env['ZAPSWEEP_WEBHOOK_URL'] ?? '';
  const result = await runScheduledNight(d, {
    schedule: name,
    specPath: spec,
    ...(f.date === undefined ? {} : { date: checkDate(f.date) }),
    ...(f.timeZone === undefined ? {} : { timeZone: f.timeZone }),
    ...(f.failOnRegression === undefined ? {} : { failOnRegression: f.failOnRegression }),
    ...(url === '' ? {} : { webhook: { url, format: f.webhookFormat } }),
    ...(f.metric === undefined ? {} : { compare: { metrics: f.metric.split(',').map((m) => m.trim()).filter((m) => m !== '') } }),
  });
  return result.exitCode;
}

async function storedOrComputed(ctx: CliContext, name: string, night: ScheduledRecord): Promise<DriftReport> {
  const stored = isDriftReportStore(ctx.store) ? await ctx.store.readDriftReport(night.id) : undefined;
  if ((stored as { kind?: string } | undefined)?.kind === 'zapsweep-drift-report') return stored as DriftReport;
  return driftReportOf({ store: ctx.store, loadOutcomes: async (id) => (await loadSweepState(ctx.store, id)).outcomes }, name, night.id);
}

async function runsOf(ctx: CliContext, name: string): Promise<ScheduledRecord[]> {
  const runs = scheduleRuns(await ctx.store.listSweeps(), checkScheduleName(name));
  if (runs.length === 0) throw new UsageError(`schedule ${name}: no nights in ${ctx.store.root} (see: zapsweep schedule ls)`);
  return runs;
}

/** `-o html --out DIR`: DIR/index.html (the drift report) with the figures of tonight's `zapsweep report` in DIR/night/. */
async function writeHtmlWithFigures(ctx: CliContext, report: DriftReport, dir: string): Promise<void> {
  const { reportCommand } = await import('./analysis-cmds.js');
  await mkdir(dir, { recursive: true });
  // The frequency figures' axis: zapEvery when swept, else the first swept parameter.
  const swept = Object.keys((await loadSweepState(ctx.store, report.current.id)).sweep.spec.parameters);
  const axis = swept.find((k) => k.endsWith('zapEvery')) ?? swept[0] ?? 'zapEvery';
  await reportCommand(ctx, report.current.id, { out: join(dir, 'night'), axis, bootstrapSeed: 0 });
  const figures = (await readdir(join(dir, 'night'))).filter((f) => f.endsWith('.svg')).sort().map((f) => ({ name: f.replace(/\.svg$/, ''), href: `night/${f}` }));
  await writeFile(join(dir, 'index.html'), driftReportHtml(report, figures, 'night/index.html'));
  ctx.stdout.write(`${join(dir, 'index.html')}: the drift report with ${figures.length} figures of ${report.current.id}\n`);
}

export async function scheduleReportCommand(ctx: CliContext, name: string, f: { date?: string; output: Format; out?: string }): Promise<number> {
  const runs = await runsOf(ctx, name);
  const night = f.date === undefined ? runs.at(-1) : runs.filter((r) => r.schedule.date === checkDate(f.date as string)).at(-1);
  if (night === undefined) throw new UsageError(`schedule ${name}: no night on ${String(f.date)} (nights: ${runs.map((r) => r.schedule.date).join(', ')})`);
  const report = await storedOrComputed(ctx, name, night);
  if (f.out !== undefined && f.output !== 'html') throw new UsageError('schedule report: --out goes with -o html (a page with the figures of zapsweep report)');
  if (f.output === 'json') ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (f.output === 'html' && f.out !== undefined) await writeHtmlWithFigures(ctx, report, f.out);
  else if (f.output === 'html') ctx.stdout.write(driftReportHtml(report));
  else ctx.stdout.write(formatDriftReport(report));
  return 0;
}

function pad(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

export async function scheduleHistoryCommand(ctx: CliContext, name: string, f: { output: Format }): Promise<number> {
  const runs = await runsOf(ctx, name);
  const rows = [];
  for (const r of runs) {
    const report = await storedOrComputed(ctx, name, r).catch(() => undefined);
    rows.push({ date: r.schedule.date, sweepId: r.id, status: r.status, baseline: report?.baseline?.id ?? null, headline: report ? headline(report) : '-' });
  }
  if (f.output === 'json') ctx.stdout.write(`${JSON.stringify({ schedule: name, nights: rows }, null, 2)}\n`);
  else ctx.stdout.write(pad([['date', 'sweep', 'status', 'against', 'headline'], ...rows.map((r) => [r.date, r.sweepId, r.status, r.baseline ?? '-', r.headline])]));
  return 0;
}

function headline(r: DriftReport): string {
  if (r.comparison === null) return 'first night (no baseline)';
  const n = (k: 'regressed' | 'improved'): number => r[k].length;
  if (n('regressed') === 0 && n('improved') === 0) return `no change (${r.unchanged.length} unchanged)`;
  return [n('regressed') > 0 ? `${n('regressed')} regressed (${r.regressed.map((c) => c.configId).join(', ')})` : '', n('improved') > 0 ? `${n('improved')} improved (${r.improved.map((c) => c.configId).join(', ')})` : ''].filter((s) => s !== '').join(', ');
}

interface KnownSchedule { name: string; cron?: string; timeZone?: string; suspend?: boolean; last?: ScheduledRecord }

async function valuesSchedules(file: string): Promise<KnownSchedule[]> {
  let values: { schedules?: Array<{ name?: unknown; cron?: unknown; timeZone?: unknown; suspend?: unknown }> };
  try {
    values = (parse(await readFile(file, 'utf8')) ?? {}) as typeof values;
  } catch (cause) {
    throw new UsageError(`--values ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return (values.schedules ?? []).map((s, i) => {
    if (typeof s.name !== 'string' || typeof s.cron !== 'string') throw new UsageError(`--values ${file}: schedules[${i}] needs a name and a cron (strings)`);
    checkCron(s.cron, typeof s.timeZone === 'string' ? s.timeZone : undefined, `${file}: schedules[${i}].cron`);
    return { name: s.name, cron: s.cron, ...(typeof s.timeZone === 'string' ? { timeZone: s.timeZone } : {}), ...(s.suspend === true ? { suspend: true } : {}) };
  });
}

export async function scheduleLsCommand(ctx: CliContext, f: { values?: string; output: Format }): Promise<number> {
  const records = await ctx.store.listSweeps();
  const known = new Map<string, KnownSchedule>();
  for (const s of f.values === undefined ? [] : await valuesSchedules(f.values)) known.set(s.name, s);
  for (const name of scheduleNames(records)) {
    const runs = scheduleRuns(records, name);
    const withCron = runs.filter((r) => r.schedule.cron !== undefined).at(-1);
    const entry = known.get(name) ?? { name, ...(withCron?.schedule.cron === undefined ? {} : { cron: withCron.schedule.cron }), ...(withCron?.schedule.timeZone === undefined ? {} : { timeZone: withCron.schedule.timeZone }) };
    const last = runs.at(-1);
    known.set(name, { ...entry, ...(last === undefined ? {} : { last }) });
  }
  const now = Date.now();
  const rows = [...known.values()].sort((a, b) => a.name.localeCompare(b.name)).map((s) => {
    const next = s.cron === undefined || s.suspend === true ? undefined : nextRun(s.cron, s.timeZone, now);
    return { name: s.name, cron: s.cron ?? null, timeZone: s.timeZone ?? null, suspended: s.suspend === true, nextRun: next?.toISOString() ?? null, next: s.suspend === true ? 'suspended' : s.cron === undefined ? 'unknown (no cron recorded; pass --values)' : describeNextRun(next, s.timeZone, now), lastNight: s.last ? { sweepId: s.last.id, date: s.last.schedule.date, status: s.last.status } : null };
  });
  if (f.output === 'json') ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (rows.length === 0) ctx.stdout.write(`no schedules in ${ctx.store.root} (a night of "zapsweep schedule run" records one)\n`);
  else ctx.stdout.write(pad([['schedule', 'cron', 'next run', 'last night'], ...rows.map((r) => [r.name, r.cron ?? '-', r.next, r.lastNight ? `${r.lastNight.date} ${r.lastNight.sweepId} ${r.lastNight.status}` : '-'])]));
  return 0;
}

export interface RenderScheduleFlags { cron: string; timeZone?: string; name?: string; namespace?: string; image?: string; natsUrl?: string; serviceAccount: string; failOnRegression?: boolean; webhookSecret?: string; webhookFormat: WebhookFormat }

export async function renderScheduleCommand(ctx: CliContext, specFile: string, f: RenderScheduleFlags): Promise<number> {
  const { loadSpecFile } = await import('../../spec/load.js');
  const { toYaml } = await import('../../executors/kubernetes/render/yaml.js');
  checkCron(f.cron, f.timeZone);
  const loaded = await loadSpecFile(specFile);
  const x = loaded.sweep.spec.executor;
  if (x.kind !== 'kubernetes') throw new UsageError(`${specFile}: render-schedule needs spec.executor.kind kubernetes (found "${x.kind}")`);
  const natsUrl = f.natsUrl ?? x.natsUrl ?? ctx.nats?.settings.servers[0];
  if (natsUrl === undefined) throw new UsageError('render-schedule: the controller needs NATS: pass --nats-url nats://HOST:4222 (or set spec.executor.natsUrl)');
  const objects = renderScheduleObjects({
    schedule: checkScheduleName(f.name ?? loaded.sweep.metadata.name),
    cron: f.cron,
    ...(f.timeZone === undefined ? {} : { timeZone: f.timeZone }),
    namespace: f.namespace ?? x.namespace ?? 'default',
    image: f.image ?? x.image,
    specText: loaded.text,
    natsUrl,
    serviceAccountName: f.serviceAccount,
    ...(f.failOnRegression === true ? { failOnRegression: true } : {}),
    ...(f.webhookSecret === undefined ? {} : { webhookSecret: f.webhookSecret, webhookFormat: f.webhookFormat }),
  });
  ctx.stdout.write(toYaml(objects));
  return 0;
}

