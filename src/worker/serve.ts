/**
 * A serving worker (`zapsweep worker --serve`): a long-lived process of a local worker pool
 * (src/executors/local/worker-pool.ts) that runs the attempts it is sent over IPC, one at a time,
 * keeping the last pre-training stage and its data set in memory between them
 * (docs/proposals/pretrain-sharing.md). Each attempt is what a one-shot worker would do (run-worker.ts)
 * and ends with a `done` message carrying its exit code, sent after all its events.
 * `abort` stops the running attempt (it reports `failed`, interrupted); the process stays.
 * The process-wide stop (SIGTERM, SIGINT, a dead controller) aborts it and ends the process.
 */
import type { CheckpointStore } from '../checkpoints/types.js';
import { loadSpecFile } from '../spec/load.js';
import { expand } from '../spec/expand.js';
import type { Trial } from '../spec/trial.js';
import { StageCache } from '../trainer/stage-cache.js';
import { isControl, type FromWorker, type ToWorker } from '../transport/ipc/control.js';
import type { EventPublisher } from '../transport/types.js';
import { workerExit } from './exit-codes.js';
import { runWorker, type WorkerOptions } from './run-worker.js';

export interface ServeOptions {
  publisher: EventPublisher;
  /** The process-wide stop. */
  signal: AbortSignal;
  backend?: WorkerOptions['backend'];
  /** Where stages are kept for other processes, retries and resumes (the file store locally). */
  checkpoints?: CheckpointStore;
  log: (line: string) => void;
  /** Messages from the pool (default: this process's IPC channel). */
  channel?: { on(event: 'message', listener: (m: unknown) => void): void; send(m: FromWorker): void };
}

/** Serves until the process-wide stop; resolves with the exit code of the process. */
export function serveWorker(o: ServeOptions): Promise<number> {
  const channel = o.channel ?? processChannel();
  const expansions = new Map<string, readonly Trial[]>();
  const caches = new Map<string, StageCache>();
  let backendOf: (() => string) | undefined;
  let current: AbortController | undefined;
  let chain = Promise.resolve();

  const cacheFor = (sweepId: string): StageCache => {
    let cache = caches.get(sweepId);
    if (!cache) {
      caches.clear(); // one sweep per pool: a stale sweep's stage is never kept alive
      cache = new StageCache({ ...(o.checkpoints ? { checkpoints: o.checkpoints } : {}), backend: () => backendOf?.() ?? 'unknown', sweepId, log: o.log });
      caches.set(sweepId, cache);
    }
    return cache;
  };

  const runOne = async (m: Extract<ToWorker, { zapsweep: 'run' }>): Promise<void> => {
    if (o.signal.aborted) return;
    const attempt = new AbortController();
    current = attempt;
    const onStop = (): void => attempt.abort(o.signal.reason);
    o.signal.addEventListener('abort', onStop, { once: true });
    let code: number;
    try {
      backendOf ??= (await import('../trainer/run-trial.js')).backendName;
      let trials = expansions.get(m.specFile);
      if (!trials) {
        trials = expand((await loadSpecFile(m.specFile)).sweep);
        expansions.set(m.specFile, trials);
      }
      code = await runWorker({
        specFile: m.specFile,
        index: m.index,
        attempt: m.attempt,
        attemptId: m.attemptId,
        sweepId: m.sweepId,
        publisher: o.publisher,
        signal: attempt.signal,
        ...(o.backend ? { backend: o.backend } : {}),
        log: o.log,
        stages: cacheFor(m.sweepId),
        trials,
      });
    } catch (err) {
      // The spec could not be read: nothing of this attempt was reported; the pool says it crashed.
      o.log(err instanceof Error ? err.message : String(err));
      code = workerExit.usage;
    } finally {
      o.signal.removeEventListener('abort', onStop);
      current = undefined;
    }
    channel.send({ zapsweep: 'done', code });
  };

  return new Promise((resolve) => {
    channel.on('message', (m) => {
      if (!isControl(m)) return;
      const msg = m as ToWorker;
      if (msg.zapsweep === 'abort') current?.abort(msg.reason);
      else if (msg.zapsweep === 'run') chain = chain.then(() => runOne(msg));
    });
    const end = (): void => void chain.then(() => resolve(workerExit.retryable));
    if (o.signal.aborted) end();
    else o.signal.addEventListener('abort', end, { once: true });
  });
}

function processChannel(): NonNullable<ServeOptions['channel']> {
  return {
    on: (event, listener) => void process.on(event, listener),
    send: (m) => {
      if (process.send && process.connected) process.send(m);
    },
  };
}
