/** Errors of the analysis layer's inputs (an unknown axis, metric or control value). */

/** Bad analysis input: the CLI shows the message alone and exits with code 2. */
export class AnalysisInputError extends Error {
  override readonly name = 'AnalysisInputError';
  readonly exitCode = 2;
  readonly retryable = false;
}
