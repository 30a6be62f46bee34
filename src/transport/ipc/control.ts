/**
 * Control messages between a local controller's worker pool and a serving worker
 * (`zapsweep worker --serve`), on the same IPC channel as the events. They carry a `zapsweep` key,
 * which no event has, so each side tells them apart from events without validating events.
 */
export type ToWorker =
  | { readonly zapsweep: 'run'; readonly specFile: string; readonly index: number; readonly attempt: number; readonly attemptId: string; readonly sweepId: string }
  | { readonly zapsweep: 'abort'; readonly reason: string };

/** The attempt is over: its events were all sent before this, `code` is the worker exit code. */
export type FromWorker = { readonly zapsweep: 'done'; readonly code: number };

export function isControl(m: unknown): m is { zapsweep: string } {
  return typeof m === 'object' && m !== null && typeof (m as { zapsweep?: unknown }).zapsweep === 'string';
}
