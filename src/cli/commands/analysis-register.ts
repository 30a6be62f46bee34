/** Registers the analysis commands (analyze, compare, export, report) on the CLI program. */
import { InvalidArgumentError, type Command, type Option } from 'commander';
import type { CliContext } from '../context.js';
import type { OutputFormat } from '../output.js';
import { analyzeCommand, type AnalyzeFlags } from './analysis-cmds.js';

type Run = (action: (ctx: CliContext) => Promise<number> | number) => Promise<void>;

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, found "${value}"`);
  return n;
}

export function registerAnalysisCommands(program: Command, run: Run, outputOption: (d?: OutputFormat) => Option): void {
  program
    .command('analyze')
    .description('the metric against one axis (default zapEvery) per group of the other parameters: best value, paired comparisons with the control')
    .argument('<sweepId>')
    .option('--axis <name>', 'swept parameter: shorthand (zapEvery) or path (pretrain.zapEvery)', 'zapEvery')
    .option('--metric <name>', 'metric to analyse', 'retainedAccuracy')
    .option('--control <value>', 'control value of the axis (default: 0 for zapEvery, else its first value)')
    .option('--bootstrap-seed <n>', 'seed of the bootstrap resampling', nonNegativeInt, 0)
    .addOption(outputOption())
    .action((id: string, o: AnalyzeFlags) => run((ctx) => analyzeCommand(ctx, id, o)));
}
