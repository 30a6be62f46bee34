/**
 * The one check both adapters make before handing bytes back: the size and the sha256 recorded at
 * put time. Anything else is a CorruptCheckpointError; bad bytes are never returned.
 */
import { createHash } from 'node:crypto';
import { CorruptCheckpointError, type CheckpointMeta } from './types.js';

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Returns `data` when it matches `meta`'s size and digest; throws CorruptCheckpointError otherwise. */
export function verified(meta: CheckpointMeta, data: Uint8Array): Uint8Array {
  if (data.byteLength !== meta.bytes) {
    const how = data.byteLength < meta.bytes ? 'truncated' : 'too long';
    throw new CorruptCheckpointError(meta.key, `${how}: ${data.byteLength} of ${meta.bytes} bytes`);
  }
  const digest = sha256Hex(data);
  if (digest !== meta.digest) throw new CorruptCheckpointError(meta.key, `sha256 ${digest.slice(0, 12)}… does not match the recorded ${meta.digest.slice(0, 12)}…`);
  return data;
}

const fields = ['key', 'stageKey', 'sweepId', 'digest'] as const;

/** A stored meta record read back (JSON or string metadata); undefined when it is not one. */
export function parseMeta(value: unknown): CheckpointMeta | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  for (const f of fields) if (typeof v[f] !== 'string' || v[f] === '') return undefined;
  const bytes = Number(v['bytes']);
  const createdAt = Number(v['createdAt']);
  if (!Number.isSafeInteger(bytes) || bytes < 0 || !Number.isFinite(createdAt)) return undefined;
  if (!/^[0-9a-f]{64}$/.test(String(v['digest']))) return undefined;
  return { key: String(v['key']), stageKey: String(v['stageKey']), sweepId: String(v['sweepId']), bytes, digest: String(v['digest']), createdAt };
}
