/**
 * obtainStage: a pre-training stage's checkpoint, trained at most once among the processes (pods)
 * that share a store and claims. Each round:
 * 1. the store has a valid checkpoint: use it (`stored`, or `awaited` after waiting for another);
 *    a corrupt one is reported (onCorrupt) once and trained again, never used;
 * 2. otherwise claim the stage; the winner checks the store again (a holder may have finished
 *    between 1 and 2), removes a corrupt copy, trains while renewing its claim every ttl/3, puts
 *    the bytes and releases (also when training fails);
 * 3. a loser waits pollMs and goes round again: it gets the checkpoint once it appears, and takes
 *    over (its claim succeeds) when the holder's claim lapses because the holder died.
 * Abort: the signal stops the wait, or is passed to train(); a claim held is released. A holder
 * whose claim lapsed while it trained (cut off from the claims) still puts its bytes: stages are
 * deterministic, so a second trainer's put replaces equal bytes.
 */
import { ZapsweepError } from '../errors.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { StageClaims } from './stage-claims.js';
import { CorruptCheckpointError, type CheckpointInfo, type CheckpointStore } from './types.js';

export interface ObtainStageOptions {
  /** The checkpoint key (CheckpointStore key: `<sweepId>.<stageKey>.<backend>.<version>`); also the claim's key. */
  key: string;
  /** stageKey and sweepId recorded with the checkpoint this call puts. */
  info: CheckpointInfo;
  store: CheckpointStore;
  claims: StageClaims;
  /** Who claims (unique per process: e.g. `<pod or host>:<pid>`). */
  holder: string;
  /** Trains the stage and returns its checkpoint bytes. */
  train: (signal: AbortSignal) => Promise<Uint8Array>;
  signal?: AbortSignal;
  clock?: Clock;
  /** How often a waiting process looks again. Default 2 s. */
  pollMs?: number;
  /** A corrupt checkpoint was found (it is trained again, never used). Once per call and key. */
  onCorrupt?: (key: string, err: CorruptCheckpointError) => void;
  /** Another holder trains the stage; this call waits (once per holder seen). */
  onWaiting?: (key: string, holder: string) => void;
}

export interface ObtainedStage {
  readonly data: Uint8Array;
  /** stored: found at once; awaited: another process trained it while this one waited; trained: this call trained it. */
  readonly how: 'stored' | 'awaited' | 'trained';
}

/** obtainStage was aborted (the trial was cancelled or timed out) before it had the checkpoint. */
export class StageAbortedError extends ZapsweepError {
  override readonly name = 'StageAbortedError';
  constructor(key: string, cause?: unknown) {
    super(`stopped before the checkpoint of stage ${key} was obtained`, { cause, retryable: true });
  }
}

export async function obtainStage(o: ObtainStageOptions): Promise<ObtainedStage> {
  const clock = o.clock ?? systemClock;
  const signal = o.signal ?? new AbortController().signal;
  const pollMs = o.pollMs ?? 2000;
  let corrupt = false;
  let waited = false;
  let lastHolder: string | undefined;

  /** 1. The stored checkpoint, if valid; reports a corrupt one once. */
  const lookUp = async (): Promise<Uint8Array | undefined> => {
    try {
      return await o.store.get(o.key);
    } catch (err) {
      if (!(err instanceof CorruptCheckpointError)) throw err;
      if (!corrupt) o.onCorrupt?.(o.key, err);
      corrupt = true;
      return undefined;
    }
  };

  for (;;) {
    if (signal.aborted) throw new StageAbortedError(o.key, signal.reason);
    const found = await lookUp();
    if (found) return { data: found, how: waited ? 'awaited' : 'stored' };
    // 2. Claim; the winner trains.
    if (await o.claims.claim(o.key, o.holder)) return trainClaimed(o, clock, signal, lookUp, () => corrupt, waited);
    // 3. Wait for the holder (or for its claim to lapse).
    const holder = await o.claims.holderOf(o.key);
    if (holder !== undefined && holder !== lastHolder) {
      lastHolder = holder;
      o.onWaiting?.(o.key, holder);
    }
    waited = true;
    await sleep(clock, pollMs, signal, o.key);
  }
}

async function trainClaimed(
  o: ObtainStageOptions,
  clock: Clock,
  signal: AbortSignal,
  lookUp: () => Promise<Uint8Array | undefined>,
  corruptSeen: () => boolean,
  waited: boolean,
): Promise<ObtainedStage> {
  const stopRenewing = keepRenewing(o.claims, o.key, o.holder, clock);
  try {
    const found = await lookUp(); // the previous holder may have put it between our look and our claim
    if (found) return { data: found, how: waited ? 'awaited' : 'stored' };
    if (corruptSeen()) await o.store.delete(o.key); // waiting processes stop reading (and reporting) it
    let data: Uint8Array;
    try {
      data = await o.train(signal);
    } catch (err) {
      throw signal.aborted && !(err instanceof StageAbortedError) ? new StageAbortedError(o.key, err) : err;
    }
    if (signal.aborted) throw new StageAbortedError(o.key, signal.reason);
    await o.store.put(o.key, data, o.info);
    return { data, how: 'trained' };
  } finally {
    stopRenewing();
    await o.claims.release(o.key, o.holder).catch(() => undefined);
  }
}

/** Renews the claim every ttl/3 until stopped. A failed renew is retried at the next beat. */
function keepRenewing(claims: StageClaims, key: string, holder: string, clock: Clock): () => void {
  let cancel: (() => void) | undefined;
  let stopped = false;
  const beat = (): void => {
    cancel = clock.setTimeout(() => {
      void claims
        .renew(key, holder)
        .catch(() => false)
        .finally(() => {
          if (!stopped) beat();
        });
    }, Math.max(10, Math.floor(claims.ttlMs / 3)));
  };
  beat();
  return () => {
    stopped = true;
    cancel?.();
  };
}

function sleep(clock: Clock, ms: number, signal: AbortSignal, key: string): Promise<void> {
  if (signal.aborted) return Promise.reject(new StageAbortedError(key, signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      cancel();
      reject(new StageAbortedError(key, signal.reason));
    };
    const cancel = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
