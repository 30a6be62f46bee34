/**
 * Probes bench (issue #16): the wall time of one quick.yaml trial (zapEvery 1, adam) with the
 * default probes (`fisher: {}, sharpness: {}, interpolate: {}, slice: {}`) beside the same trial
 * without probes, measured alternately in this process (wasm). Goal: at most +15%.
 * Also the probes' own time (`probes.seconds`) and fisher + sharpness + interpolate without the slice.
 *
 * Run: npm run bench -- probes
 */
import { fileURLToPath } from 'node:url';
import { loadSpecFile } from '../spec/load.js';
import { probesSchema } from '../spec/probes-schema.js';
import type { Experiment } from '../spec/schema.js';
import { initBackend } from '../trainer/backend.js';
import { runTrial } from '../trainer/run-trial.js';
import type { TrainerSink } from '../trainer/types.js';
import type { BenchFigure } from './figure.js';

const quiet: TrainerSink = { progress: () => {}, zap: () => {}, metric: () => {} };
const ROUNDS = 3;

async function quickExperiment(): Promise<Experiment> {
  const file = fileURLToPath(new URL('../../sweeps/quick.yaml', import.meta.url));
  const e = (await loadSpecFile(file)).sweep.spec.experiment;
  return { ...e, pretrain: { ...e.pretrain, zapEvery: 1, optimizer: 'adam' } };
}

async function timed(e: Experiment, seed: number): Promise<{ seconds: number; probes: number }> {
  const t0 = performance.now();
  const m = await runTrial(e, seed, quiet, new AbortController().signal);
  return { seconds: (performance.now() - t0) / 1000, probes: m['probes.seconds'] ?? 0 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function benchProbes(log: (line: string) => void): Promise<BenchFigure[]> {
  log(`backend: ${await initBackend('wasm')}`);
  const plain = await quickExperiment();
  const all = { ...plain, probes: probesSchema.parse({ fisher: {}, sharpness: {}, interpolate: {}, slice: {} }) };
  const noSlice = { ...plain, probes: probesSchema.parse({ fisher: {}, sharpness: {}, interpolate: {} }) };
  await timed(plain, 1); // warm-up: data files parsed, kernels compiled
  const runs = { plain: [] as number[], all: [] as number[], noSlice: [] as number[], probes: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    runs.plain.push((await timed(plain, 1)).seconds);
    const a = await timed(all, 1);
    runs.all.push(a.seconds);
    runs.probes.push(a.probes);
    runs.noSlice.push((await timed(noSlice, 1)).seconds);
    log(`round ${r + 1}: plain ${runs.plain.at(-1)?.toFixed(2)} s, default probes ${a.seconds.toFixed(2)} s (probes.seconds ${a.probes.toFixed(2)}), without slice ${runs.noSlice.at(-1)?.toFixed(2)} s`);
  }
  const reference = { name: 'same trial without probes (median)', value: median(runs.plain) };
  return [
    { name: `quick.yaml trial, default probes (median of ${ROUNDS})`, value: median(runs.all), unit: 's', reference },
    { name: 'quick.yaml trial, fisher + sharpness + interpolate (no slice)', value: median(runs.noSlice), unit: 's', reference },
    { name: 'probes.seconds of the default-probes trial', value: median(runs.probes), unit: 's', reference },
  ];
}
