/**
 * NATS transport benchmark (BENCHMARKS.md "NATS transport"), against a real nats-server: NATS_URL
 * when set, else one started here (`nats-server` on PATH or in /usr/sbin) on a free port with a
 * temporary store. Figures:
 * 1. references: raw JetStream acked publish, 1,000 in flight, from one connection and from 16
 *    child processes at once (the end-to-end topology);
 * 2. end to end: 16 worker-like child processes, each publishing through a NatsPublisher ->
 *    durable consumer -> controller (runController, in this process) -> FileStore, events stored
 *    per second;
 * 3. controller memory: 1 million events waiting in the stream, consumed and stored by the
 *    controller; RSS when all are stored.
 * Run alone: `npx tsc -p tsconfig.build.json && node dist/bench/nats.js [events-for-memory]`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runController } from '../controller/local-controller.js';
import { systemClock } from '../util/clock.js';
import type { Executor, ExitInfo, LaunchRequest, RunningAttempt } from '../executors/types.js';
import { experimentSchema } from '../spec/schema.js';
import type { Trial } from '../spec/trial.js';
import { FileStore } from '../store/file-store.js';
import { NatsInbox } from '../transport/nats/inbox.js';
import { connectNats, type NatsSettings } from '../transport/nats/options.js';
import { ensureEventStream } from '../transport/nats/streams.js';
import type { BenchFigure } from './figure.js';
import { publishRaw } from './nats-publish-child.js';

const childScript = fileURLToPath(new URL('./nats-publish-child.js', import.meta.url));


const e2eEvents = 200_000;
const e2ePublishers = 16;
const rawEvents = 200_000;

export async function benchNats(log: (line: string) => void = () => undefined, memoryEvents = 1_000_000): Promise<BenchFigure[]> {
  const server = process.env['NATS_URL'] ? undefined : await startServer();
  const settings: NatsSettings = { servers: [process.env['NATS_URL'] ?? server?.url ?? ''] };
  try {
    log(`server ${settings.servers.join(',')}`);
    const raw = await rawPublish(settings, rawEvents);
    log(`raw acked publish, one connection: ${raw.toFixed(0)} msg/s`);
    const rawProcesses = await rawPublishProcesses(settings, rawEvents, e2ePublishers);
    log(`raw acked publish, ${e2ePublishers} processes: ${rawProcesses.toFixed(0)} msg/s`);
    const e2e = await endToEnd(settings, e2eEvents, e2ePublishers);
    log(`end to end: ${e2e.toFixed(0)} events/s`);
    const mem = await memoryAt(settings, memoryEvents, log);
    return [
      { name: `end to end: ${e2ePublishers} worker processes (NatsPublisher) -> controller -> FileStore (${e2eEvents} events)`, value: e2e, unit: 'events/s', reference: { name: `raw JetStream acked publish from ${e2ePublishers} processes, 1,000 in flight in all`, value: rawProcesses } },
      { name: `end to end, as above`, value: e2e, unit: 'events/s', reference: { name: 'raw JetStream acked publish, one connection, 1,000 in flight', value: raw } },
      { name: `controller consume + store, ${memoryEvents} events waiting in the stream`, value: mem.rate, unit: 'events/s', reference: { name: 'raw JetStream acked publish, 1,000 in flight', value: raw } },
      { name: `controller RSS with ${memoryEvents} events stored`, value: mem.rssMiB, unit: 'MiB', reference: { name: 'RSS before consuming', value: mem.baselineMiB } },
      { name: `controller heap after GC, fold of ${memoryEvents} events alive`, value: mem.heapMiB, unit: 'MiB', reference: { name: 'heap after GC before consuming', value: mem.baselineHeapMiB } },
    ];
  } finally {
    server?.child.kill('SIGKILL');
  }
}

async function rawPublish(settings: NatsSettings, n: number): Promise<number> {
  const start = performance.now();
  await publishRaw(settings, `raw-${Date.now()}`, 't0', n, 1000);
  return n / ((performance.now() - start) / 1000);
}

/** `processes` publishing child processes, like workers; resolves when every one exited 0. */
function spawnPublishers(mode: 'raw' | 'zapsweep', settings: NatsSettings, sweepId: string, trialId: string, n: number, window: number): Promise<void> {
  const child = spawn(process.execPath, [childScript, mode, settings.servers[0] ?? '', sweepId, trialId, String(n), String(window)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`publisher ${trialId} exited ${code}: ${stderr.slice(-400)}`))));
  });
}

/** Raw acked publish from `processes` child processes at once (the end-to-end run's topology). */
async function rawPublishProcesses(settings: NatsSettings, n: number, processes: number): Promise<number> {
  const sweepId = `rawp-${Date.now()}`;
  const each = Math.floor(n / processes);
  const start = performance.now();
  await Promise.all(Array.from({ length: processes }, (_, i) => spawnPublishers('raw', settings, sweepId, `t${i}`, each, Math.ceil(1000 / processes))));
  return (each * processes) / ((performance.now() - start) / 1000);
}

function trials(count: number): Trial[] {
  const experiment = experimentSchema.parse({});
  return Array.from({ length: count }, (_, index) => ({ index, trialId: `t${index}`, configId: `c${index}`, seed: 0, parameters: {}, experiment }));
}

/** An attempt is a promise (here: a publishing child process); it "exits" 0 when that resolves. */
class PublishingExecutor implements Executor {
  readonly name = 'bench';
  constructor(
    readonly parallelism: number,
    private readonly play: (r: LaunchRequest) => Promise<void>,
  ) {}
  launch(r: LaunchRequest): RunningAttempt {
    const exited: Promise<ExitInfo> = this.play(r).then(
      () => ({ code: 0, signal: null, stderrTail: '' }),
      (err: unknown) => ({ code: 1, signal: null, stderrTail: String(err) }),
    );
    return { exited, terminate: () => undefined, kill: () => undefined };
  }
}

/** Heap in use after a full GC (the bench enables `gc` for itself), in MiB. */
function heapAfterGcMiB(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function controllerRun(settings: NatsSettings, sweepId: string, count: number, executor: Executor, graceMs: number): Promise<{ stored: number; seconds: number; heapMiB: number }> {
  const nc = await connectNats(settings, { name: 'bench-controller' });
  const store = new FileStore(mkdtempSync(join(tmpdir(), 'zapsweep-bench-')));
  await store.createSweep({ id: sweepId, name: 'bench', createdAt: 0, updatedAt: 0, specSource: '-', specDigest: '-', executor: 'bench', totalTrials: count, status: 'running' }, '');
  const inbox = await NatsInbox.open(nc, sweepId);
  const start = performance.now();
  const outcome = await runController({
    sweepId, trials: trials(count), specFile: '-', executor, inbox, store, retries: 0, trialTimeoutMs: 3_600_000,
    clock: systemClock, signal: new AbortController().signal, graceMs, attemptIds: () => 'bench',
  });
  const seconds = (performance.now() - start) / 1000;
  let stored = 0;
  for (const t of outcome.fold.trials.values()) for (const a of t.attempts.values()) stored += a.lastSeq + 1;
  const heapMiB = heapAfterGcMiB(); // while the controller's fold of every event is still alive
  await inbox.forget();
  await nc.close();
  return { stored, seconds, heapMiB };
}

async function endToEnd(settings: NatsSettings, n: number, publishers: number): Promise<number> {
  const sweepId = `e2e-${Date.now()}`;
  const each = Math.floor(n / publishers);
  const executor = new PublishingExecutor(publishers, (r) => spawnPublishers('zapsweep', settings, sweepId, r.trial.trialId, each, Math.ceil(1000 / publishers)));
  const { stored, seconds } = await controllerRun(settings, sweepId, publishers, executor, 500);
  if (stored !== each * publishers) throw new Error(`end to end: stored ${stored} of ${each * publishers} events`);
  return stored / seconds;
}

async function memoryAt(settings: NatsSettings, n: number, log: (line: string) => void): Promise<{ rate: number; rssMiB: number; baselineMiB: number; heapMiB: number; baselineHeapMiB: number }> {
  const sweepId = `mem-${Date.now()}`;
  const count = 100;
  const each = Math.floor(n / count);
  // 1. Fill the stream first (publishers gone), so the RSS below is the controller's own.
  for (let i = 0; i < count; i += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, k) => spawnPublishers('zapsweep', settings, sweepId, `t${i + k}`, each, 100)));
    log(`published ${(i + 10) * each} events`);
  }
  const baselineHeapMiB = heapAfterGcMiB();
  const baselineMiB = process.memoryUsage().rss / 2 ** 20;
  // 2. Consume and store: attempts "have run" already; the controller waits for the stream to drain.
  const executor = new PublishingExecutor(count, () => Promise.resolve());
  const { stored, seconds, heapMiB } = await controllerRun(settings, sweepId, count, executor, 2000);
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  log(`stored ${stored} events in ${seconds.toFixed(1)} s; RSS ${rssMiB.toFixed(0)} MiB (before: ${baselineMiB.toFixed(0)} MiB); heap after GC ${heapMiB.toFixed(1)} MiB (before: ${baselineHeapMiB.toFixed(1)} MiB)`);
  if (stored !== each * count) throw new Error(`memory run: stored ${stored} of ${each * count} events`);
  // The controller waits at least one grace period after the last exit: leave it out of the rate.
  return { rate: stored / Math.max(0.001, seconds - 2), rssMiB, baselineMiB, heapMiB, baselineHeapMiB };
}

export async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const binary = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/usr/bin/nats-server'].find((p) => existsSync(p)) ?? 'nats-server';
  const port = await new Promise<number>((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
    srv.once('error', reject);
  });
  const dir = mkdtempSync(join(tmpdir(), 'zapsweep-bench-nats-'));
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let text = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      text += d;
      if (text.includes('Server is ready')) resolve();
    });
    child.once('error', () => reject(new Error('nats-server not found on PATH (apt-get install nats-server)')));
    child.once('exit', () => reject(new Error(`nats-server exited: ${text}`)));
  });
  const url = `nats://127.0.0.1:${port}`;
  const nc = await connectNats({ servers: [url] }, { name: 'bench-setup' });
  const { jetstreamManager } = await import('@nats-io/jetstream');
  await ensureEventStream(await jetstreamManager(nc));
  await nc.close();
  return { url, child };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 1_000_000);
  const figures = await benchNats((line) => console.log(`> ${line}`), n);
  for (const f of figures) {
    const ref = f.reference ? ` (${f.reference.name}: ${f.reference.value.toFixed(0)} ${f.unit}, ratio ${(f.value / f.reference.value).toFixed(2)})` : '';
    console.log(`${f.name}: ${f.value.toFixed(0)} ${f.unit}${ref}`);
  }
  process.exit(0);
}
