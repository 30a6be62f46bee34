/**
 * The CheckpointStore port (docs/proposals/pretrain-sharing.md): pre-trained stages kept by key so
 * trials that share a stage (src/spec/stages.ts) reuse it. The bytes are opaque here (the trainer
 * serialises weights, optimizer state and the stage's own events: src/trainer/stage-snapshot.ts);
 * a store keeps them with a sha256 digest and never hands back bytes that do not match it.
 * Adapters: the file store (under the results store) and NATS JetStream's object store.
 */
import { ZapsweepError } from '../errors.js';

export interface CheckpointMeta {
  /** The store key: the stage key and what else decides the bytes (src/trainer/stage-snapshot.ts). */
  readonly key: string;
  /** The pre-training stage key (src/spec/stages.ts). */
  readonly stageKey: string;
  /** The sweep whose trial first wrote it. */
  readonly sweepId: string;
  /** Size of the bytes. */
  readonly bytes: number;
  /** sha256 of the bytes, hex. */
  readonly digest: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
}

export interface CheckpointInfo {
  readonly stageKey: string;
  readonly sweepId: string;
}

export interface CheckpointStore {
  /** Stores the bytes under `key` (atomically: readers see all of them or none); replaces an older copy. */
  put(key: string, data: Uint8Array, info: CheckpointInfo): Promise<CheckpointMeta>;
  /**
   * The bytes under `key`, verified against their digest; undefined when there are none.
   * Throws CorruptCheckpointError when the bytes are truncated or do not match (never returns them).
   */
  get(key: string): Promise<Uint8Array | undefined>;
  has(key: string): Promise<boolean>;
  list(): Promise<CheckpointMeta[]>;
  /** True when something was removed. */
  delete(key: string): Promise<boolean>;
}

/** A checkpoint whose bytes do not match their digest (or size). The stage is trained again. */
export class CorruptCheckpointError extends ZapsweepError {
  override readonly name = 'CorruptCheckpointError';
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`checkpoint ${key} is corrupt (${detail}); the stage is trained again`, { retryable: true });
  }
}

/** What a checkpoint key may be: safe as a file name and as an object name. */
export const checkpointKeyPattern = /^[a-z0-9][a-z0-9._-]{0,127}$/i;

/** A key that is not safe as a file or object name (exit 2: the caller passed bad input). */
export class InvalidCheckpointKeyError extends ZapsweepError {
  override readonly name = 'InvalidCheckpointKeyError';
  constructor(readonly key: string) {
    super(`checkpoint key ${JSON.stringify(key)} is not valid: expected 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit`, { exitCode: 2 });
  }
}

/** Returns `key` when it matches checkpointKeyPattern; throws InvalidCheckpointKeyError otherwise. */
export function checkCheckpointKey(key: string): string {
  if (!checkpointKeyPattern.test(key)) throw new InvalidCheckpointKeyError(key);
  return key;
}

/** The checkpoint store or the stage claims could not be reached or read (NATS down, a timeout): retryable. */
export class CheckpointStoreUnavailableError extends ZapsweepError {
  override readonly name = 'CheckpointStoreUnavailableError';
  constructor(what: string, cause: unknown) {
    const reason = cause instanceof Error ? (cause.message.split('\n')[0] ?? cause.message) : String(cause);
    super(`cannot reach ${what}: ${reason}`, { cause, retryable: true });
  }
}

/** Optional capability (the file store): removes what killed writers left behind, older than minAgeMs. */
export interface LeftoverRemoval {
  removeLeftovers(minAgeMs?: number): Promise<{ files: number; bytes: number }>;
}

export function removesLeftovers(store: object): store is LeftoverRemoval {
  return typeof (store as Partial<LeftoverRemoval>).removeLeftovers === 'function';
}
