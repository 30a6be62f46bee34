/** Errors of the analysis layer's inputs (an unknown axis, metric or control value). */
import { ZapsweepError } from '../errors.js';

/** Bad analysis input: the CLI shows the message alone and exits with code 2. */
export class AnalysisInputError extends ZapsweepError {
  override readonly name = 'AnalysisInputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, retryable: false, exitCode: 2 });
  }
}
