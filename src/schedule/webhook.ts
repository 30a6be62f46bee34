/**
 * POSTs a drift report to a webhook, retried a few times with backoff; never throws (a webhook
 * that fails must not fail the sweep): the outcome is data the caller reports.
 * The poster and sleep are parameters (tests, and the one place that knows `fetch`).
 */
export type HttpPoster = (url: string, body: string, o: { timeoutMs: number }) => Promise<{ status: number }>;

export interface WebhookOptions {
  attempts?: number;
  timeoutMs?: number;
  /** Delay before retry n (1-based). */
  backoffMs?: (retry: number) => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface WebhookOutcome {
  ok: boolean;
  attempts: number;
  /** Why each failed attempt failed ("HTTP 500", "timeout after 5000 ms", ...). */
  errors: string[];
}

/** The URL without credentials or query, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.length > 1 ? '/…' : ''}`;
  } catch {
    return '(not a URL)';
  }
}

export async function postWebhook(url: string, payload: unknown, post: HttpPoster, o: WebhookOptions = {}): Promise<WebhookOutcome> {
  const attempts = o.attempts ?? 3;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const backoff = o.backoffMs ?? ((n: number) => 1000 * 2 ** (n - 1));
  const body = JSON.stringify(payload);
  const errors: string[] = [];
  for (let i = 1; i <= attempts; i++) {
    if (i > 1) await sleep(backoff(i - 1));
    try {
      const { status } = await post(url, body, { timeoutMs: o.timeoutMs ?? 10_000 });
      if (status >= 200 && status < 300) return { ok: true, attempts: i, errors };
      errors.push(`HTTP ${status}`);
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  return { ok: false, attempts, errors };
}

/** The HTTP poster on Node's fetch: JSON body, an abort after `timeoutMs`. */
export const fetchPoster: HttpPoster = async (url, body, { timeoutMs }) => {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status };
  } catch (err) {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) throw new Error(`timeout after ${timeoutMs} ms`);
    throw new Error(err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err));
  }
};
