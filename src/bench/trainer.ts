/**
 * Trainer bench: training throughput per process on the wasm backend with our kernels, beside a
 * reference measured in the same run (PyTorch CPU, one thread, when `python3 -c 'import torch'`
 * works; otherwise the stock tfjs cpu backend), plus head-only transfer steps/s at batch 1 (the
 * tfjs i.i.d. loop and the plain-array sequential head) and the wall time of one default trial.
 *
 * Run: npx tsc -p tsconfig.build.json && node dist/bench/trainer.js
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { experimentSchema } from '../spec/schema.js';
import { initBackend } from '../trainer/backend.js';
import { featureSource } from '../trainer/batches.js';
import { LinearHead } from '../trainer/linear-head.js';
import { createModel, featureSize } from '../trainer/model.js';
import { makeOptimizer } from '../trainer/optimizers.js';
import { createRng } from '../trainer/random.js';
import { runTrial } from '../trainer/run-trial.js';
import { trainEpochs } from '../trainer/train-loop.js';
import type { TrainerSink } from '../trainer/types.js';
import type { BenchFigure } from './figure.js';
import { referenceModel } from './gpu-models.js';


const BATCH = 32;
const quietSink: TrainerSink = { progress: () => {}, zap: () => {}, metric: () => {} };

/** Images per second of Adam steps on the reference model on the current backend. */
function referenceThroughput(warmup: number, minSeconds: number, maxSteps: number): number {
  const model = referenceModel();
  const opt = tf.train.adam(1e-3);
  const x = tf.randomUniform<tf.Rank.R4>([BATCH, 28, 28, 1], 0, 1, 'float32', 2);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i % 10), 'int32'), 10);
  const step = (): void => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, model.logits(x)), true, model.variables);
    loss?.dataSync();
    loss?.dispose();
  };
  for (let i = 0; i < warmup; i++) step();
  let steps = 0;
  const start = performance.now();
  while (steps < maxSteps && (performance.now() - start) / 1000 < minSeconds) {
    step();
    steps++;
  }
  const seconds = (performance.now() - start) / 1000;
  tf.dispose([x, y]);
  model.dispose();
  opt.dispose();
  return (steps * BATCH) / seconds;
}

function referenceScript(): string | undefined {
  const candidates = [
    new URL('./trainer_reference.py', import.meta.url),
    new URL('../../src/bench/trainer_reference.py', import.meta.url),
  ].map((u) => fileURLToPath(u));
  return candidates.find((p) => existsSync(p));
}

/** Interpreters to try: PATH's python3 may be a pyenv without Debian's python3-torch. */
const PYTHONS = ['python3', '/usr/bin/python3'];

/** PyTorch's figure, or the reason it is unavailable. */
function pytorchThroughput(): { value: number; name: string } | { unavailable: string } {
  const script = referenceScript();
  if (script === undefined) return { unavailable: 'trainer_reference.py not found' };
  const reasons: string[] = [];
  for (const python of PYTHONS) {
    const r = spawnSync(python, [script, '3'], { encoding: 'utf8', timeout: 120_000 });
    if (r.error !== undefined) {
      reasons.push(`${python}: ${r.error.message}`);
      continue;
    }
    const line = r.stdout.trim().split('\n').pop() ?? '';
    try {
      const parsed = JSON.parse(line) as { imagesPerSecond?: number; torch?: string; error?: string };
      if (r.status === 0 && typeof parsed.imagesPerSecond === 'number') {
        return { value: parsed.imagesPerSecond, name: `pytorch ${parsed.torch ?? '?'} cpu, 1 thread` };
      }
      reasons.push(`${python}: ${parsed.error ?? `exit ${r.status ?? 'signal'}`}`);
    } catch {
      reasons.push(`${python}: unreadable output ${line.slice(0, 120)} ${r.stderr.slice(0, 120)}`);
    }
  }
  return { unavailable: reasons.join('; ') };
}

/** Head-only transfer: optimizer steps per second at batch 1 on cached features (the real loop). */
async function headOnlyStepsPerSecond(): Promise<number> {
  const spec = { convBlocks: 2, width: 16, norm: 'none' as const, classes: 10 };
  const model = createModel(spec, 1);
  const n = 500;
  const features = tf.randomUniform<tf.Rank.R2>([n, featureSize(spec)], 0, 1, 'float32', 3);
  const labels = Int32Array.from({ length: n }, (_, i) => 5 + (i % 5));
  const opt = makeOptimizer('sgd', 0.01);
  const start = performance.now();
  await trainEpochs({
    phase: 'transfer',
    epochs: 1,
    batchSize: 1,
    optimizer: opt,
    variables: model.variables('head'),
    forward: (f) => model.head(f as tf.Tensor2D),
    source: featureSource(features, labels),
    classes: 10,
    seed: 1,
    sink: quietSink,
    signal: new AbortController().signal,
  });
  const rate = n / ((performance.now() - start) / 1000);
  tf.dispose(features);
  opt.dispose();
  model.dispose();
  return rate;
}

/**
 * Sequential head-only transfer: optimizer steps per second at batch 1 through the plain-array
 * head (linear-head.ts) the protocol uses, default model features (1568) x 100 head outputs.
 */
function sequentialHeadStepsPerSecond(optimizer: 'sgd' | 'adam'): number {
  const features = featureSize({ convBlocks: 2, width: 16 });
  const outputs = 100;
  const n = 2000;
  const rng = createRng(1, 'bench:features');
  // ReLU features: about half exactly zero.
  const x = Float32Array.from({ length: n * features }, () => Math.max(0, rng.normal()));
  const kernel = Float32Array.from({ length: features * outputs }, () => rng.normal() * 0.03);
  const head = new LinearHead(features, outputs, kernel, new Float32Array(outputs), optimizer, 1e-3);
  for (let i = 0; i < 50; i++) head.step(x, i, i % outputs);
  const start = performance.now();
  for (let i = 0; i < n; i++) head.step(x, i, i % outputs);
  return n / ((performance.now() - start) / 1000);
}

export async function benchTrainer(log: (line: string) => void = () => {}): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  // 1. Reference first (a separate process: no contention with our own measurement).
  const torch = pytorchThroughput();
  // 2. wasm with our kernels.
  await initBackend('wasm');
  const wasm = referenceThroughput(3, 4, 400);
  let reference: { name: string; value: number } | undefined;
  if ('value' in torch) {
    reference = torch;
  } else {
    log(`reference unavailable: PyTorch (${torch.unavailable}); measuring the stock tfjs cpu backend instead`);
    await tf.setBackend('cpu');
    reference = { name: 'tfjs cpu backend', value: referenceThroughput(1, 10, 3) };
    await tf.setBackend('wasm');
  }
  figures.push({ name: 'reference model train, wasm (our kernels), Adam batch 32', value: wasm, unit: 'img/s', reference });
  // 3. Head-only transfer at batch 1.
  figures.push({ name: 'head-only transfer, batch 1, sgd (features cached)', value: await headOnlyStepsPerSecond(), unit: 'steps/s' });
  // 4. Sequential head-only transfer (plain arrays) at batch 1.
  figures.push({ name: 'sequential head-only transfer, batch 1, sgd (plain-array head, 1568 x 100)', value: sequentialHeadStepsPerSecond('sgd'), unit: 'steps/s' });
  figures.push({ name: 'sequential head-only transfer, batch 1, adam (plain-array head, 1568 x 100)', value: sequentialHeadStepsPerSecond('adam'), unit: 'steps/s' });
  // 5. One default trial, in-process (backend already initialised, mnist files not yet parsed).
  const start = performance.now();
  const m = await runTrial(experimentSchema.parse({}), 1, quietSink, new AbortController().signal);
  figures.push({ name: 'default trial, in-process, wasm', value: (performance.now() - start) / 1000, unit: 's' });
  figures.push({ name: 'default trial oldAccBefore (seed 1)', value: m.oldAccBefore, unit: 'accuracy' });
  return figures;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchTrainer((line) => console.log(line));
  for (const f of figures) {
    const ref = f.reference ? `   (reference ${f.reference.name}: ${f.reference.value.toFixed(1)} ${f.unit}, ratio ${(f.value / f.reference.value).toFixed(2)})` : '';
    console.log(`${f.name}: ${f.value.toFixed(f.unit === 'accuracy' ? 3 : 1)} ${f.unit}${ref}`);
  }
  console.log(JSON.stringify(figures));
}
