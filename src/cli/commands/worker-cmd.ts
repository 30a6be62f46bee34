/** `worker`: runs one trial (what executors start; also usable by hand for debugging). */
import type { Writable } from 'node:stream';
import { attemptFromEnv, indexFromEnv } from '../../executors/kubernetes/indexes.js';
import { parseDuration } from '../../spec/duration.js';
import { IpcPublisher, NdjsonPublisher } from '../../transport/ipc/publisher.js';
import type { StageCache } from '../../trainer/stage-cache.js';
import type { EventPublisher } from '../../transport/types.js';
import { workerExit } from '../../worker/exit-codes.js';
import { runWorker } from '../../worker/run-worker.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';

export interface WorkerFlags {
  /** Required unless --serve (then each attempt names its spec). */
  spec?: string;
  /** Serve attempts sent over IPC by a local worker pool (src/worker/serve.ts). */
  serve?: boolean;
  index?: string;
  attempt?: string;
  attemptId?: string;
  sweepId?: string;
  backend?: string;
}

const backends = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;

export async function workerCommand(ctx: CliContext, flags: WorkerFlags): Promise<number> {
  if (flags.serve === true) return serveCommand(ctx, flags);
  if (flags.spec === undefined) throw new UsageError('--spec is required (or --serve)');
  // Kubernetes: JOB_COMPLETION_INDEX + the shard's offset; attempt from the index's failure counters.
  const index = intFlag('--index', flags.index ?? indexFromEnv(process.env));
  const attempt = intFlag('--attempt', flags.attempt ?? process.env['ZAPSWEEP_ATTEMPT'] ?? String(attemptFromEnv(process.env) ?? 0));
  const sweepId = flags.sweepId ?? process.env['ZAPSWEEP_SWEEP_ID'] ?? 'adhoc';
  // Kubernetes: the pod's name (downward API), unique per pod, so a replacement pod that reuses an
  // attempt number still has keys of its own.
  const attemptId = flags.attemptId ?? nonEmpty(process.env['ZAPSWEEP_ATTEMPT_ID']);
  if (attemptId !== undefined && !/^[A-Za-z0-9._-]{1,253}$/.test(attemptId)) throw new UsageError(`--attempt-id: expected letters, digits, ".", "_" or "-", found "${attemptId}"`);
  const backend = backendFlag(flags);
  const stop = processStop();
  const log = (line: string): void => void ctx.stderr.write(line + '\n');
  const publisher = await makePublisher(ctx, stop, log);
  const stages = await sharedStages(ctx, sweepId, log);
  // Kubernetes: the controller may stop this attempt early (search.stopping); it is then done.
  let stoppedBy: string | undefined;
  const unlisten = await stopListener(ctx, sweepId, index, attempt, (reason) => {
    stoppedBy = reason;
    if (!stop.signal.aborted) stop.abort(reason);
  });
  const ran = await runWorker({
    specFile: flags.spec,
    index,
    attempt,
    ...(attemptId === undefined ? {} : { attemptId }),
    sweepId,
    publisher,
    signal: stop.signal,
    ...(backend === undefined ? {} : { backend }),
    ...(process.env['ZAPSWEEP_EXPECTED_DIGEST'] ? { expectedDigest: process.env['ZAPSWEEP_EXPECTED_DIGEST'] } : {}),
    ...(stages ? { stages } : {}),
    log,
  });
  unlisten?.();
  // Stopped by the controller: the trial is over (its `stopped` event is recorded), not failed, so
  // the Job must not run it again.
  const code = stoppedBy === undefined ? ran : workerExit.ok;
  if (stoppedBy !== undefined) log(`stopped by the controller: ${stoppedBy}`);
  return closePublisher(publisher, code, log);
}

async function stopListener(ctx: CliContext, sweepId: string, index: number, attempt: number, onStop: (reason: string) => void): Promise<(() => void) | undefined> {
  const { connectionOf } = await import('../checkpoint-wiring.js');
  const connection = connectionOf(ctx);
  if (!connection) return undefined;
  const [{ listenForStop }, nc] = await Promise.all([import('../../transport/nats/control.js'), connection()]);
  return listenForStop(nc, sweepId, index, attempt, onStop);
}

/** `worker --serve`: attempts arrive over IPC from a local worker pool, one at a time. */
async function serveCommand(ctx: CliContext, flags: WorkerFlags): Promise<number> {
  if (!process.send) throw new UsageError('--serve: expected to be started by a local controller (with an IPC channel)');
  const backend = backendFlag(flags);
  const stop = processStop();
  const log = (line: string): void => void ctx.stderr.write(line + '\n');
  const publisher = await makePublisher(ctx, stop, log);
  const [{ serveWorker }, { checkpointStoreFor }] = await Promise.all([import('../../worker/serve.js'), import('../checkpoint-wiring.js')]);
  const checkpoints = await checkpointStoreFor(ctx);
  const code = await serveWorker({ publisher, signal: stop.signal, ...(backend === undefined ? {} : { backend }), checkpoints, log });
  return closePublisher(publisher, code, log);
}

/**
 * A one-shot worker with NATS (a Kubernetes pod) shares its trial's pre-training stage with the
 * other pods through the object store and KV claims; by hand, or under `run --no-share`
 * (ZAPSWEEP_NO_SHARE=1), it trains its own.
 */
async function sharedStages(ctx: CliContext, sweepId: string, log: (line: string) => void): Promise<StageCache | undefined> {
  if (!ctx.nats || process.env['ZAPSWEEP_NO_SHARE'] === '1') return undefined;
  const [{ checkpointStoreFor, stageClaimsFor }, { StageCache }, { defaultHolder }] = await Promise.all([
    import('../checkpoint-wiring.js'),
    import('../../trainer/stage-cache.js'),
    import('../../checkpoints/stage-claims.js'),
  ]);
  const [checkpoints, claims] = await Promise.all([checkpointStoreFor(ctx), stageClaimsFor(ctx)]);
  const { backendName } = await import('../../trainer/run-trial.js');
  return new StageCache({ checkpoints, ...(claims ? { claims: { claims, holder: defaultHolder() } } : {}), backend: backendName, sweepId, log });
}

async function closePublisher(publisher: EventPublisher, code: number, log: (line: string) => void): Promise<number> {
  try {
    await publisher.close();
  } catch (err) {
    // Events could not be delivered: the attempt must count as failed, and may be retried.
    log(err instanceof Error ? err.message : String(err));
    return code === workerExit.ok ? workerExit.retryable : code;
  }
  return code;
}

function backendFlag(flags: WorkerFlags): (typeof backends)[number] | undefined {
  const backend = flags.backend ?? process.env['ZAPSWEEP_BACKEND'];
  if (backend !== undefined && !(backends as readonly string[]).includes(backend)) {
    throw new UsageError(`--backend: expected one of ${backends.join(', ')}, found "${backend}"`);
  }
  return backend as (typeof backends)[number] | undefined;
}

/** Aborted by SIGTERM, SIGINT, or a controller that went away (nobody can receive our events). */
function processStop(): AbortController {
  const stop = new AbortController();
  const abort = (why: string) => (): void => {
    if (!stop.signal.aborted) stop.abort(why);
  };
  process.on('SIGTERM', abort('SIGTERM'));
  process.on('SIGINT', abort('SIGINT'));
  process.on('disconnect', () => {
    abort('controller disconnected')();
    setTimeout(() => process.exit(1), 2000).unref();
  });
  return stop;
}

/** NATS when a server is named (--nats or NATS_URL), else IPC to the controller, else NDJSON on stdout. */
async function makePublisher(ctx: CliContext, stop: AbortController, log: (line: string) => void): Promise<EventPublisher> {
  if (ctx.nats) {
    const deadline = ctx.nats.deadline ?? '5m';
    let deadlineMs: number;
    try {
      deadlineMs = parseDuration(deadline);
    } catch {
      throw new UsageError(`--nats-deadline: expected a duration such as 30s or 5m, found "${deadline}"`);
    }
    // Loaded only here: a worker on IPC never pays for the NATS client.
    const { NatsPublisher } = await import('../../transport/nats/publisher.js');
    return new NatsPublisher({
      settings: ctx.nats.settings,
      deadlineMs,
      log,
      // Nobody will hear about this attempt: stop training for nothing.
      onGiveUp: () => {
        if (!stop.signal.aborted) stop.abort('NATS unreachable');
      },
    });
  }
  return process.send ? new IpcPublisher() : new NdjsonPublisher(ctx.stdout as Writable);
}

function intFlag(name: string, value: string | undefined): number {
  if (value === undefined) throw new UsageError(`${name} is required (or set JOB_COMPLETION_INDEX)`);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name}: expected a non-negative integer, found "${value}"`);
  return n;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
