#!/usr/bin/env node
/**
 * The zapsweep CLI: the only place that wires adapters to ports.
 * Errors: anything carrying an `exitCode` is presented as its message alone (bad input: 2);
 * anything else as one line, with the stack only under --debug.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { defaultStoreDir, makeContext, type CliContext } from './context.js';
import { exitCodeOf } from './errors.js';
import { parseOutput, type OutputFormat } from './output.js';
import { resumeCommand, runCommand } from './commands/sweep-cmds.js';
import { expandCommand, lsCommand, resultsCommand, schemaCommand, validateCommand } from './commands/inspect-cmds.js';
import { workerCommand, type WorkerFlags } from './commands/worker-cmd.js';
import { watchCommand } from './commands/watch-cmd.js';
import { addNatsOptions, withNats } from './nats-wiring.js';
import type { NatsFlags } from '../transport/nats/options.js';
import { registerAnalysisCommands } from './commands/analysis-register.js';
import { registerKubernetesCommands } from './commands/k8s-cmds.js';

const version = '0.1.0';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, found "${value}"`);
  return n;
}

function outputOption(defaultValue: OutputFormat = 'table'): Option {
  return new Option('-o, --output <format>', 'table, json or csv').default(defaultValue).argParser(parseOutput);
}

function build(run: (action: (ctx: CliContext) => Promise<number> | number) => Promise<void>): Command {
  const program = new Command('zapsweep')
    .description('Hyperparameter sweeps for continual learning with weight resampling (zapping)')
    .version(version)
    .option('--store <dir>', 'where sweeps are kept (env ZAPSWEEP_HOME)', defaultStoreDir())
    .option('--debug', 'show stack traces')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  addNatsOptions(program);

  program
    .command('run')
    .description('run a sweep on this machine and print its ranking')
    .argument('<spec>', 'sweep spec (YAML)')
    .addOption(outputOption())
    .option('-p, --parallelism <n>', 'worker processes at once (default: spec, else one per core)', positiveInt)
    .addOption(new Option('--backend <name>', 'force a TensorFlow.js backend').choices(['tensorflow', 'webgpu', 'wasm', 'cpu']))
    .option('--no-ui', 'plain progress lines instead of the live view on a terminal')
    .action((spec: string, o: { output: OutputFormat; parallelism?: number; backend?: string; ui?: boolean }) => run((ctx) => runCommand(ctx, spec, o)));

  program
    .command('resume')
    .description('continue an interrupted sweep; finished trials are not rerun')
    .argument('<sweepId>')
    .addOption(outputOption())
    .option('-p, --parallelism <n>', 'worker processes at once', positiveInt)
    .addOption(new Option('--backend <name>', 'force a TensorFlow.js backend').choices(['tensorflow', 'webgpu', 'wasm', 'cpu']))
    .option('--no-ui', 'plain progress lines instead of the live view on a terminal')
    .action((id: string, o: { output: OutputFormat; parallelism?: number; backend?: string; ui?: boolean }) => run((ctx) => resumeCommand(ctx, id, o)));

  program
    .command('watch')
    .description('follow a sweep running elsewhere: live leaderboard on a terminal (q quits; the sweep goes on)')
    .argument('<sweepId>')
    .option('--no-ui', 'plain progress lines instead of the live view')
    .action((id: string, o: { ui?: boolean }) => run((ctx) => watchCommand(ctx, id, o)));

  program
    .command('results')
    .description('ranked configurations of a sweep (JSON: the documented results shape)')
    .argument('<sweepId>')
    .addOption(outputOption())
    .action((id: string, o: { output: OutputFormat }) => run((ctx) => resultsCommand(ctx, id, o.output)));

  program
    .command('ls')
    .description('list the sweeps in the store')
    .addOption(outputOption())
    .action((o: { output: OutputFormat }) => run((ctx) => lsCommand(ctx, o.output)));

  program
    .command('validate')
    .description('check a spec and count its trials')
    .argument('<spec>')
    .action((spec: string) => run((ctx) => validateCommand(ctx, spec)));

  program
    .command('expand')
    .description('list the trials a spec expands to (deterministic ids)')
    .argument('<spec>')
    .addOption(outputOption())
    .action((spec: string, o: { output: OutputFormat }) => run((ctx) => expandCommand(ctx, spec, o.output)));

  program
    .command('schema')
    .description('print the JSON Schema of sweep specs (for editors)')
    .action(() => run((ctx) => schemaCommand(ctx)));

  program
    .command('worker')
    .description('run one trial (started by executors; index from --index or JOB_COMPLETION_INDEX)')
    .requiredOption('--spec <file>', 'sweep spec')
    .option('--index <n>', 'trial index in the expansion')
    .option('--attempt <n>', 'attempt number, from 0 (env ZAPSWEEP_ATTEMPT)')
    .option('--sweep-id <id>', 'sweep id stamped on events (env ZAPSWEEP_SWEEP_ID)')
    .option('--backend <name>', 'tensorflow, webgpu, wasm or cpu (env ZAPSWEEP_BACKEND)')
    .action((o: WorkerFlags) => run(async (ctx) => {
      const code = await workerCommand(ctx, o);
      // A worker exits as soon as it has reported: backends may keep handles open.
      process.exit(code);
    }));

  registerAnalysisCommands(program, run, outputOption);
  registerKubernetesCommands(program as never, run);

  return program;
}

async function main(argv: string[]): Promise<void> {
  let debug = argv.includes('--debug');
  const run = async (action: (ctx: CliContext) => Promise<number> | number): Promise<void> => {
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
