/**
 * One publishing process of the NATS bench (src/bench/nats.ts), like one worker process:
 * `node nats-publish-child.js <raw|zapsweep> <url> <sweepId> <trialId> <events> <inFlight>`.
 * Every event is of attempt 0 with id `bench` (the bench's controller launches attempts with that id).
 * `raw` publishes with bare JetStream acked publishes (msgID set, `inFlight` awaited at most);
 * `zapsweep` through a NatsPublisher, the worker's own path, ending with a `finished` event.
 * Exits 0 when every event is acked.
 */
import { pathToFileURL } from 'node:url';
import { jetstream } from '@nats-io/jetstream';
import { dedupKey, type TrialEvent } from '../transport/events.js';
import { connectNats, type NatsSettings } from '../transport/nats/options.js';
import { NatsPublisher } from '../transport/nats/publisher.js';

/** A ~200-byte progress event, like a worker's. */
export function benchEvent(sweepId: string, trialId: string, seq: number, attemptId = 'bench'): TrialEvent {
  return { sweepId, trialId, attempt: 0, attemptId, seq, time: 1_764_460_800_000 + seq, type: 'progress', phase: 'pretrain', step: seq, total: 1_000_000, loss: 0.123456789, accuracy: 0.987654321 };
}

export async function publishRaw(settings: NatsSettings, sweepId: string, trialId: string, n: number, window: number): Promise<void> {
  const nc = await connectNats(settings, { name: 'bench-raw' });
  const js = jetstream(nc);
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < n; i++) {
    const e = benchEvent(sweepId, trialId, i);
    const p = js.publish(`zapsweep.${sweepId}.${trialId}.progress`, JSON.stringify(e), { msgID: dedupKey(e) }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= window) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await nc.close();
}

export async function publishZapsweep(settings: NatsSettings, sweepId: string, trialId: string, n: number, window: number): Promise<void> {
  const p = new NatsPublisher({ settings, deadlineMs: 60_000, name: 'bench-worker', maxInFlight: window, memoryEvents: 50_000 });
  for (let i = 0; i < n - 1; i++) await p.publish(benchEvent(sweepId, trialId, i));
  await p.publish({ ...benchEvent(sweepId, trialId, n - 1), type: 'finished', metrics: { retainedAccuracy: 1 } });
  await p.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [mode, url = '', sweepId = '', trialId = '', events, window] = process.argv.slice(2);
  const publish = mode === 'raw' ? publishRaw : publishZapsweep;
  await publish({ servers: [url] }, sweepId, trialId, Number(events), Number(window));
  process.exit(0);
}
