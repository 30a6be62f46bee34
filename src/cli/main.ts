#!/usr/bin/env node
/**
 * The zapsweep CLI: the only place that wires adapters to ports.
 * Start-up: each command imports its module when it runs, so `validate` never loads the Kubernetes
 * client, NATS, TensorFlow.js, Ink or Vega (`npm run bench -- startup` measures it).
 * Errors: a ZapsweepError is presented as its message alone with its exit code (bad input: 2);
 * anything else as one line, with the stack only under --debug.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { zapsweepVersion } from '../version.js';
import { defaultStoreDir, makeContext, type CliContext } from './context.js';
import { exitCodeOf } from './errors.js';
import { addNatsOptions, withNats } from './nats-wiring.js';
import { parseOutput, type OutputFormat } from './output-format.js';
import type { NatsFlags } from '../transport/nats/options.js';
import type { RunFlags } from './commands/sweep-cmds.js';
import type { WorkerFlags } from './commands/worker-cmd.js';
import type { ClusterFlags } from '../executors/kubernetes/kube-config.js';
import { registerAnalysisCommands } from './commands/analysis-register.js';
import { registerCheckpointCommands } from './commands/checkpoints-cmd.js';
import { registerRmCommand } from './commands/rm-cmd.js';
import { registerScheduleCommands } from './commands/schedule-cmds.js';

type Run = (action: (ctx: CliContext) => Promise<number> | number) => Promise<void>;

const backendChoices = ['tensorflow', 'webgpu', 'wasm', 'cpu'];

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, found "${value}"`);
  return n;
}

function outputOption(defaultValue: OutputFormat = 'table'): Option {
  return new Option('-o, --output <format>', 'table, json or csv').default(defaultValue).argParser(parseOutput);
}

function clusterOptions(c: Command): Command {
  return c
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context')
    .option('--namespace <ns>', 'namespace (default: spec.executor.namespace, else the context\'s)');
}

/** `run` and `resume` share their flags: one session for every executor. */
function sessionOptions(c: Command): Command {
  return clusterOptions(
    c
      .addOption(outputOption())
      .option('-p, --parallelism <n>', 'worker processes at once (default: spec, else one per core)', positiveInt)
      .addOption(new Option('--backend <name>', 'force a TensorFlow.js backend').choices(backendChoices))
      .option('--no-ui', 'plain progress lines instead of the live view on a terminal')
      .option('--no-share', 'every trial pre-trains for itself, in a fresh worker process (for checks and debugging)'),
  );
}

function build(run: Run): Command {
  const program = new Command('zapsweep')
    .description('Hyperparameter sweeps for continual learning with weight resampling (zapping)')
    .version(zapsweepVersion)
    .option('--store <dir>', 'where sweeps are kept (env ZAPSWEEP_HOME)', defaultStoreDir())
    .option('--debug', 'show stack traces')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  addNatsOptions(program);

  sessionOptions(program.command('run').description('run a sweep (local processes, or Kubernetes Jobs when the spec says so) and print its ranking').argument('<spec>', 'sweep spec (YAML)'))
    .action((spec: string, o: RunFlags) => run(async (ctx) => (await import('./commands/sweep-cmds.js')).runCommand(ctx, spec, o)));

  sessionOptions(program.command('resume').description('continue an interrupted sweep (re-attach to a Kubernetes one); finished trials are not rerun').argument('<sweepId>'))
    .action((id: string, o: RunFlags) => run(async (ctx) => (await import('./commands/sweep-cmds.js')).resumeCommand(ctx, id, o)));

  program
    .command('watch')
    .description('follow a sweep running elsewhere: live leaderboard on a terminal (q quits; the sweep goes on)')
    .argument('<sweepId>')
    .option('--no-ui', 'plain progress lines instead of the live view')
    .action((id: string, o: { ui?: boolean }) => run(async (ctx) => (await import('./commands/watch-cmd.js')).watchCommand(ctx, id, o)));

  program
    .command('results')
    .description('ranked configurations of a sweep (JSON: the documented results shape)')
    .argument('<sweepId>')
    .addOption(outputOption())
    .action((id: string, o: { output: OutputFormat }) => run(async (ctx) => (await import('./commands/inspect-cmds.js')).resultsCommand(ctx, id, o.output)));

  program
    .command('ls')
    .description('list the sweeps in the store')
    .addOption(outputOption())
    .action((o: { output: OutputFormat }) => run(async (ctx) => (await import('./commands/inspect-cmds.js')).lsCommand(ctx, o.output)));

  program
    .command('validate')
    .description('check a spec and count its trials')
    .argument('<spec>')
    .action((spec: string) => run(async (ctx) => (await import('./commands/inspect-cmds.js')).validateCommand(ctx, spec)));

  program
    .command('expand')
    .description('list the trials a spec expands to (deterministic ids)')
    .argument('<spec>')
    .addOption(outputOption())
    .action((spec: string, o: { output: OutputFormat }) => run(async (ctx) => (await import('./commands/inspect-cmds.js')).expandCommand(ctx, spec, o.output)));

  program
    .command('schema')
    .description('print the JSON Schema of sweep specs (for editors)')
    .action(() => run(async (ctx) => (await import('./commands/inspect-cmds.js')).schemaCommand(ctx)));

  program
    .command('worker')
    .description('run one trial (started by executors; index from --index or JOB_COMPLETION_INDEX)')
    .option('--spec <file>', 'sweep spec (required unless --serve)')
    .option('--serve', 'run the attempts a local worker pool sends over IPC, one at a time')
    .option('--index <n>', 'trial index in the expansion')
    .option('--attempt <n>', 'attempt number, from 0 (env ZAPSWEEP_ATTEMPT)')
    .option('--attempt-id <id>', 'unique id of this attempt, stamped on its events (env ZAPSWEEP_ATTEMPT_ID)')
    .option('--sweep-id <id>', 'sweep id stamped on events (env ZAPSWEEP_SWEEP_ID)')
    .option('--backend <name>', `${backendChoices.join(', ')} (env ZAPSWEEP_BACKEND)`)
    .action((o: WorkerFlags) => run(async (ctx) => {
      const code = await (await import('./commands/worker-cmd.js')).workerCommand(ctx, o);
      // A worker exits as soon as it has reported: backends may keep handles open.
      process.exit(code);
    }));

  registerAnalysisCommands(program, run, outputOption);

  program
    .command('render')
    .description('print the Kubernetes manifests of a sweep as YAML (no cluster needed)')
    .argument('<spec>', 'sweep spec (YAML) with executor kind kubernetes')
    .option('--namespace <ns>', 'namespace written into the manifests')
    .option('--sweep-id <id>', 'sweep id to name the objects after (default: metadata.name)')
    .action((spec: string, o: { namespace?: string; sweepId?: string }) => run(async (ctx) => (await import('./commands/k8s-cmds.js')).renderCommand(ctx, spec, o)));
  const controls = [
    ['pause', 'suspend a Kubernetes sweep\'s Jobs (running pods stop; "zapsweep resume" continues)'],
    ['stop', 'start no new pods for a Kubernetes sweep ("zapsweep resume" continues)'],
    ['cancel', 'delete a Kubernetes sweep\'s Jobs, pods and ConfigMap (results so far stay in the store)'],
  ] as const;
  for (const [name, text] of controls) {
    clusterOptions(program.command(name).description(text).argument('<sweepId>'))
      .action((id: string, o: ClusterFlags) => run(async (ctx) => (await import('./commands/k8s-cmds.js')).controlCommand(ctx, name, id, o)));
  }
  registerRmCommand(program, run);
  registerScheduleCommands(program, run);
  registerCheckpointCommands(program, run);

  return program;
}

/** A reader that went away (`zapsweep expand spec | head`) ends the output, not the process with a stack. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe(process.stdout);
  let debug = argv.includes('--debug');
  const run: Run = async (action) => {
    const opts = program.opts<{ store: string; debug?: boolean; natsDeadline?: string } & NatsFlags>();
    debug = opts.debug === true;
    process.exitCode = await withNats(makeContext(opts.store), opts, action);
  };
  const program = build(run);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = present(err, debug);
  }
}

function present(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) {
    // Commander already printed its message; help and version are not errors.
    return err.exitCode === 0 ? 0 : 2;
  }
  const code = exitCodeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`zapsweep: ${message}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  else if (code === undefined) process.stderr.write('(run with --debug for the stack trace)\n');
  return code ?? 1;
}

await main(process.argv);
