/**
 * Start-up: whole processes, median of several runs, beside bare Node (`node -e 0`) in the same
 * run. `validate` and `ls` should stay within 0.3 s of bare Node; a worker's time from process
 * start to its first training step is measured on a one-step-per-epoch trial. With
 * ZAPSWEEP_BENCH_BASELINE=<another build's dist/cli/main.js> the same figures are measured for that
 * build too, interleaved, so an old and a new version compare in one run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFigure } from './figure.js';

const runs = 7;
const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const quick = fileURLToPath(new URL('../../sweeps/quick.yaml', import.meta.url));

const oneStepSpec = `apiVersion: zapsweep/v1
kind: Sweep
metadata: { name: startup }
spec:
  experiment:
    dataset: { name: mnist, oldClasses: [0, 1], newClasses: [2], trainPerClass: 16, testPerClass: 4 }
    model: { convBlocks: 1, width: 4 }
    pretrain: { epochs: 1, batchSize: 32 }
    transfer: { epochs: 1, batchSize: 16 }
`;

function seconds(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${String(r.status)}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Process start to the first `progress` event a worker prints (NDJSON on stdout, no controller). */
function toFirstStep(entry: string, spec: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [entry, 'worker', '--spec', spec, '--index', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let buffered = '';
    let done = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      if (!done && buffered.includes('"type":"progress"')) {
        done = true;
        resolve(Number(process.hrtime.bigint() - t0) / 1e9);
        child.kill('SIGKILL');
      }
    });
    child.on('exit', () => {
      if (!done) reject(new Error('the worker exited before its first training step'));
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function benchStartup(log: (line: string) => void): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'zapsweep-startup-'));
  const spec = join(dir, 'startup.yaml');
  writeFileSync(spec, oneStepSpec);
  const baseline = process.env['ZAPSWEEP_BENCH_BASELINE'];
  const builds: Array<[string, string]> = [['this build', cli], ...(baseline ? [['baseline', baseline] as [string, string]] : [])];
  const samples = new Map<string, number[]>();
  const add = (name: string, value: number): void => void samples.set(name, [...(samples.get(name) ?? []), value]);
  // Interleaved, so a burst of load on the machine hits every command alike.
  for (let i = 0; i < runs; i++) {
    add('node -e 0', seconds(['-e', '0']));
    for (const [label, entry] of builds) {
      add(`${label}: zapsweep validate`, seconds([entry, 'validate', quick]));
      add(`${label}: zapsweep ls`, seconds([entry, '--store', join(dir, 'store'), 'ls']));
      add(`${label}: worker to first training step`, await toFirstStep(entry, spec));
    }
  }
  const bare = median(samples.get('node -e 0') ?? []);
  log(`median of ${runs} runs each; bare Node ${bare.toFixed(3)} s`);
  const figures: BenchFigure[] = [];
  for (const [name, xs] of samples) {
    if (name === 'node -e 0') continue;
    const value = median(xs);
    figures.push({ name: `${name} (over bare Node: ${(value - bare).toFixed(3)} s)`, value, unit: 's', reference: { name: 'node -e 0', value: bare } });
  }
  if (baseline) {
    for (const what of ['zapsweep validate', 'zapsweep ls', 'worker to first training step']) {
      const now = median(samples.get(`this build: ${what}`) ?? []);
      const before = median(samples.get(`baseline: ${what}`) ?? []);
      figures.push({ name: `${what}: this build against the baseline`, value: now, unit: 's', reference: { name: 'baseline', value: before } });
    }
  }
  return figures;
}
