/** `run`, `resume`: execute a sweep locally and print its ranking. */
import { randomBytes } from 'node:crypto';
import { loadSpecFile, type LoadedSpec } from '../../spec/load.js';
import { expand } from '../../spec/expand.js';
import type { SweepRecord } from '../../store/types.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { printResults, type OutputFormat } from '../output.js';
import { runSession, type SessionResult } from '../sweep-session.js';
import { sessionView } from './live-view-wiring.js';
import { withRunIdentity, type RunIdentity } from '../../schedule/run-identity.js';

export interface RunFlags extends RunIdentity {
  output: OutputFormat;
  parallelism?: number;
  backend?: string;
  /** false with --no-ui: plain progress lines even on a terminal. */
  ui?: boolean;
}

export async function runCommand(ctx: CliContext, specFile: string, flags: RunFlags): Promise<number> {
  const loaded = await loadSpecFile(specFile);
  const trials = expand(loaded.sweep);
  const record = withRunIdentity(newSweepRecord(loaded, trials.length, specFile, Date.now()), flags);
  await ctx.store.createSweep(record, loaded.text);
  const view = await sessionView(ctx, flags, loaded.sweep.spec.budget.retries, logger(ctx, flags));
  const result = await runSession(ctx, { record, sweep: loaded.sweep, trials, ...view, ...sessionFlags(flags) });
  return finish(ctx, result, flags, record.id);
}

export async function resumeCommand(ctx: CliContext, sweepId: string, flags: RunFlags): Promise<number> {
  const record = await ctx.store.getSweep(sweepId);
  if (!record) throw new UsageError(`no sweep "${sweepId}" in ${ctx.store.root} (see: zapsweep ls)`);
  const loaded = await loadSpecFile(ctx.store.specPath(sweepId));
  const trials = expand(loaded.sweep);
  // The invariant resume needs: this version expands the spec to the trials the log speaks of.
  const known = new Set(trials.map((t) => t.trialId));
  const { events } = await ctx.store.readEvents(sweepId);
  const strangers = new Set(events.filter((e) => !known.has(e.trialId)).map((e) => e.trialId));
  if (strangers.size > 0) {
    throw new UsageError(`cannot resume ${sweepId}: ${strangers.size} trial id(s) in its log are not in this zapsweep's expansion of its spec (it was run by a version with other defaults); finish it with that version or start a new sweep`);
  }
  const view = await sessionView(ctx, flags, loaded.sweep.spec.budget.retries, logger(ctx, flags), sweepId);
  const log = view.log;
  log(`resuming ${sweepId} (was ${record.status})`);
  const result = await runSession(ctx, { record, sweep: loaded.sweep, trials, ...view, ...sessionFlags(flags) });
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

/** The record of a sweep about to start, from its loaded spec. */
export function newSweepRecord(loaded: LoadedSpec, totalTrials: number, specSource: string, now: number): SweepRecord {
  return {
    id: newSweepId(loaded.sweep.metadata.name, now),
    name: loaded.sweep.metadata.name,
    createdAt: now,
    updatedAt: now,
    specSource,
    specDigest: loaded.digest,
    executor: loaded.sweep.spec.executor.kind,
    totalTrials,
    status: 'running',
  };
}

/** `<name>-<yyyymmdd>-<hhmmss>-<4 hex>`: sortable, unique, a valid DNS-1123 label prefix. */
export function newSweepId(name: string, now: number): string {
  const iso = new Date(now).toISOString(); // 2026-11-30T01:02:03.456Z
  const date = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 19).replaceAll(':', '');
  return `${name.slice(0, 40).replace(/-+$/, '')}-${date}-${time}-${randomBytes(2).toString('hex')}`;
}
