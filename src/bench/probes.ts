/**
 * Probes bench (issue #16): the wall time of one quick.yaml trial (zapEvery 1, adam) with the
 * default probes (`fisher: {}, sharpness: {}, interpolate: {}, slice: {}`) beside the same trial
 * without probes, measured alternately in this process (wasm). Goal: at most +15%.
 * Also the probes' own time (`probes.seconds`) and fisher + sharpness + interpolate without the slice.
 * The main figures are CPU seconds of this process (user + system; the trial is single-threaded on
 * wasm), the minimum over rounds: on a machine shared with other work, wall time swings by 2-3x
 * between rounds while CPU time does not. Wall-time medians are given too.
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
const ROUNDS = 5;

async function quickExperiment(): Promise<Experiment> {
  const file = fileURLToPath(new URL('../../sweeps/quick.yaml', import.meta.url));
  const e = (await loadSpecFile(file)).sweep.spec.experiment;
  return { ...e, pretrain: { ...e.pretrain, zapEvery: 1, optimizer: 'adam' } };
}

interface Run {
  readonly seconds: number;
  readonly cpu: number;
  readonly probes: number;
}

async function timed(e: Experiment, seed: number): Promise<Run> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const m = await runTrial(e, seed, quiet, new AbortController().signal);
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, probes: m['probes.seconds'] ?? 0 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function benchProbes(log: (line: string) => void): Promise<BenchFigure[]> {
  log(`backend: ${await initBackend('wasm')}`);
  const plain = await quickExperiment();
  const all = { ...plain, probes: probesSchema.parse({ fisher: {}, sharpness: {}, interpolate: {}, slice: {} }) };
  const noSlice = { ...plain, probes: probesSchema.parse({ fisher: {}, sharpness: {}, interpolate: {} }) };
  await timed(plain, 1); // warm-up: data files parsed, kernels compiled
  const runs: Record<'plain' | 'all' | 'noSlice', Run[]> = { plain: [], all: [], noSlice: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, e] of [['plain', plain], ['all', all], ['noSlice', noSlice]] as const) runs[k].push(await timed(e, 1));
    const f = (k: keyof typeof runs): string => `${runs[k].at(-1)?.cpu.toFixed(2)} cpu-s (${runs[k].at(-1)?.seconds.toFixed(2)} s)`;
    log(`round ${r + 1}: plain ${f('plain')}, default probes ${f('all')} with probes.seconds ${runs.all.at(-1)?.probes.toFixed(2)}, without slice ${f('noSlice')}`);
  }
  const min = (k: keyof typeof runs, of: (r: Run) => number): number => Math.min(...runs[k].map(of));
  const cpu = { name: 'same trial without probes (min CPU)', value: min('plain', (r) => r.cpu) };
  const wall = { name: 'same trial without probes (median wall)', value: median(runs.plain.map((r) => r.seconds)) };
  return [
    { name: `quick.yaml trial, default probes (min CPU of ${ROUNDS})`, value: min('all', (r) => r.cpu), unit: 'cpu-s', reference: cpu },
    { name: 'quick.yaml trial, fisher + sharpness + interpolate (no slice, min CPU)', value: min('noSlice', (r) => r.cpu), unit: 'cpu-s', reference: cpu },
    { name: 'probes.seconds of the default-probes trial (min)', value: min('all', (r) => r.probes), unit: 's', reference: cpu },
    { name: `quick.yaml trial, default probes (median wall of ${ROUNDS})`, value: median(runs.all.map((r) => r.seconds)), unit: 's', reference: wall },
  ];
}
