/**
 * Checkpoint benchmark (BENCHMARKS.md "Checkpoints"): a pre-training checkpoint of the papers'
 * model size (3 x 256 filters, 1000-way head: about 3.5 M float32 parameters, 14 MB) put and got
 * through the NATS object store adapter (ObjectCheckpointStore: our sha256 and record, the
 * library's chunks), beside a raw object store putBlob/getBlob of the same bytes on the same
 * bucket and server, interleaved in the same run. Also the bucket's bytes per stored checkpoint.
 * Server: NATS_URL when set, else one started here. Run alone: `npm run bench -- checkpoints`.
 */
import type { ChildProcess } from 'node:child_process';
import { ObjectCheckpointStore } from '../checkpoints/object-store.js';
import { connectNats } from '../transport/nats/options.js';
import type { BenchFigure } from './figure.js';
import { startServer } from './nats.js';

const parameters = 3_500_000;
const rounds = 7;

export async function benchCheckpoints(log: (line: string) => void = () => undefined): Promise<BenchFigure[]> {
  let child: ChildProcess | undefined;
  let url = process.env['NATS_URL'];
  if (!url) ({ url, child } = await startServer());
  const nc = await connectNats({ servers: [url] }, { name: 'bench-checkpoints' });
  try {
    const store = await ObjectCheckpointStore.open(nc, { bucket: `bench-checkpoints-${process.pid}` });
    const os = store.objects;
    const weights = new Float32Array(parameters);
    for (let i = 0; i < parameters; i++) weights[i] = Math.sin(i * 12.9898) * 0.05; // weight-like, incompressible
    const bytes = new Uint8Array(weights.buffer);
    const info = { stageKey: 'benchstage00', sweepId: 'bench' };
    const times = { put: [] as number[], rawPut: [] as number[], get: [] as number[], rawGet: [] as number[] };
    const time = async (into: number[], f: () => Promise<unknown>): Promise<void> => {
      const t = performance.now();
      await f();
      into.push(performance.now() - t);
    };
    // Round 0 warms up (connection, bucket, JIT) and is not counted.
    for (let r = 0; r <= rounds; r++) {
      const t = { put: [] as number[], rawPut: [] as number[], get: [] as number[], rawGet: [] as number[] };
      await time(t.rawPut, () => os.putBlob({ name: 'raw' }, bytes));
      await time(t.put, () => store.put('benchstage00-wasm', bytes, info));
      await time(t.rawGet, () => os.getBlob('raw'));
      await time(t.get, async () => {
        const back = await store.get('benchstage00-wasm');
        if (back?.byteLength !== bytes.byteLength) throw new Error('checkpoint did not round-trip');
      });
      if (r === 0) continue;
      for (const k of Object.keys(times) as Array<keyof typeof times>) times[k].push(...t[k]);
    }
    const bucketBytes = (await os.status()).size;
    await os.destroy();
    const mb = (bytes.byteLength / 1e6).toFixed(1);
    const m = (xs: number[]): number => median(xs);
    log(`${parameters} float32 parameters = ${bytes.byteLength} bytes; ${rounds} rounds; medians: put ${m(times.put).toFixed(0)} ms (raw ${m(times.rawPut).toFixed(0)}), get ${m(times.get).toFixed(0)} ms (raw ${m(times.rawGet).toFixed(0)})`);
    return [
      { name: `checkpoint put, ${mb} MB (${parameters / 1e6} M float32), median of ${rounds}`, value: m(times.put), unit: 'ms', reference: { name: 'raw object store putBlob, same bytes', value: m(times.rawPut) } },
      { name: `checkpoint get (sha256 verified), ${mb} MB, median of ${rounds}`, value: m(times.get), unit: 'ms', reference: { name: 'raw object store getBlob, same bytes', value: m(times.rawGet) } },
      { name: 'checkpoint put throughput', value: bytes.byteLength / 1e6 / (m(times.put) / 1000), unit: 'MB/s', reference: { name: 'raw putBlob', value: bytes.byteLength / 1e6 / (m(times.rawPut) / 1000) } },
      { name: 'checkpoint get throughput', value: bytes.byteLength / 1e6 / (m(times.get) / 1000), unit: 'MB/s', reference: { name: 'raw getBlob', value: bytes.byteLength / 1e6 / (m(times.rawGet) / 1000) } },
      { name: 'bucket bytes per stored object (checkpoint + raw copy, halved)', value: bucketBytes / 2 / 1e6, unit: 'MB', reference: { name: 'payload', value: bytes.byteLength / 1e6 } },
    ];
  } finally {
    await nc.close();
    child?.kill('SIGKILL');
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
