/**
 * Worker exit codes, a contract with every executor (the Kubernetes podFailurePolicy fails an index
 * at once on `nonRetryable`).
 */
export const workerExit = {
  /** The trial finished and its `finished` event was delivered. */
  ok: 0,
  /** The attempt failed (its `failed` event was delivered); another attempt may succeed. */
  retryable: 1,
  /** Bad input on the command line or in the spec. */
  usage: 2,
  /** Retrying cannot help: the trial does not exist, or this worker's expansion disagrees. */
  nonRetryable: 3,
} as const;
