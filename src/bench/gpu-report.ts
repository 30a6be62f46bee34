/** Pure: the GPU bench's records and its Markdown table. */
export interface GpuFigure {
  readonly type: 'figure';
  readonly runtime: 'tfjs' | 'pytorch';
  /** webgpu | tensorflow | wasm | torch-cuda | torch-cpu */
  readonly backend: string;
  /** The adapter line (webgpu), the GPU's name (torch-cuda), "CPU, ..." otherwise. */
  readonly device: string;
  readonly isSoftware?: boolean;
  readonly model: string;
  readonly batch: number;
  /** The first step: shader compilation / kernel selection / first allocations. */
  readonly warmupMs: number;
  readonly steps: number;
  readonly msPerStep: number;
  readonly stepsPerSecond: number;
  readonly imagesPerSecond: number;
}

export interface GpuSkip {
  readonly type: 'skipped';
  readonly backend: string;
  readonly model?: string;
  readonly batch?: number;
  readonly reason: string;
}

function num(v: number): string {
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** One row per figure; the PyTorch figure of the same model and batch is the reference column. */
export function markdownTable(figures: readonly GpuFigure[], skips: readonly GpuSkip[]): string {
  const torch = new Map(figures.filter((f) => f.runtime === 'pytorch').map((f) => [`${f.model}:${f.batch}`, f]));
  const rows = [
    '| backend | device | model | batch | warm-up (ms) | steps/s | img/s | PyTorch img/s (same run) | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const f of figures) {
    const ref = f.runtime === 'pytorch' ? undefined : torch.get(`${f.model}:${f.batch}`);
    const device = f.isSoftware === true && !f.device.includes('software adapter') ? `${f.device}, software adapter` : f.device;
    rows.push(
      `| ${f.backend} | ${device} | ${f.model} | ${f.batch} | ${num(f.warmupMs)} | ${num(f.stepsPerSecond)} | ${num(f.imagesPerSecond)} | ${ref ? `${num(ref.imagesPerSecond)} (${ref.backend})` : ''} | ${ref ? (f.imagesPerSecond / ref.imagesPerSecond).toFixed(2) : ''} |`,
    );
  }
  for (const s of skips) rows.push(`| ${s.backend} | skipped | ${s.model ?? 'all'} | ${s.batch ?? 'all'} | ${s.reason} | | | | |`);
  return rows.join('\n');
}
