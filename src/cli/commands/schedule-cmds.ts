/**
 * Scheduled nightly sweeps (src/schedule): `schedule run` (what a CronJob, cron line or systemd
 * timer runs), `schedule ls`, `schedule history`, `schedule report`, and `render-schedule` (a
 * CronJob for users without Helm). Registration only: the actions (schedule-actions.ts) load
 * when a command runs, so other commands do not pay for them.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import type * as Actions from './schedule-actions.js';
import type { Format, RenderScheduleFlags, ScheduleRunFlags } from './schedule-actions.js';

type Run = (action: (ctx: CliContext) => Promise<number> | number) => Promise<void>;
const actions = (): Promise<typeof Actions> => import('./schedule-actions.js');

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, found "${v}"`);
  return n;
};
const formatOption = (choices: Format[]): Option => new Option('-o, --output <format>', choices.join(', ')).choices(choices).default('table');
const webhookFormat = (): Option => new Option('--webhook-format <format>', 'generic JSON or a Slack-compatible payload').choices(['generic', 'slack']).default('generic');

export function registerScheduleCommands(program: Command, run: Run): void {
  const schedule = program.command('schedule').description('scheduled nightly sweeps: run a night, list schedules, their history and drift reports');
  schedule
    .command('run')
    .description('run one night of a schedule: a fresh sweep <name>-<yyyymmdd>, then the drift report against the previous successful night')
    .argument('<name>', 'the schedule (a DNS-1123 label, at most 30 characters)')
    .argument('<spec>', 'sweep spec (YAML)')
    .option('--cron <expr>', 'the schedule\'s cron expression (recorded, for "schedule ls")')
    .option('--time-zone <tz>', 'IANA time zone of the schedule (the night\'s date is taken there; default UTC)')
    .option('--date <yyyy-mm-dd>', 'the night\'s date (default: today in --time-zone)')
    .option('--fail-on-regression', 'exit 4 when a configuration regressed significantly')
    .option('--webhook <url>', 'POST the drift report here (env ZAPSWEEP_WEBHOOK_URL); failures are reported, never fatal')
    .addOption(webhookFormat())
    .option('--metric <names>', 'metric(s) the drift report compares, comma-separated (default: retainedAccuracy,newTaskGain)')
    .option('-p, --parallelism <n>', 'worker processes at once (local executor)', positiveInt)
    .addOption(new Option('--backend <name>', 'force a TensorFlow.js backend').choices(['tensorflow', 'wasm', 'cpu']))
    .option('--kubeconfig <file>', 'kubeconfig file (Kubernetes executor)')
    .option('--context <name>', 'kubeconfig context')
    .option('--namespace <ns>', 'namespace (default: spec.executor.namespace, else the context\'s)')
    .action((name: string, spec: string, o: ScheduleRunFlags) => run(async (ctx) => (await actions()).scheduleRunCommand(ctx, name, spec, o)));
  schedule
    .command('ls')
    .description('schedules with their next run time and last night')
    .option('--values <file>', 'also list the schedules of a chart values file (values.yaml: schedules[])')
    .addOption(formatOption(['table', 'json']))
    .action((o: { values?: string; output: Format }) => run(async (ctx) => (await actions()).scheduleLsCommand(ctx, o)));
  schedule
    .command('history')
    .description('the nights of a schedule: date, sweep, status, headline change')
    .argument('<name>')
    .addOption(formatOption(['table', 'json']))
    .action((name: string, o: { output: Format }) => run(async (ctx) => (await actions()).scheduleHistoryCommand(ctx, name, o)));
  schedule
    .command('report')
    .description('the drift report of a night (default: the latest)')
    .argument('<name>')
    .option('--date <yyyy-mm-dd>', 'the night')
    .addOption(formatOption(['table', 'json', 'html']))
    .option('--out <dir>', 'with -o html: write DIR/index.html with the figures of tonight\'s zapsweep report (DIR/night/)')
    .action((name: string, o: { date?: string; output: Format; out?: string }) => run(async (ctx) => (await actions()).scheduleReportCommand(ctx, name, o)));
  program
    .command('render-schedule')
    .description('print a CronJob (and the spec ConfigMap) that runs a sweep on a schedule, for clusters without Helm')
    .argument('<spec>', 'sweep spec (YAML) with executor kind kubernetes')
    .requiredOption('--cron <expr>', 'cron expression, e.g. "0 2 * * *"')
    .option('--time-zone <tz>', 'IANA time zone, e.g. Europe/Berlin')
    .option('--name <schedule>', 'schedule name (default: the spec\'s metadata.name)')
    .option('--namespace <ns>', 'namespace (default: spec.executor.namespace, else "default")')
    .option('--image <ref>', 'controller image (default: spec.executor.image)')
    .option('--nats-url <url>', 'NATS as the controller reaches it (default: spec.executor.natsUrl, else --nats)')
    .option('--service-account <name>', 'the controller\'s ServiceAccount (deploy/rbac.yaml)', 'zapsweep-controller')
    .option('--fail-on-regression', 'the night\'s Job fails on a regression')
    .option('--webhook-secret <name>', 'a Secret whose key "url" holds the webhook URL')
    .addOption(webhookFormat())
    .action((spec: string, o: RenderScheduleFlags) => run(async (ctx) => (await actions()).renderScheduleCommand(ctx, spec, o)));
}
