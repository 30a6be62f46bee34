/** Local worker processes, one per core by default; Ctrl-C stops (running trials report interrupted). */
import { runController } from '../../controller/local-controller.js';
import { LocalExecutor } from '../../executors/local/local-executor.js';
import { WorkerPool } from '../../executors/local/worker-pool.js';
import { parseDuration } from '../../spec/duration.js';
import { systemClock } from '../../util/clock.js';
import type { Runner, RunnerInput } from './types.js';

export function localRunner(i: RunnerInput): Runner {
  const { ctx, record, sweep, trials } = i;
  return {
    check: () => undefined,
    reopen: () => Promise.resolve(undefined),
    signalLine: (sig) => `${sig}: stopping; running trials report as interrupted. Continue later with: zapsweep resume ${record.id}`,
    interruptedLine: (done, total) => `interrupted: ${done}/${total} trials done; continue with: zapsweep resume ${record.id}`,
    prepare: (transport, signal) => {
      const parallelism = i.flags.parallelism ?? sweep.spec.executor.parallelism ?? ctx.cores;
      // Sharing (the default): long-lived workers that keep stages; --no-share: a process per attempt.
      // Serving workers keep checkpoints beside a file store (ZAPSWEEP_HOME is their --store default).
      const share = i.flags.share !== false;
      const storeEnv: Record<string, string> = share && !ctx.nats ? { ZAPSWEEP_HOME: ctx.store.root } : share ? {} : { ZAPSWEEP_NO_SHARE: '1' };
      const options = {
        parallelism,
        cliEntry: ctx.cliEntry,
        inbox: transport.ipc,
        env: { ...transport.workerEnv, ...storeEnv },
        workerArgs: i.flags.backend ? ['--backend', i.flags.backend] : [],
      };
      const executor = share ? new WorkerPool(options) : new LocalExecutor(options);
      return Promise.resolve({
        line: `sweep ${record.id}: ${trials.length} trials, ${executor.name} executor, ${Math.min(parallelism, trials.length)} at a time; store ${ctx.store.root}`,
        run: (observer, pause) =>
          runController({
            sweepId: record.id,
            trials,
            specFile: ctx.store.specPath(record.id),
            executor,
            inbox: transport.inbox,
            store: ctx.store,
            retries: sweep.spec.budget.retries,
            trialTimeoutMs: parseDuration(sweep.spec.budget.trialTimeout),
            clock: systemClock,
            signal,
            observer,
            pause,
            ...(i.planner ? { planner: i.planner } : {}),
            ...(sweep.spec.search.stopping ? { stopping: sweep.spec.search.stopping } : {}),
          }),
      });
    },
  };
}
