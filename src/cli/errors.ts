import { ZapsweepError } from '../errors.js';

/** Errors the CLI presents as one sentence with an exit code (2 = bad input). */
export class UsageError extends ZapsweepError {
  override readonly name = 'UsageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, retryable: false, exitCode: 2 });
  }
}

export { exitCodeOf } from '../errors.js';
