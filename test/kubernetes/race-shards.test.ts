/** Round shards of an adaptive search: index lists, their env and annotation, and the worker's index. */
import { describe, expect, it } from 'vitest';
import { formatIndexes, indexFromEnv, parseIndexes } from '../../src/executors/kubernetes/indexes.js';
import { groupShards } from '../../src/executors/kubernetes/render/render-sweep.js';

describe('round shards', () => {
  it.each([
    { indexes: [], text: '' },
    { indexes: [4], text: '4' },
    { indexes: [0, 1, 2, 3], text: '0-3' },
    { indexes: [1, 3, 4, 5, 7], text: '1,3-5,7' },
    { indexes: [12, 13, 20, 21, 22, 30], text: '12-13,20-22,30' },
  ])('formatIndexes($indexes) = "$text", and back', ({ indexes, text }) => {
    expect(formatIndexes(indexes)).toBe(text);
    expect(parseIndexes(text)).toEqual(indexes);
  });

  it('one shard per round, numbered on, split at the shard size', () => {
    const shards = groupShards([[0, 1, 2, 3], [5, 7], [9, 10, 11]], 2, 3);
    expect(shards).toEqual([
      { shard: 3, offset: 0, completions: 2, indexes: [0, 1] },
      { shard: 4, offset: 2, completions: 2, indexes: [2, 3] },
      { shard: 5, offset: 5, completions: 2, indexes: [5, 7] },
      { shard: 6, offset: 9, completions: 2, indexes: [9, 10] },
      { shard: 7, offset: 11, completions: 1, indexes: [11] },
    ]);
  });

  it.each([
    { env: { JOB_COMPLETION_INDEX: '2', ZAPSWEEP_INDEX_OFFSET: '10' }, index: '12' },
    { env: { JOB_COMPLETION_INDEX: '2', ZAPSWEEP_INDEX_OFFSET: '5', ZAPSWEEP_INDEX_LIST: '5,7,9-11' }, index: '9' },
    { env: { JOB_COMPLETION_INDEX: '4', ZAPSWEEP_INDEX_LIST: '5,7,9-11' }, index: '11' },
    { env: { JOB_COMPLETION_INDEX: '5', ZAPSWEEP_INDEX_LIST: '5,7,9-11' }, index: '5 (out of ZAPSWEEP_INDEX_LIST)' },
  ])('the worker resolves $env to $index', ({ env, index }) => {
    expect(indexFromEnv(env)).toBe(index);
  });
});
