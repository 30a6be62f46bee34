import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../src/ui/model/board-rows.js';
import { buildDetail } from '../../src/ui/model/detail.js';
import { filterRows, nextSort, sortRows, type SortKey } from '../../src/ui/model/sort-filter.js';
import { sweepFixture } from './support/sweep-fixture.js';

function board(f = sweepFixture().grid({ zapEvery: [0, 1, 2], optimizer: ['adam', 'sgd'] }).seeds(2).succeedAll()) {
  const s = f.model().snapshot(0);
  return { f, s, board: buildBoard(s.results, s.trials) };
}

describe('leaderboard rows', () => {
  it('has a row per configuration with CIs, seeds and Δ to the zapEvery-0 twin', () => {
    const { board: b } = board();
    expect(b.names).toEqual(['zapEvery', 'optimizer']);
    expect(b.rows).toHaveLength(6);
    expect(b.hasBaseline).toBe(true);
    const best = b.rows[0]!;
    expect(best.rank).toBe(1);
    expect(best.seedsDone).toBe(2);
    expect(best.retained?.half).toBeGreaterThan(0);
    // c5 = zapEvery 2, sgd; its twin is c1 = zapEvery 0, sgd.
    const c5 = b.rows.find((r) => r.configId === 'c5')!;
    const c1 = b.rows.find((r) => r.configId === 'c1')!;
    expect(c5.vsNoZap?.retained).toBeCloseTo(c5.retained!.mean - c1.retained!.mean, 12);
    expect(c1.vsNoZap).toBeNull();
  });

  it('lists configurations without results after the ranked ones, without metrics', () => {
    const { board: b } = board(sweepFixture().grid({ zapEvery: [0, 1, 2] }).succeed(2, 0, 0.7, 0.1));
    expect(b.rows.map((r) => [r.configId, r.rank])).toEqual([['c2', 1], ['c0', null], ['c1', null]]);
    expect(b.rows[1]).toMatchObject({ retained: null, seedsDone: 0, seedsTotal: 1 });
    expect(b.rows[2]?.vsNoZap).toEqual({ retained: null, gain: null });
  });

  it('has no Δ column without a zapEvery-0 configuration', () => {
    expect(board(sweepFixture().grid({ zapEvery: [1, 2] }).succeedAll()).board.hasBaseline).toBe(false);
  });

  it.each<[SortKey, string[]]>([
    ['pareto', ['c5', 'c4', 'c3', 'c2', 'c1', 'c0']],
    ['retained', ['c5', 'c4', 'c3', 'c2', 'c1', 'c0']],
    ['gain', ['c0', 'c1', 'c2', 'c3', 'c4', 'c5']],
    ['zapEvery', ['c1', 'c0', 'c3', 'c2', 'c5', 'c4']],
  ])('sorts by %s', (key, ids) => {
    const { board: b } = board();
    expect(sortRows(b, key).map((r) => r.configId)).toEqual(ids);
  });

  it('cycles the sort keys', () => {
    expect(['pareto', 'retained', 'gain', 'zapEvery'].map((k) => nextSort(k as SortKey))).toEqual(['retained', 'gain', 'zapEvery', 'pareto']);
  });

  it.each([
    ['', 6],
    ['optimizer=adam', 3],
    ['opt=sg', 3],
    ['zap=1', 2],
    ['zapEvery=1 optimizer=adam', 1],
    ['sgd', 3],
    ['nothing', 0],
    ['zap=10', 0],
  ])('filters by "%s"', (text, n) => {
    const { board: b } = board();
    expect(filterRows(b, b.rows, text)).toHaveLength(n);
  });
});

describe('configuration detail', () => {
  it('has metrics, mean curves over seeds, zaps and per-seed values', () => {
    const f = sweepFixture().grid({ zapEvery: [0, 1] }).seeds(2).curves(1, 0, 0.8, 1).curves(1, 1, 1.0, 1).succeed(1, 0, 0.8, 0.2).fail(1, 1, 'out of memory');
    const m = f.model();
    const d = buildDetail('c1', m.results(), m.trials, m.fold, 0)!;
    expect(d.metrics.map((x) => x.name)).toEqual(['retainedAccuracy', 'newTaskGain', 'oldAccBefore', 'oldAccAfter']);
    expect(d.curves.map((c) => c.name)).toEqual(['pretrain.loss', 'pretrain.oldTestAccuracy', 'transfer.newTestAccuracy']);
    // Seed 1 failed: its curves come from its latest attempt, so both seeds count (levels 0.8 and 1.0).
    d.curves[1]?.values.forEach((v, i) => expect(v).toBeCloseTo((0.9 * (i + 1)) / 4, 12));
    expect(d.zaps).toEqual({ count: 6, summary: ['pretrain epochs 1, 2, 3 (head)'] });
    expect(d.seeds).toEqual([
      { trialId: 't2', seed: 0, status: 'succeeded', attempts: 1, retained: 0.8, gain: 0.2 },
      { trialId: 't3', seed: 1, status: 'failed', attempts: 1, error: 'out of memory' },
    ]);
  });

  it('is undefined for an unknown configuration', () => {
    const m = sweepFixture().model();
    expect(buildDetail('nope', m.results(), m.trials, m.fold, 0)).toBeUndefined();
  });
});
