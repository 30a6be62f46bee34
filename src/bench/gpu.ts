/**
 * `npm run bench:gpu`: training throughput of the reference model and the papers' Omniglot model
 * at batch 1, 16 and 256 on every TensorFlow.js backend found here (webgpu with its adapter,
 * tensorflow, wasm), beside PyTorch on the same device in the same run when `import torch` works
 * (gpu_reference.py). Self-contained: no network, no data files (fixed random inputs).
 * Prints JSON lines as it measures, then a Markdown table; with --out DIR (or $OUT) also writes
 * DIR/gpu-bench.jsonl and DIR/gpu-bench.md. The GPU kit (gpu-kit/run.sh) runs this file bundled.
 *
 * Per (backend, model, batch): one warm-up step timed on its own (shader compilation, kernel
 * selection, first allocations), one more untimed, then up to --steps steps within --seconds.
 * Quick mode (automatic when no hardware adapter is found, e.g. lavapipe; --full turns it off):
 * 2 steps within 2 s, and only the reference model at batch 1 and 16 and the Omniglot model at
 * batch 1 (on lavapipe here a reference step at batch 256 took 21 s, an Omniglot one at 16, 31 s).
 *
 *   node dist/bench/gpu.js [--backends webgpu,wasm] [--only reference:1,omniglot:16] [--steps 20]
 *     [--seconds 10] [--quick|--full] [--no-torch] [--out DIR]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { useBackend, type BenchBackendName, type FoundBackend } from './gpu-backends.js';
import { buildBenchModel, type BenchModelName } from './gpu-models.js';
import { markdownTable, type GpuFigure, type GpuSkip } from './gpu-report.js';

const MODELS: readonly BenchModelName[] = ['reference', 'omniglot'];
const BATCHES = [1, 16, 256] as const;
const QUICK = new Set(['reference:1', 'reference:16', 'omniglot:1']);
const ALL = MODELS.flatMap((m) => BATCHES.map((b) => `${m}:${b}`));

/** The model:batch pairs left out (PyTorch gets the same list). */
function skipped(quick: boolean, only: ReadonlySet<string> | undefined): string[] {
  return ALL.filter((k) => (quick && !QUICK.has(k)) || (only !== undefined && !only.has(k)));
}

const args = parseArgs({
  strict: true,
  options: {
    backends: { type: 'string', default: 'webgpu,tensorflow,wasm' },
    steps: { type: 'string' },
    seconds: { type: 'string' },
    quick: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    out: { type: 'string' },
    /** model:batch pairs to measure, comma separated (default: all; quick mode: its subset). */
    only: { type: 'string' },
    'no-torch': { type: 'boolean', default: false },
  },
}).values;

const records: Array<Record<string, unknown>> = [];
function emit(r: Record<string, unknown>): void {
  records.push(r);
  console.log(JSON.stringify(r));
}

/** Adam steps on fixed random inputs; the loss is read back each step (the sync point). */
async function measure(found: FoundBackend, model: BenchModelName, batch: number, steps: number, seconds: number): Promise<GpuFigure> {
  const m = buildBenchModel(model);
  const opt = tf.train.adam(1e-3);
  const x = tf.randomUniform<tf.Rank.R4>([batch, 28, 28, 1], 0, 1, 'float32', 2);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % m.classes), 'int32'), m.classes);
  const step = async (): Promise<void> => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, m.logits(x)), true, m.variables);
    await loss?.data();
    loss?.dispose();
  };
  try {
    const t0 = performance.now();
    await step();
    const warmupMs = performance.now() - t0;
    await step();
    let done = 0;
    const start = performance.now();
    while (done < steps && (done === 0 || (performance.now() - start) / 1000 < seconds)) {
      await step();
      done++;
    }
    const elapsed = (performance.now() - start) / 1000;
    return {
      type: 'figure', runtime: 'tfjs', backend: found.name, device: found.device, ...(found.adapter ? { isSoftware: found.adapter.isSoftware } : {}),
      model, batch, warmupMs, steps: done, msPerStep: (elapsed * 1000) / done, stepsPerSecond: done / elapsed, imagesPerSecond: (done * batch) / elapsed,
    };
  } finally {
    tf.dispose([x, y]);
    opt.dispose();
    m.dispose();
  }
}

/** A python3 that imports torch: $ZAPSWEEP_PYTHON, python3 on PATH, then /usr/bin/python3. */
function findTorchPython(): string | undefined {
  const candidates = [process.env['ZAPSWEEP_PYTHON'], 'python3', '/usr/bin/python3'].filter((c): c is string => c !== undefined && c !== '');
  return candidates.find((py) => spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 }).status === 0);
}

function referenceScript(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [path.join(here, 'gpu_reference.py'), path.join(here, '../../src/bench/gpu_reference.py')].find((p) => existsSync(p));
}

function runTorch(quick: boolean, only: ReadonlySet<string> | undefined, steps: number, seconds: number): { figures: GpuFigure[]; skip?: GpuSkip } {
  const script = referenceScript();
  const py = findTorchPython();
  if (script === undefined || py === undefined) return { figures: [], skip: { type: 'skipped', backend: 'pytorch', reason: script === undefined ? 'gpu_reference.py not found' : 'no python3 that imports torch' } };
  const argv = [script, '--batches', BATCHES.join(','), '--models', MODELS.join(','), '--steps', String(steps), '--seconds', String(seconds), '--skip', skipped(quick, only).join(',')];
  const r = spawnSync(py, argv, { encoding: 'utf8', timeout: 600_000 });
  const figures: GpuFigure[] = [];
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const rec = JSON.parse(line) as Record<string, unknown>;
    emit(rec);
    if (rec['type'] === 'figure') figures.push(rec as unknown as GpuFigure);
  }
  if (r.status !== 0) return { figures, skip: { type: 'skipped', backend: 'pytorch', reason: `exit ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').at(-1) ?? ''}` } };
  return { figures };
}

async function main(): Promise<void> {
  const wanted = (args.backends ?? '').split(',').filter((b) => b !== '') as BenchBackendName[];
  const only = args.only === undefined ? undefined : new Set(args.only.split(',').filter((p) => p !== ''));
  emit({ type: 'environment', time: new Date().toISOString(), node: process.version, platform: `${platform()}/${arch()}`, cpus: cpus().length, cpu: cpus()[0]?.model ?? '?' });
  const figures: GpuFigure[] = [];
  const skips: GpuSkip[] = [];
  let hardware = false;
  const isQuick = (): boolean => args.quick === true || (args.full !== true && !hardware);
  for (const name of wanted) {
    // 1. The backend (webgpu first: whether its adapter is hardware decides quick mode).
    const found = await useBackend(name);
    if ('missing' in found) {
      const skip: GpuSkip = { type: 'skipped', backend: name, reason: found.missing };
      skips.push(skip);
      emit({ ...skip });
      continue;
    }
    hardware ||= found.hardware;
    const quick = isQuick();
    emit({ type: 'backend', ...found, quick });
    const steps = Number(args.steps ?? (quick ? 2 : 20));
    const seconds = Number(args.seconds ?? (quick ? 2 : 10));
    // 2. Every model and batch.
    for (const model of MODELS) {
      for (const batch of BATCHES) {
        if (only !== undefined && !only.has(`${model}:${batch}`)) continue;
        if (quick && !QUICK.has(`${model}:${batch}`)) {
          const skip: GpuSkip = { type: 'skipped', backend: name, model, batch, reason: 'quick mode (no hardware adapter; --full runs it)' };
          skips.push(skip);
          emit({ ...skip });
          continue;
        }
        const f = await measure(found, model, batch, steps, seconds);
        figures.push(f);
        emit({ ...f });
      }
    }
  }
  // 3. PyTorch on the same device (CUDA when it has one).
  if (args['no-torch'] !== true) {
    const quick = isQuick();
    const torch = runTorch(quick, only, Number(args.steps ?? (quick ? 2 : 20)), Number(args.seconds ?? (quick ? 2 : 10)));
    figures.push(...torch.figures);
    if (torch.skip) {
      skips.push(torch.skip);
      emit({ ...torch.skip });
    }
  }
  // 4. The table, and the files.
  const table = markdownTable(figures, skips);
  console.log('\n' + table);
  const out = args.out ?? process.env['OUT'];
  if (out !== undefined && out !== '') {
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'gpu-bench.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    writeFileSync(path.join(out, 'gpu-bench.md'), table + '\n');
  }
}

await main();
// Dawn keeps native handles open: leave once the figures are out.
process.exit(0);
