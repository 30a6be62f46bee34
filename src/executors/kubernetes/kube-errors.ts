/**
 * Errors from the Kubernetes API as data: `ApiException.body` arrives as a raw JSON string (a
 * Status object) and is parsed here. Retryable: 429, 5xx, and connection failures.
 */
import { ApiException } from '@kubernetes/client-node';
import { ZapsweepError } from '../../errors.js';

export class KubeApiError extends ZapsweepError {
  override readonly name = 'KubeApiError';

  constructor(
    message: string,
    readonly code: number | undefined,
    readonly reason: string | undefined,
    retryable: boolean,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, { cause: options?.cause, retryable });
    this.retryAfterMs = options?.retryAfterMs;
  }

  readonly retryAfterMs: number | undefined;
}

/** A problem the user must fix (a Job of another sweep in the way, missing kubeconfig): exit 2. */
export class KubeConfigError extends ZapsweepError {
  override readonly name = 'KubeConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, exitCode: 2 });
  }
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);

export function toKubeError(err: unknown, what: string): KubeApiError {
  if (err instanceof KubeApiError) return err;
  if (err instanceof ApiException) {
    const code = typeof err.code === 'number' ? err.code : undefined;
    const status = parseStatus(err.body);
    const headers = (err.headers ?? {}) as Record<string, string | undefined>;
    const retryAfter = Number(headers['retry-after'] ?? headers['Retry-After']);
    const retryable = code === 429 || (code !== undefined && code >= 500);
    return new KubeApiError(`${what}: ${code ?? '?'} ${status.reason ?? ''} ${status.message ?? ''}`.replace(/\s+/g, ' ').trim(), code, status.reason, retryable, {
      cause: err,
      ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
    });
  }
  const errno = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  const network = (typeof errno === 'string' && networkCodes.has(errno)) || /ECONNREFUSED|ECONNRESET|socket hang up|network/i.test(message);
  return new KubeApiError(`${what}: ${message}`, undefined, undefined, network, { cause: err });
}

function parseStatus(body: unknown): { reason?: string; message?: string } {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      return { message: body.slice(0, 200) };
    }
  }
  if (value === null || typeof value !== 'object') return {};
  const s = value as { reason?: unknown; message?: unknown };
  return {
    ...(typeof s.reason === 'string' ? { reason: s.reason } : {}),
    ...(typeof s.message === 'string' ? { message: s.message } : {}),
  };
}

export const isNotFound = (e: KubeApiError): boolean => e.code === 404;
export const isConflict = (e: KubeApiError): boolean => e.code === 409;
