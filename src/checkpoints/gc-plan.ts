/**
 * What `zapsweep checkpoints gc` removes (pure): every checkpoint no running sweep needs. A sweep
 * needs the checkpoints of its stages (src/spec/stages.ts), whatever sweep first wrote them.
 */
import type { CheckpointMeta } from './types.js';

export interface GcPlan {
  /** Kept, with the running sweeps that need each. */
  readonly keep: ReadonlyArray<{ readonly meta: CheckpointMeta; readonly neededBy: readonly string[] }>;
  readonly remove: readonly CheckpointMeta[];
  readonly keptBytes: number;
  readonly freedBytes: number;
}

/** `needs`: each running sweep's id and the stage keys of its trials. */
export function planGc(checkpoints: readonly CheckpointMeta[], needs: ReadonlyArray<{ sweepId: string; stageKeys: Iterable<string> }>): GcPlan {
  const neededBy = new Map<string, string[]>();
  for (const { sweepId, stageKeys } of needs) {
    for (const k of stageKeys) {
      const list = neededBy.get(k);
      if (!list) neededBy.set(k, [sweepId]);
      else if (!list.includes(sweepId)) list.push(sweepId);
    }
  }
  const keep: Array<{ meta: CheckpointMeta; neededBy: string[] }> = [];
  const remove: CheckpointMeta[] = [];
  for (const meta of checkpoints) {
    const by = neededBy.get(meta.stageKey);
    if (by) keep.push({ meta, neededBy: by });
    else remove.push(meta);
  }
  const sum = (ms: readonly CheckpointMeta[]): number => ms.reduce((n, m) => n + m.bytes, 0);
  return { keep, remove, keptBytes: sum(keep.map((k) => k.meta)), freedBytes: sum(remove) };
}
