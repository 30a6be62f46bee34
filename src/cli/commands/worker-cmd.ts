/** `worker`: runs one trial (what executors start; also usable by hand for debugging). */
import type { Writable } from 'node:stream';
import { IpcPublisher, NdjsonPublisher } from '../../transport/ipc/publisher.js';
import { runWorker } from '../../worker/run-worker.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';

export interface WorkerFlags {
  spec: string;
  index?: string;
  attempt?: string;
  sweepId?: string;
  backend?: string;
}

const backends = ['tensorflow', 'wasm', 'cpu'] as const;

export async function workerCommand(ctx: CliContext, flags: WorkerFlags): Promise<number> {
  const index = intFlag('--index', flags.index ?? process.env['JOB_COMPLETION_INDEX']);
  const attempt = intFlag('--attempt', flags.attempt ?? process.env['ZAPSWEEP_ATTEMPT'] ?? '0');
  const sweepId = flags.sweepId ?? process.env['ZAPSWEEP_SWEEP_ID'] ?? 'adhoc';
  const backend = flags.backend ?? process.env['ZAPSWEEP_BACKEND'];
  if (backend !== undefined && !(backends as readonly string[]).includes(backend)) {
    throw new UsageError(`--backend: expected one of ${backends.join(', ')}, found "${backend}"`);
  }
  const stop = new AbortController();
  const abort = (why: string) => (): void => {
    if (!stop.signal.aborted) stop.abort(why);
  };
  process.on('SIGTERM', abort('SIGTERM'));
  process.on('SIGINT', abort('SIGINT'));
  // The controller died: nobody can receive our events, so stop now rather than train for nothing.
  process.on('disconnect', () => {
    stop.abort('controller disconnected');
    setTimeout(() => process.exit(1), 2000).unref();
  });
  const publisher = process.send ? new IpcPublisher() : new NdjsonPublisher(ctx.stdout as Writable);
  const code = await runWorker({
    specFile: flags.spec,
    index,
    attempt,
    sweepId,
    publisher,
    signal: stop.signal,
    ...(backend === undefined ? {} : { backend: backend as (typeof backends)[number] }),
    log: (line) => void ctx.stderr.write(line + '\n'),
  });
  await publisher.close();
  return code;
}

function intFlag(name: string, value: string | undefined): number {
  if (value === undefined) throw new UsageError(`${name} is required (or set JOB_COMPLETION_INDEX)`);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name}: expected a non-negative integer, found "${value}"`);
  return n;
}
