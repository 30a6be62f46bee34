/**
 * Runs torch-reference.py with Debian's PyTorch (python3-torch at /usr/bin/python3; the pyenv
 * python3 on PATH has no torch). For tests only: a missing PyTorch is a clear failure, never a pass.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const TORCH_PYTHON = process.env.ZAPSWEEP_TORCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch-reference.py', import.meta.url));

export interface ReferenceCase {
  readonly config: Record<string, unknown>;
  /** Per epoch, the example indices of each step. */
  readonly batches: number[][][];
  readonly warmupSteps?: number;
}

export interface ReferenceProblem {
  readonly features: number;
  readonly outputs: number;
  readonly x: number[];
  readonly labels: number[];
  readonly kernel: number[];
  readonly bias: number[];
  readonly cases: readonly ReferenceCase[];
}

export function torchReference(problem: ReferenceProblem): Array<{ kernel: number[]; bias: number[] }> {
  try {
    execFileSync(TORCH_PYTHON, ['-c', 'import torch'], { stdio: 'pipe' });
  } catch {
    throw new Error(
      `the PyTorch reference needs ${TORCH_PYTHON} with torch: apt-get install -y python3-torch (or set ZAPSWEEP_TORCH_PYTHON)`,
    );
  }
  const out = execFileSync(TORCH_PYTHON, [SCRIPT], { input: JSON.stringify(problem), maxBuffer: 64 << 20 });
  return JSON.parse(out.toString()) as Array<{ kernel: number[]; bias: number[] }>;
}
