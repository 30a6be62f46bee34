/**
 * The store's typed failures (all StoreErrors, so all ZapsweepErrors):
 * - StoreWriteError: a write the store had to make failed (disk full, I/O error, read-only,
 *   permission). exitCode 1, not retryable: the world must change first (free space, remount).
 *   The controller stops the sweep on it; `resume` continues once the cause is gone.
 * - StorePathError: the store directory itself is unusable (not a directory, cannot be created,
 *   not writable). exitCode 2: the user picked a bad `--store` / ZAPSWEEP_HOME.
 * - SpecTooLargeError: the spec does not fit the store's or transport's size limit. exitCode 2.
 * Each carries the OS (or server) code and says the reason as the OS gives it.
 */
import { StoreError } from './types.js';

const reasons: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  ENOENT: 'no such file or directory',
  EEXIST: 'file exists',
  EISDIR: 'is a directory',
  EMFILE: 'too many open files',
};

/** The OS error code of a failure ("EUNKNOWN" when it has none). */
export function errorCode(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : typeof code === 'number' ? String(code) : 'EUNKNOWN';
}

/** "no space left on device (ENOSPC)": the reason as the OS gives it. */
export function osReason(cause: unknown): string {
  const code = errorCode(cause);
  const known = reasons[code];
  if (known !== undefined) return `${known} (${code})`;
  const message = cause instanceof Error ? cause.message.split('\n')[0] ?? cause.message : String(cause);
  return code === 'EUNKNOWN' ? message : `${message.replace(/^[A-Z]+: /, '')} (${code})`;
}

export class StoreWriteError extends StoreError {
  override readonly name: string = 'StoreWriteError';
  /** The OS code (ENOSPC, EIO, EROFS, EACCES, ...) or the server's error code. */
  readonly code: string;
  /** The file (or subject/key) that could not be written. */
  readonly path: string;

  constructor(path: string, cause: unknown, what = 'write') {
    super(`cannot ${what} ${path}: ${osReason(cause)}`, { cause, exitCode: 1, retryable: false });
    this.code = errorCode(cause);
    this.path = path;
  }
}

export class StorePathError extends StoreError {
  override readonly name: string = 'StorePathError';
  readonly code: string;

  constructor(message: string, code: string, cause?: unknown) {
    super(message, { cause, exitCode: 2, retryable: false });
    this.code = code;
  }
}

export class SpecTooLargeError extends StoreError {
  override readonly name: string = 'SpecTooLargeError';
  constructor(
    readonly bytes: number,
    readonly limit: number,
    where: string,
  ) {
    super(`the spec is ${formatBytes(bytes)}; ${where} accepts at most ${formatBytes(limit)}: nothing was stored (split the sweep, or shorten the spec)`, { exitCode: 2 });
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
