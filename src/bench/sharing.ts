/**
 * Pre-train sharing (docs/proposals/pretrain-sharing.md), whole sweeps as a user runs them:
 * 1. the study's shape (sweeps/repro-zapping.yaml: 3 transfer rates share each pre-training) with
 *    sharing against `--no-share`, back to back in one run; ZAPSWEEP_BENCH_SHARING_SEEDS (default 2;
 *    5 = the whole study, about 20 minutes on 2 cores) sets the seeds;
 * 2. quick.yaml's wall time against its ideal: the trials' own compute (started -> finished of each
 *    succeeded attempt, from the event log) divided by the parallelism.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFigure } from './figure.js';

const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const sweeps = fileURLToPath(new URL('../../sweeps/', import.meta.url));

interface SweepRun {
  wallS: number;
  computeS: number;
  pretrainings: { distinct: number; trained: number; reused: number } | undefined;
}

function runSweep(spec: string, extra: string[]): SweepRun {
  const store = mkdtempSync(join(tmpdir(), 'zapsweep-bench-share-'));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, '--store', store, 'run', spec, '--no-ui', '-o', 'json', ...extra], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`zapsweep run ${spec} exited ${String(r.status)}: ${r.stderr.slice(-500)}`);
  const results = JSON.parse(r.stdout) as { sweep: { pretrainings?: SweepRun['pretrainings'] } };
  const id = readdirSync(join(store, 'sweeps'))[0] ?? '';
  const events = readFileSync(join(store, 'sweeps', id, 'events.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { type: string; trialId: string; attempt: number; time: number });
  let computeS = 0;
  for (const f of events.filter((e) => e.type === 'finished')) {
    const s = events.find((e) => e.type === 'started' && e.trialId === f.trialId && e.attempt === f.attempt);
    if (s) computeS += (f.time - s.time) / 1000;
  }
  return { wallS, computeS, pretrainings: results.sweep.pretrainings };
}

export function benchSharing(log: (line: string) => void): Promise<BenchFigure[]> {
  const seeds = Number(process.env['ZAPSWEEP_BENCH_SHARING_SEEDS'] ?? 2);
  const dir = mkdtempSync(join(tmpdir(), 'zapsweep-bench-share-spec-'));
  const study = join(dir, 'repro-zapping.yaml');
  writeFileSync(study, readFileSync(join(sweeps, 'repro-zapping.yaml'), 'utf8').replace(/^ {2}seeds: \d+$/m, `  seeds: ${seeds}`));
  const parallelism = Math.max(1, cpus().length);
  log(`repro-zapping.yaml with ${seeds} seeds, ${parallelism} workers: sharing, then --no-share`);
  const shared = runSweep(study, []);
  log(`sharing: ${shared.wallS.toFixed(1)} s, pre-trainings ${JSON.stringify(shared.pretrainings)}`);
  const alone = runSweep(study, ['--no-share']);
  log(`--no-share: ${alone.wallS.toFixed(1)} s, pre-trainings ${JSON.stringify(alone.pretrainings)}`);
  const quick = runSweep(join(sweeps, 'quick.yaml'), []);
  const ideal = quick.computeS / parallelism;
  log(`quick.yaml: ${quick.wallS.toFixed(1)} s wall, trials' own compute ${quick.computeS.toFixed(1)} s / ${parallelism} = ${ideal.toFixed(1)} s`);
  return Promise.resolve([
    { name: `repro-zapping (${seeds} seeds) wall, sharing`, value: shared.wallS, unit: 's', reference: { name: '--no-share', value: alone.wallS } },
    { name: `repro-zapping (${seeds} seeds) pre-trainings trained, sharing`, value: shared.pretrainings?.trained ?? NaN, unit: 'stages', reference: { name: '--no-share', value: alone.pretrainings?.trained ?? NaN } },
    { name: 'quick.yaml wall, sharing', value: quick.wallS, unit: 's', reference: { name: 'ideal (own compute / workers)', value: ideal } },
  ]);
}
