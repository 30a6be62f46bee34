/** `run`, `resume`: execute a sweep locally and print its ranking. */
import { randomBytes } from 'node:crypto';
import { loadSpecFile } from '../../spec/load.js';
import { expand } from '../../spec/expand.js';
import type { SweepRecord } from '../../store/types.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { printResults, type OutputFormat } from '../output.js';
import { runSession, type SessionResult } from '../sweep-session.js';

export interface RunFlags {
  output: OutputFormat;
  parallelism?: number;
  backend?: string;
}

export async function runCommand(ctx: CliContext, specFile: string, flags: RunFlags): Promise<number> {
  const loaded = await loadSpecFile(specFile);
  const trials = expand(loaded.sweep);
  const now = Date.now();
  const record: SweepRecord = {
    id: newSweepId(loaded.sweep.metadata.name, now),
    name: loaded.sweep.metadata.name,
    createdAt: now,
    updatedAt: now,
    specSource: specFile,
    specDigest: loaded.digest,
    executor: loaded.sweep.spec.executor.kind,
    totalTrials: trials.length,
    status: 'running',
  };
  await ctx.store.createSweep(record, loaded.text);
  const result = await runSession(ctx, { record, sweep: loaded.sweep, trials, log: logger(ctx, flags), ...sessionFlags(flags) });
  return finish(ctx, result, flags, record.id);
}

export async function resumeCommand(ctx: CliContext, sweepId: string, flags: RunFlags): Promise<number> {
  const record = await ctx.store.getSweep(sweepId);
  if (!record) throw new UsageError(`no sweep "${sweepId}" in ${ctx.store.root} (see: zapsweep ls)`);
  const loaded = await loadSpecFile(ctx.store.specPath(sweepId));
  if (loaded.digest !== record.specDigest) {
    throw new UsageError(`the stored spec of ${sweepId} no longer matches its digest (${loaded.digest} != ${record.specDigest}); it was edited after the sweep started`);
  }
  const trials = expand(loaded.sweep);
  const log = logger(ctx, flags);
  log(`resuming ${sweepId} (was ${record.status})`);
  const result = await runSession(ctx, { record, sweep: loaded.sweep, trials, log, ...sessionFlags(flags) });
  return finish(ctx, result, flags, sweepId);
}

function finish(ctx: CliContext, result: SessionResult, flags: RunFlags, sweepId: string): number {
  printResults(ctx, result.results, flags.output);
  const t = result.results.sweep.trials;
  if (result.status === 'interrupted') {
    ctx.stderr.write(`interrupted: ${t.succeeded}/${t.total} trials done; continue with: zapsweep resume ${sweepId}\n`);
    return 130;
  }
  if (flags.output === 'table') ctx.stdout.write(`\nresults: zapsweep results ${sweepId} -o json\n`);
  return t.failed > 0 ? 1 : 0;
}

function sessionFlags(flags: RunFlags): { parallelism?: number; backend?: string } {
  return {
    ...(flags.parallelism === undefined ? {} : { parallelism: flags.parallelism }),
    ...(flags.backend === undefined ? {} : { backend: flags.backend }),
  };
}

function logger(ctx: CliContext, flags: RunFlags): (line: string) => void {
  // With -o json|csv stdout carries only the results; progress goes to stderr.
  const out = flags.output === 'table' ? ctx.stdout : ctx.stderr;
  return (line) => void out.write(line + '\n');
}

/** `<name>-<yyyymmdd>-<hhmmss>-<4 hex>`: sortable, unique, a valid DNS-1123 label prefix. */
export function newSweepId(name: string, now: number): string {
  const iso = new Date(now).toISOString(); // 2026-11-30T01:02:03.456Z
  const date = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 19).replaceAll(':', '');
  return `${name.slice(0, 40).replace(/-+$/, '')}-${date}-${time}-${randomBytes(2).toString('hex')}`;
}
