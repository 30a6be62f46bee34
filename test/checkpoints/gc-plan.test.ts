import { describe, expect, it } from 'vitest';
import { planGc } from '../../src/checkpoints/gc-plan.js';
import type { CheckpointMeta } from '../../src/checkpoints/types.js';

const meta = (key: string, stageKey: string, bytes: number, sweepId = 'writer'): CheckpointMeta => ({ key, stageKey, sweepId, bytes, digest: '0'.repeat(64), createdAt: 0 });
const all = [meta('a-wasm', 'a', 10), meta('a-cpu', 'a', 20), meta('b-wasm', 'b', 100), meta('c-wasm', 'c', 1000, 'running-1')];

describe('planGc', () => {
  it.each([
    { name: 'no running sweep: everything goes', needs: [], keep: [], remove: ['a-wasm', 'a-cpu', 'b-wasm', 'c-wasm'], freed: 1130 },
    { name: 'a running sweep keeps its stages, on every backend', needs: [{ sweepId: 's1', stageKeys: ['a'] }], keep: ['a-wasm', 'a-cpu'], remove: ['b-wasm', 'c-wasm'], freed: 1100 },
    {
      name: 'needed by stage, not by the sweep that wrote it',
      needs: [{ sweepId: 's1', stageKeys: ['b', 'x'] }, { sweepId: 's2', stageKeys: ['b'] }],
      keep: ['b-wasm'],
      remove: ['a-wasm', 'a-cpu', 'c-wasm'],
      freed: 1030,
    },
  ])('$name', ({ needs, keep, remove, freed }) => {
    const plan = planGc(all, needs);
    expect(plan.keep.map((k) => k.meta.key)).toEqual(keep);
    expect(plan.remove.map((m) => m.key)).toEqual(remove);
    expect(plan.freedBytes).toBe(freed);
    expect(plan.keptBytes + plan.freedBytes).toBe(1130);
  });

  it('says which running sweeps need a kept checkpoint', () => {
    const plan = planGc(all, [{ sweepId: 's1', stageKeys: ['b'] }, { sweepId: 's2', stageKeys: ['b', 'b'] }]);
    expect(plan.keep).toEqual([{ meta: all[2], neededBy: ['s1', 's2'] }]);
  });
});
