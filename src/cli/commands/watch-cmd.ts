/**
 * `watch <sweepId>`: follows a sweep that runs elsewhere (another terminal, a cluster) through the
 * store's watch capability (file store: tails the log; JetStream with --nats). The live view on a
 * terminal (q quits; the sweep goes on), plain progress lines otherwise, until the sweep ends.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { canShowLiveView, loadTerminalUi } from '../../ui/terminal/load.js';
import { LiveModel } from '../../ui/model/live-model.js';
import type { TrialEvent } from '../../transport/events.js';
import type { CliContext } from '../context.js';
import { progressPrinter } from '../progress.js';
import { loadSweepState } from '../sweep-state.js';

export interface WatchFlags {
  ui?: boolean;
  /** How often the sweep's status is read again (ms). */
  statusEveryMs?: number;
}

export async function watchCommand(ctx: CliContext, sweepId: string, flags: WatchFlags): Promise<number> {
  const state = await loadSweepState(ctx.store, sweepId);
  const { record } = state;
  // Every trial the spec may run: a race's next rounds start after the watch did.
  const trials = state.universe;
  const retries = state.sweep.spec.budget.retries;
  const byId = new Map(trials.map((t) => [t.trialId, t]));
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (flags.ui === false || !canShowLiveView(ctx.stdout)) {
      // Plain lines for the events from now on, after one summary line of the past.
      const t = state.results.sweep.trials;
      ctx.stdout.write(`watching ${sweepId} (${record.status}): ${t.succeeded}/${t.total} succeeded, ${t.failed} failed, ${t.running} running\n`);
      const printer = progressPrinter((line) => void ctx.stdout.write(line + '\n'), Date.now(), trials.length, Date.now, t.succeeded);
      await follow(ctx, sweepId, stop, flags, false, (e) => {
        const trial = byId.get(e.trialId);
        if (trial) printer.event(e, trial);
      }, (status) => {
        if (status !== 'running') stop.abort();
      });
      return 0;
    }
    const model = new LiveModel({ sweep: { id: record.id, name: record.name, executor: record.executor, status: record.status }, trials, retries, startedAt: record.createdAt });
    const { mountLiveView } = (await loadTerminalUi()).mount;
    const view = mountLiveView({ model, retries, canControl: false, onCommand: () => stop.abort() });
    void view.closed.then(() => stop.abort());
    try {
      await follow(ctx, sweepId, stop, flags, true, (e) => void model.apply(e), (status) => model.setStatus(status));
    } finally {
      view.close();
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Feeds stored events (from the start, or only new ones) and the sweep's status until `stop`. */
async function follow(
  ctx: CliContext,
  sweepId: string,
  stop: AbortController,
  flags: WatchFlags,
  fromStart: boolean,
  onEvent: (e: TrialEvent) => void,
  onStatus: (status: string) => void,
): Promise<void> {
  const events = (async () => {
    for await (const e of ctx.store.watchEvents(sweepId, stop.signal, { fromStart })) {
      if (e.sweepId === sweepId) onEvent(e);
    }
  })();
  const status = (async () => {
    while (!stop.signal.aborted) {
      const r = await ctx.store.getSweep(sweepId);
      if (r) onStatus(r.status);
      await sleep(flags.statusEveryMs ?? 1000, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  })();
  await Promise.all([events, status]);
}
