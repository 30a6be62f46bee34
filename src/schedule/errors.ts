import { ZapsweepError } from '../errors.js';

/** A scheduled run that cannot start or be reported (bad name or date, overlap, no such night). */
export class ScheduleError extends ZapsweepError {
  override readonly name = 'ScheduleError';
  constructor(message: string, options?: { cause?: unknown; exitCode?: number; retryable?: boolean }) {
    super(message, { cause: options?.cause, exitCode: options?.exitCode ?? 2, retryable: options?.retryable ?? false });
  }
}
