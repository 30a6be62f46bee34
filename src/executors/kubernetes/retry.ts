/**
 * Retries an API call on retryable errors (429, 5xx, connection failures) with capped exponential
 * backoff and full jitter from an injected random source; a 429's Retry-After wins when longer.
 */
import { toKubeError, type KubeApiError } from './kube-errors.js';

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (error: KubeApiError, delayMs: number) => void;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 8, baseMs: 200, maxMs: 10_000 };

/** Pure: the delay before retry number `n` (from 0). */
export function backoffDelay(n: number, p: Pick<RetryPolicy, 'baseMs' | 'maxMs'>, random: number, retryAfterMs?: number): number {
  const cap = Math.min(p.maxMs, p.baseMs * 2 ** n);
  const jittered = Math.round(cap / 2 + (cap / 2) * random);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, p.maxMs));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function withRetry<T>(what: string, call: () => Promise<T>, p: RetryPolicy = defaultRetryPolicy, signal?: AbortSignal): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await call();
    } catch (err) {
      const e = toKubeError(err, what);
      if (!e.retryable || n + 1 >= p.attempts || signal?.aborted === true) throw e;
      const delay = backoffDelay(n, p, (p.random ?? Math.random)(), e.retryAfterMs);
      p.onRetry?.(e, delay);
      await (p.sleep ?? sleep)(delay, signal);
    }
  }
}
