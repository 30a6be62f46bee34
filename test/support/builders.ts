/** Fluent fixture builders for tests (STYLE.md: builders for fixtures). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { experimentSchema } from '../../src/spec/schema.js';
import type { Trial } from '../../src/spec/trial.js';
import type { SweepRecord } from '../../src/store/types.js';

export function makeTrials(configs: number, seeds = 1): Trial[] {
  const experiment = experimentSchema.parse({});
  const trials: Trial[] = [];
  for (let s = 0; s < seeds; s++) {
    for (let c = 0; c < configs; c++) {
      const index = trials.length;
      trials.push({
        index,
        trialId: `t${String(index).padStart(3, '0')}`,
        configId: `c${c}`,
        seed: s,
        parameters: { 'pretrain.zapEvery': c },
        experiment,
      });
    }
  }
  return trials;
}

export function sweepRecord(id: string, totalTrials: number): SweepRecord {
  return {
    id,
    name: 'test',
    createdAt: 0,
    updatedAt: 0,
    specSource: 'test.yaml',
    specDigest: 'digest',
    executor: 'local',
    totalTrials,
    status: 'running',
  };
}

export function tempDir(prefix = 'zapsweep-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
