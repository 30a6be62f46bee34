/** Pure retry policy: exponential backoff with a cap, and full jitter from a supplied random. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const defaultBackoff: Backoff = { initialMs: 100, maxMs: 5000 };

/** Delay before retry number `failures` (1-based). `random` in [0, 1). */
export function backoffDelay(b: Backoff, failures: number, random: number): number {
  const ceiling = Math.min(b.maxMs, b.initialMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
