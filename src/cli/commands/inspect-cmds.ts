/** `validate`, `expand`, `schema`, `ls`, `results`: read-only commands. */
import { loadSpecFile } from '../../spec/load.js';
import { expand } from '../../spec/expand.js';
import { searchPlanLine } from '../../search/describe.js';
import { stagesOf } from '../../spec/stages.js';
import { sweepJsonSchema } from '../../spec/json-schema.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { loadSweepState } from '../sweep-state.js';
import { printResults, type OutputFormat } from '../output.js';
import { describeTrial } from '../progress.js';

export async function validateCommand(ctx: CliContext, specFile: string): Promise<number> {
  const loaded = await loadSpecFile(specFile);
  const trials = expand(loaded.sweep);
  const configs = new Set(trials.map((t) => t.configId)).size;
  const stages = stagesOf(trials).length;
  ctx.stdout.write(`${specFile}: valid; ${trials.length} trials (${configs} configurations x ${trials.length / Math.max(configs, 1)} seeds), ${stages} distinct pre-trainings\n`);
  const adaptive = searchPlanLine(loaded.sweep, trials);
  if (adaptive !== undefined) ctx.stdout.write(`  ${adaptive}\n`);
  return 0;
}

export async function expandCommand(ctx: CliContext, specFile: string, output: OutputFormat): Promise<number> {
  const { sweep } = await loadSpecFile(specFile);
  const trials = expand(sweep);
  const stageOf = new Map(stagesOf(trials).flatMap((s) => s.trials.map((t) => [t.trialId, s.key] as const)));
  const distinct = new Set(stageOf.values()).size;
  if (output === 'json') {
    ctx.stdout.write(JSON.stringify(trials.map((t) => ({ ...t, stageKey: stageOf.get(t.trialId) })), null, 2) + '\n');
  } else if (output === 'table') {
    ctx.stdout.write(`index  trial         config        stage\n`);
    for (const t of trials) ctx.stdout.write(`${String(t.index).padStart(5)}  ${t.trialId}  ${t.configId}  ${stageOf.get(t.trialId) ?? ''}  ${describeTrial(t)}\n`);
    ctx.stdout.write(`${trials.length} trials, ${distinct} distinct pre-trainings\n`);
  } else {
    throw new UsageError('expand: --output must be table or json');
  }
  return 0;
}

export function schemaCommand(ctx: CliContext): number {
  ctx.stdout.write(JSON.stringify(sweepJsonSchema(), null, 2) + '\n');
  return 0;
}

export async function lsCommand(ctx: CliContext, output: OutputFormat): Promise<number> {
  const sweeps = await ctx.store.listSweeps();
  if (output === 'json') {
    ctx.stdout.write(JSON.stringify(sweeps, null, 2) + '\n');
    return 0;
  }
  if (sweeps.length === 0) {
    ctx.stdout.write(`no sweeps in ${ctx.store.root}\n`);
    return 0;
  }
  for (const s of sweeps) {
    ctx.stdout.write(`${s.id.padEnd(48)} ${s.status.padEnd(12)} ${String(s.totalTrials).padStart(5)} trials  ${new Date(s.createdAt).toISOString()}  ${s.specSource}\n`);
  }
  return 0;
}

export async function resultsCommand(ctx: CliContext, sweepId: string, output: OutputFormat): Promise<number> {
  const state = await loadSweepState(ctx.store, sweepId);
  if (state.malformed > 0) ctx.stderr.write(`note: ${state.malformed} malformed record(s) in the event log were skipped\n`);
  printResults(ctx, state.results, output);
  return 0;
}
