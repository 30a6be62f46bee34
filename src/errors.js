export class ZapsweepError extends Error {
    name = 'ZapsweepError';
    retryable;
    exitCode;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.retryable = options.retryable ?? false;
        this.exitCode = options.exitCode ?? 1;
    }
}
export function isZapsweepError(err) {
    return err instanceof ZapsweepError;
}
/** The exit code of an expected, presentable error; undefined for anything else (a bug). */
export function exitCodeOf(err) {
    return err instanceof ZapsweepError ? err.exitCode : undefined;
}
/** Whether another attempt may succeed. Unknown errors (out of memory, a kernel crash) may. */
export function isRetryable(err) {
    return err instanceof ZapsweepError ? err.retryable : true;
}
