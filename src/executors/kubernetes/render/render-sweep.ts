/**
 * A sweep as Kubernetes objects (pure): one ConfigMap and one Indexed Job per shard.
 * Shard size: at most SHARD_SIZE indexes per Job. The API allows up to 100,000 completions with
 * backoffLimitPerIndex, but a Job's status lists its completed and failed indexes as interval
 * strings: in the worst case (alternating outcomes) about 6 bytes per index, so 10,000 indexes keep
 * a Job near 60 KB, far under etcd's 1.5 MiB object limit, and keep every watch event of it small.
 */
import { renderConfigMap } from './config-map.js';
import { renderJob } from './job.js';
import type { RenderInput, RenderedSweep, Shard } from './types.js';
import { ZapsweepError } from '../../../errors.js';

export const SHARD_SIZE = 10_000;

export class RenderError extends ZapsweepError {
  override readonly name = 'RenderError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, retryable: false, exitCode: 2 });
  }
}

export function shardsOf(trialCount: number, shardSize = SHARD_SIZE): Shard[] {
  if (!Number.isInteger(shardSize) || shardSize < 1) throw new RenderError(`shard size must be a positive integer, found ${shardSize}`);
  const shards: Shard[] = [];
  for (let offset = 0; offset < trialCount; offset += shardSize) {
    shards.push({ shard: shards.length, offset, completions: Math.min(shardSize, trialCount - offset) });
  }
  return shards;
}

/**
 * An adaptive search's rounds as shards, numbered from `first`: a round's Job cannot grow (an
 * Indexed Job's completions are fixed), so each round gets its own, at most `shardSize` each.
 */
export function groupShards(groups: readonly (readonly number[])[], shardSize = SHARD_SIZE, first = 0): Shard[] {
  const shards: Shard[] = [];
  for (const group of groups) {
    for (let at = 0; at < group.length; at += shardSize) {
      const indexes = group.slice(at, at + shardSize);
      shards.push({ shard: first + shards.length, offset: indexes[0] ?? 0, completions: indexes.length, indexes });
    }
  }
  return shards;
}

export function renderSweep(input: RenderInput): RenderedSweep {
  if (input.trialCount < 1) throw new RenderError('the sweep has no trials to run');
  if (input.natsUrl === '') throw new RenderError('a NATS URL is required on Kubernetes');
  const shards = input.groups === undefined ? shardsOf(input.trialCount, input.shardSize) : groupShards(input.groups, input.shardSize);
  return {
    configMap: renderConfigMap(input),
    jobs: shards.map((s) => renderJob(input, s)),
    shards,
  };
}
