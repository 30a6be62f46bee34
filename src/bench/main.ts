/**
 * `npm run bench`: every benchmark suite, each figure beside a reference measured in the same run
 * (these machines are noisy: compare ratios, not absolute times). Prints a Markdown table per suite
 * for BENCHMARKS.md. `npm run bench -- trainer nats` runs only the named suites.
 */
import { arch, cpus, platform } from 'node:os';
import type { BenchFigure } from './figure.js';


type Suite = (log: (line: string) => void) => Promise<BenchFigure[]>;

/** Suites load lazily, so one suite's heavy imports (TensorFlow.js) do not slow the others. */
const suites: Record<string, () => Promise<Suite>> = {
  trainer: async () => (await import('./trainer.js')).benchTrainer,
  nats: async () => (await import('./nats.js')).benchNats,
  ui: async () => (await import('./ui.js')).benchUi,
  kubernetes: async () => (await import('./kubernetes.js')).benchKubernetes,
  startup: async () => (await import('./startup.js')).benchStartup,
  sharing: async () => (await import('./sharing.js')).benchSharing,
  checkpoints: async () => (await import('./checkpoints.js')).benchCheckpoints,
  probes: async () => (await import('./probes.js')).benchProbes,
  race: async () => (await import('./race.js')).benchRace,
};

function fmt(value: number, unit: string): string {
  if (unit === 'accuracy' || Math.abs(value) < 10) return value.toFixed(3);
  return value.toFixed(1);
}

function table(figures: BenchFigure[]): string {
  const rows = ['| measurement | value | reference (same run) | ratio |', '| --- | --- | --- | --- |'];
  for (const f of figures) {
    const ref = f.reference ? `${f.reference.name}: ${fmt(f.reference.value, f.unit)} ${f.unit}` : '';
    const ratio = f.reference && f.reference.value !== 0 ? (f.value / f.reference.value).toFixed(2) : '';
    rows.push(`| ${f.name} | ${fmt(f.value, f.unit)} ${f.unit} | ${ref} | ${ratio} |`);
  }
  return rows.join('\n');
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in suites));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
console.log(`# zapsweep benchmarks, ${new Date().toISOString()}, Node ${process.version}, ${platform()}/${arch()}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})\n`);
for (const [name, load] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`## ${name}\n`);
  const figures = await (await load())((line) => console.log(`> ${line}`));
  console.log(table(figures) + '\n');
}
process.exit(0);
