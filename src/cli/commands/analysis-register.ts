/** Registers the analysis commands (analyze, compare, export, confirm, report) on the CLI program. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import type { OutputFormat } from '../output.js';
import type { AnalyzeFlags, CompareFlags, ExportFlags, ReportFlags } from './analysis-cmds.js';
import { REGRESSION_EXIT_CODE } from './analysis-exit-codes.js';

/** The commands' module loads when one of them runs (start-up of every other command stays small). */
const commands = () => import('./analysis-cmds.js');

type Run = (action: (ctx: CliContext) => Promise<number> | number) => Promise<void>;

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, found "${value}"`);
  return n;
}

function positiveInt(value: string): number {
  const n = nonNegativeInt(value);
  if (n === 0) throw new InvalidArgumentError(`expected a positive integer, found "${value}"`);
  return n;
}

export function registerAnalysisCommands(program: Command, run: Run, outputOption: (d?: OutputFormat) => Option): void {
  program
    .command('analyze')
    .description('the metric against one axis (default zapEvery) per group of the other parameters: best value, paired comparisons with the control')
    .argument('<sweepId>')
    .option('--axis <name>', 'swept parameter: shorthand (zapEvery) or path (pretrain.zapEvery); default zapEvery (with --best-of: none)')
    .option('--metric <name>', 'metric to analyse (default retainedAccuracy; with --best-of newAccAfter)')
    .option('--control <value>', 'control value of the axis (default: 0 for zapEvery, else its first value)')
    .option('--bootstrap-seed <n>', 'seed of the bootstrap resampling', nonNegativeInt, 0)
    .option('--best-of <axis>', 'judge each configuration at its best value of this axis (e.g. transfer.learningRate), chosen on half the seeds, reported on the others')
    .addOption(new Option('--select-on <seeds>', 'with --best-of: half (held out) or all (the papers\' optimistic variant)').choices(['half', 'all']).default('half'))
    .addOption(outputOption())
    .action((id: string, o: AnalyzeFlags) => run(async (ctx) => (await commands()).analyzeCommand(ctx, id, o)));

  program
    .command('compare')
    .description(`configurations of two or more sweeps matched by configId; each sweep against the first (Welch t, Holm); --fail-on-regression exits ${REGRESSION_EXIT_CODE} on a regression`)
    .argument('<sweepIds...>', 'baseline first, then the sweeps to compare with it')
    .option('--metric <names>', 'metric(s), comma-separated (default: retainedAccuracy,newTaskGain)')
    .option('--fail-on-regression', `exit with code ${REGRESSION_EXIT_CODE} when any configuration regressed significantly`)
    .addOption(outputOption())
    .action((ids: string[], o: CompareFlags) => run(async (ctx) => (await commands()).compareCommand(ctx, ids, o)));

  program
    .command('export')
    .description('per-trial or per-configuration table with every parameter and metric (CSV or JSON)')
    .argument('<sweepId>')
    .option('--trials', 'one row per trial')
    .option('--configs', 'one row per configuration (best first)')
    .option('--probe-curves', 'every probe curve point of each trial (experiment.probes), CSV')
    .addOption(outputOption('csv').choices(['csv', 'json']))
    .action((id: string, o: ExportFlags) => run(async (ctx) => (await commands()).exportCommand(ctx, id, o)));

  program
    .command('confirm')
    .description('print a spec that re-runs the top configurations of a sweep (e.g. a race) on fresh seeds, for unbiased intervals')
    .argument('<sweepId>')
    .option('--seeds <n>', 'fresh seeds per configuration', positiveInt, 5)
    .option('--top <k>', 'configurations to confirm, best first (a race: survivors first)', positiveInt, 3)
    .action((id: string, o: { seeds: number; top: number }) => run(async (ctx) => (await import('./analysis-confirm.js')).confirmCommand(ctx, id, o)));

  program
    .command('report')
    .description('figures (SVG and PNG), tables and an index.html for a sweep')
    .argument('<sweepId>')
    .requiredOption('--out <dir>', 'directory to write (created if missing)')
    .option('--axis <name>', 'axis of the frequency figures', 'zapEvery')
    .option('--bootstrap-seed <n>', 'seed of the bootstrap resampling', nonNegativeInt, 0)
    .action((id: string, o: ReportFlags) => run(async (ctx) => (await commands()).reportCommand(ctx, id, o)));
}
