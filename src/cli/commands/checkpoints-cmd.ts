/**
 * `zapsweep checkpoints ls [sweepId]` and `zapsweep checkpoints gc [--dry-run]` (README
 * "Checkpoints"): the pre-training checkpoints in the store in use: the file store's
 * `<store>/checkpoints/`, or with --nats the object store bucket zapsweep-checkpoints.
 * gc removes every checkpoint no running sweep needs (a sweep needs its stages' checkpoints);
 * a running sweep whose spec cannot be read stops gc before anything is removed.
 * Start-up: the spec, store and NATS modules are imported when a command runs.
 */
import { Option, type Command } from 'commander';
import ms from 'ms';
import { removesLeftovers, type CheckpointMeta } from '../../checkpoints/types.js';
import { checkpointStoreFor } from '../checkpoint-wiring.js';
import { formatBytes } from '../../store/store-errors.js';
import { StoreError } from '../../store/types.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { parseOutput, type OutputFormat } from '../output-format.js';

type Run = (action: (ctx: CliContext) => Promise<number> | number) => Promise<void>;

export interface CheckpointsLsFlags {
  output: OutputFormat;
}
export interface CheckpointsGcFlags {
  output: OutputFormat;
  dryRun?: boolean;
}

const output = (): Option => new Option('-o, --output <format>', 'table or json').default('table').argParser(parseOutput);

export function registerCheckpointCommands(program: Command, run: Run): void {
  const group = program.command('checkpoints').description('pre-training checkpoints shared by trials (list, remove those no running sweep needs)');
  group
    .command('ls')
    .description('list checkpoints: key, stage, sweep that wrote it, size, age (with a sweep id: the checkpoints of its stages)')
    .argument('[sweepId]')
    .addOption(output())
    .action((id: string | undefined, o: CheckpointsLsFlags) => run((ctx) => checkpointsLsCommand(ctx, id, o)));
  group
    .command('gc')
    .description('remove the checkpoints no running sweep needs, and say what is kept and removed with sizes')
    .option('--dry-run', 'only list what would be removed and the bytes freed')
    .addOption(output())
    .action((o: CheckpointsGcFlags) => run((ctx) => checkpointsGcCommand(ctx, o)));
}

export async function checkpointsLsCommand(ctx: CliContext, sweepId: string | undefined, flags: CheckpointsLsFlags): Promise<number> {
  if (flags.output === 'csv') throw new UsageError('checkpoints ls: --output must be table or json');
  let needed: Set<string> | undefined;
  if (sweepId !== undefined) {
    if (!(await ctx.store.getSweep(sweepId))) throw new UsageError(`checkpoints ls: no sweep "${sweepId}" in ${ctx.store.root} (see: zapsweep ls)`);
    needed = await stageKeysOf(ctx, sweepId);
  }
  const store = await checkpointStoreFor(ctx);
  const all = await store.list();
  const shown = needed ? all.filter((m) => needed.has(m.stageKey) || m.sweepId === sweepId) : all;
  if (flags.output === 'json') {
    ctx.stdout.write(JSON.stringify(shown, null, 2) + '\n');
    return 0;
  }
  if (shown.length === 0) {
    ctx.stdout.write(`no checkpoints${sweepId === undefined ? '' : ` for sweep ${sweepId}`} in ${store.label}\n`);
    return 0;
  }
  const now = Date.now();
  const rows = shown.map((m) => [m.key, m.stageKey, m.sweepId, formatBytes(m.bytes), ms(Math.max(0, now - m.createdAt))]);
  writeTable(ctx, ['key', 'stage', 'sweep', 'size', 'age'], rows);
  ctx.stdout.write(`${shown.length} checkpoint(s), ${formatBytes(sum(shown))} in ${store.label}\n`);
  return 0;
}

export async function checkpointsGcCommand(ctx: CliContext, flags: CheckpointsGcFlags): Promise<number> {
  if (flags.output === 'csv') throw new UsageError('checkpoints gc: --output must be table or json');
  const { planGc } = await import('../../checkpoints/gc-plan.js');
  // 1. What the running sweeps need (before listing: a checkpoint written meanwhile by one of them is kept).
  const running = (await ctx.store.listSweeps()).filter((s) => s.status === 'running');
  const needs = await Promise.all(running.map(async (s) => ({ sweepId: s.id, stageKeys: await stageKeysOf(ctx, s.id) })));
  // 2. The plan, then (unless --dry-run) the removals.
  const store = await checkpointStoreFor(ctx);
  const plan = planGc(await store.list(), needs);
  const dry = flags.dryRun === true;
  if (!dry) for (const m of plan.remove) await store.delete(m.key);
  // 3. What killed writers left (temporary and unreferenced data files older than an hour).
  const leftovers = !dry && removesLeftovers(store) ? await store.removeLeftovers() : { files: 0, bytes: 0 };
  if (flags.output === 'json') {
    const json = { dryRun: dry, kept: plan.keep.map((k) => ({ ...k.meta, neededBy: k.neededBy })), removed: plan.remove, keptBytes: plan.keptBytes, freedBytes: plan.freedBytes, leftovers };
    ctx.stdout.write(JSON.stringify(json, null, 2) + '\n');
    return 0;
  }
  const verb = dry ? 'would remove' : 'removed';
  const rows = [
    ...plan.keep.map((k) => ['keep', k.meta.key, k.meta.stageKey, formatBytes(k.meta.bytes), `needed by ${k.neededBy.join(', ')}`]),
    ...plan.remove.map((m) => [verb, m.key, m.stageKey, formatBytes(m.bytes), running.length === 0 ? 'no sweep is running' : 'no running sweep needs it']),
  ];
  if (rows.length > 0) writeTable(ctx, ['', 'key', 'stage', 'size', 'why'], rows);
  if (leftovers.files > 0) ctx.stdout.write(`removed ${leftovers.files} file(s) left by interrupted writes, ${formatBytes(leftovers.bytes)}\n`);
  ctx.stdout.write(`${verb} ${plan.remove.length} checkpoint(s), ${formatBytes(plan.freedBytes)}${dry ? ' would be freed' : ' freed'}; kept ${plan.keep.length}, ${formatBytes(plan.keptBytes)} (${running.length} running sweep(s)) in ${store.label}\n`);
  return 0;
}

/** The stage keys of a stored sweep's trials. */
async function stageKeysOf(ctx: CliContext, sweepId: string): Promise<Set<string>> {
  const [{ parseSpecText }, { expand }, { stagesOf }] = await Promise.all([import('../../spec/load.js'), import('../../spec/expand.js'), import('../../spec/stages.js')]);
  try {
    const { sweep } = parseSpecText(await ctx.store.specText(sweepId), ctx.store.specPath(sweepId));
    return new Set(stagesOf(expand(sweep)).map((s) => s.key));
  } catch (cause) {
    const why = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
    throw new StoreError(`cannot tell which checkpoints sweep ${sweepId} needs: its stored spec cannot be read (${why}); nothing was removed`, { cause, exitCode: 1 });
  }
}

function sum(metas: readonly CheckpointMeta[]): number {
  return metas.reduce((n, m) => n + m.bytes, 0);
}

function writeTable(ctx: CliContext, head: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd() + '\n';
  ctx.stdout.write(line(head));
  for (const r of rows) ctx.stdout.write(line(r));
}
