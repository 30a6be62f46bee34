/**
 * Stage claims (docs/proposals/pretrain-sharing.md, Kubernetes): the pods of one stage train it
 * once. A pod that finds no checkpoint claims the stage; the one whose claim succeeds trains, the
 * others wait. A claim lapses `ttlMs` after it was last written unless its holder renews it, so a
 * claim whose pod died frees itself with no clock compared across hosts.
 * Adapters: NATS KV (`zapsweep-stage-claims`; the bucket's max age is the ttl: nats-server 2.9
 * has no per-key TTL, so the server removes an entry ttl after its last write, and a renew is a
 * compare-and-set rewrite) and an in-memory one on a Clock (tests, single-process runs).
 */
import { hostname } from 'node:os';
import type { Clock } from '../util/clock.js';
import { checkCheckpointKey } from './types.js';

export interface StageClaims {
  /** How long a claim lives after its last claim/renew. */
  readonly ttlMs: number;
  /** True when `holder` holds `key` now (it was free, lapsed, or already `holder`'s). */
  claim(key: string, holder: string): Promise<boolean>;
  /** Restarts the claim's ttl; false when it is no longer `holder`'s (it lapsed, maybe taken). */
  renew(key: string, holder: string): Promise<boolean>;
  /** Frees the claim if `holder` holds it; a no-op otherwise. */
  release(key: string, holder: string): Promise<void>;
  /** Who holds `key` now; undefined when nobody (never claimed, released, or lapsed). */
  holderOf(key: string): Promise<string | undefined>;
}

export const defaultClaimTtlMs = 30_000;

/** A holder name unique to this process: `<host (the pod's name on Kubernetes)>:<pid>`. */
export function defaultHolder(): string {
  return `${hostname()}:${process.pid}`;
}

/** In one process, on a Clock: what the KV adapter does, for tests and local runs. */
export class MemoryStageClaims implements StageClaims {
  private readonly claims = new Map<string, { holder: string; until: number }>();

  constructor(
    private readonly clock: Clock,
    readonly ttlMs = defaultClaimTtlMs,
  ) {}

  private live(key: string): { holder: string; until: number } | undefined {
    const c = this.claims.get(checkCheckpointKey(key));
    if (c && c.until <= this.clock.now()) {
      this.claims.delete(key);
      return undefined;
    }
    return c;
  }

  // async: a bad key is a rejected promise, as from the KV adapter.
  // eslint-disable-next-line @typescript-eslint/require-await
  async claim(key: string, holder: string): Promise<boolean> {
    const c = this.live(key);
    if (c && c.holder !== holder) return false;
    this.claims.set(key, { holder, until: this.clock.now() + this.ttlMs });
    return true;
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async renew(key: string, holder: string): Promise<boolean> {
    const c = this.live(key);
    if (c?.holder !== holder) return false;
    c.until = this.clock.now() + this.ttlMs;
    return true;
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async release(key: string, holder: string): Promise<void> {
    if (this.live(key)?.holder === holder) this.claims.delete(key);
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async holderOf(key: string): Promise<string | undefined> {
    return this.live(key)?.holder;
  }
}
