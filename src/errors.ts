/**
 * The one base of every error zapsweep throws (STYLE.md habit 5). Each says whether retrying can
 * help (`retryable`) and how the CLI exits when it reaches the top (`exitCode`: 2 = bad input,
 * 1 = the world failed us). Failures that cross the wire stay data (`failed` events), never instances.
 */
export interface ZapsweepErrorOptions {
  cause?: unknown;
  /** Default: false (the input or the world must change first). */
  retryable?: boolean;
  /** Default: 1. */
  exitCode?: number;
}

export class ZapsweepError extends Error {
  override readonly name: string = 'ZapsweepError';
  readonly retryable: boolean;
  readonly exitCode: number;

  constructor(message: string, options: ZapsweepErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? false;
    this.exitCode = options.exitCode ?? 1;
  }
}

export function isZapsweepError(err: unknown): err is ZapsweepError {
  return err instanceof ZapsweepError;
}

/** The exit code of an expected, presentable error; undefined for anything else (a bug). */
export function exitCodeOf(err: unknown): number | undefined {
  return err instanceof ZapsweepError ? err.exitCode : undefined;
}

/** Whether another attempt may succeed. Unknown errors (out of memory, a kernel crash) may. */
export function isRetryable(err: unknown): boolean {
  return err instanceof ZapsweepError ? err.retryable : true;
}
