/** Errors the CLI presents as one sentence with an exit code (2 = bad input). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}

/** Anything with a numeric `exitCode` is an expected, presentable error. */
export function exitCodeOf(err: unknown): number | undefined {
  if (err && typeof err === 'object' && 'exitCode' in err && typeof err.exitCode === 'number') return err.exitCode;
  return undefined;
}
