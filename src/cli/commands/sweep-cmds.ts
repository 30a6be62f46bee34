/**
 * `run`, `resume`: one path for every executor. The spec is loaded once; the executor is chosen from
 * it (run) or from the stored record's spec (resume) in `runnerFor`; the session does the rest.
 */
import { randomBytes } from 'node:crypto';
import { loadSpecFile, type LoadedSpec } from '../../spec/load.js';
import { expand } from '../../spec/expand.js';
import { startingPlan } from '../../search/session-plan.js';
import type { SweepRecord } from '../../store/types.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { withRunIdentity, type RunIdentity } from '../../schedule/run-identity.js';
import { runSession, runnerFor, type SessionFlags } from '../session.js';

/** A scheduled night runs under a given sweep id with its schedule recorded (src/schedule). */
export type RunFlags = SessionFlags & RunIdentity;

export async function runCommand(ctx: CliContext, specFile: string, flags: RunFlags): Promise<number> {
  const loaded = await loadSpecFile(specFile);
  // An adaptive search (race, halving) starts with its first round; the planner adds the rest.
  const { trials, planner, plan } = startingPlan(loaded.sweep, expand(loaded.sweep), []);
  const record = withRunIdentity(newSweepRecord(loaded, trials.length, specFile, Date.now()), flags);
  const s = { record, sweep: loaded.sweep, specText: loaded.text, trials, flags, planner, groups: plan.groups };
  const runner = await runnerFor(ctx, s);
  runner.check(); // before anything is created
  await ctx.store.createSweep(record, loaded.text);
  return runSession(ctx, runner, { ...s, resuming: false, prior: [] });
}

export async function resumeCommand(ctx: CliContext, sweepId: string, flags: RunFlags): Promise<number> {
  const record = await ctx.store.getSweep(sweepId);
  if (!record) throw new UsageError(`no sweep "${sweepId}" in ${ctx.store.root} (see: zapsweep ls)`);
  const loaded = await loadSpecFile(ctx.store.specPath(sweepId));
  if (loaded.digest !== record.specDigest) throw new UsageError(`the stored spec of ${sweepId} no longer matches its digest; it was edited after the sweep started`);
  const universe = expand(loaded.sweep);
  // The invariant resume needs: this version expands the spec to the trials the log speaks of.
  const known = new Set(universe.map((t) => t.trialId));
  const events = (await ctx.store.readEvents(sweepId)).events.filter((e) => e.sweepId === sweepId);
  const strangers = new Set(events.filter((e) => !known.has(e.trialId)).map((e) => e.trialId));
  if (strangers.size > 0) {
    throw new UsageError(`cannot resume ${sweepId}: ${strangers.size} trial id(s) in its log are not in this zapsweep's expansion of its spec (it was run by a version with other defaults); finish it with that version or start a new sweep`);
  }
  // A race or halving replays its rounds from the log: the same decisions, nothing rerun.
  const { trials, planner, plan } = startingPlan(loaded.sweep, universe, events);
  const s = { record, sweep: loaded.sweep, specText: loaded.text, trials, flags, planner, groups: plan.groups };
  const runner = await runnerFor(ctx, s);
  runner.check();
  return runSession(ctx, runner, { ...s, resuming: true, prior: events });
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
