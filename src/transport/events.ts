/**
 * Wire events (DESIGN.md "Events"). Every boundary validates with `parseEvent`; a malformed
 * message is counted and dropped by the receiver, never fatal.
 * De-duplication key: (sweepId, trialId, attempt, attemptId, seq).
 */
import { z } from 'zod';
import { axisValue } from '../spec/schema.js';

const phase = z.enum(['pretrain', 'transfer']);

const base = {
  sweepId: z.string().min(1),
  trialId: z.string().min(1),
  /** 0 for the first attempt (Kubernetes: the index's failure count). */
  attempt: z.number().int().nonnegative(),
  /**
   * Unique across processes, pods and restarts (local: drawn by the controller at launch;
   * Kubernetes: the pod's name). Part of the de-duplication key; absent on events a controller
   * writes on a worker's behalf and in logs of versions before it existed.
   */
  attemptId: z.string().min(1).max(253).regex(/^[A-Za-z0-9._-]+$/).optional(),
  /** Per attempt, from 0, no gaps. */
  seq: z.number().int().nonnegative(),
  /** Milliseconds since the epoch, from the emitter's clock (informational only). */
  time: z.number(),
};

export const startedEvent = z.object({
  ...base,
  type: z.literal('started'),
  index: z.number().int().nonnegative(),
  host: z.string(),
  backend: z.string(),
  parameters: z.record(z.string(), axisValue),
  /** webgpu only: the adapter the trial trains on (a software one, lavapipe, is said so). */
  adapter: z.object({ vendor: z.string(), architecture: z.string(), description: z.string(), isSoftware: z.boolean() }).optional(),
  /** Start-up apart from training, milliseconds: backend init, and (webgpu) shader compilation of a warm-up step. */
  warmup: z.object({ initMs: z.number().nonnegative(), compileMs: z.number().nonnegative().optional() }).optional(),
});

export const progressEvent = z.object({
  ...base,
  type: z.literal('progress'),
  phase,
  step: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  loss: z.number().optional(),
  accuracy: z.number().optional(),
});

export const zapEvent = z.object({
  ...base,
  type: z.literal('zap'),
  phase,
  step: z.number().int().nonnegative(),
  layers: z.array(z.string()),
  /** The head rows (outputs) zapped, when the head was zapped in part (zapScope classes, zapFraction, zapCount). */
  rows: z.array(z.number().int().nonnegative()).optional(),
});

export const metricEvent = z.object({
  ...base,
  type: z.literal('metric'),
  name: z.string().min(1),
  value: z.number(),
  step: z.number().int().nonnegative().optional(),
});

/**
 * The trial's pre-training stage is there (docs/proposals/pretrain-sharing.md): trained by this
 * attempt, or reused from the worker's memory or the checkpoint store (then the stage's own
 * pre-training events follow it, replayed). `seconds`: training, or loading, the stage.
 */
export const stageEvent = z.object({
  ...base,
  type: z.literal('stage'),
  key: z.string().min(1).max(64),
  origin: z.enum(['trained', 'memory', 'checkpoint']),
  seconds: z.number().nonnegative(),
});

export const finishedEvent = z.object({
  ...base,
  type: z.literal('finished'),
  metrics: z.record(z.string(), z.number()),
});

export const failedEvent = z.object({
  ...base,
  type: z.literal('failed'),
  message: z.string(),
  retryable: z.boolean(),
  /**
   * Why the attempt ended. `interrupted` (Ctrl-C, controller stopped, preemption) does not consume
   * the retry budget; the others do.
   */
  cause: z.enum(['error', 'crash', 'timeout', 'interrupted']).default('error'),
});

/**
 * The controller stopped the attempt by an early-stopping rule (search.stopping, docs/racing.md):
 * a terminal outcome of its own, neither success nor failure; it consumes no retry.
 */
export const stoppedEvent = z.object({
  ...base,
  type: z.literal('stopped'),
  rule: z.literal('median'),
  /** The progress metric, its step, this attempt's value and the completed trials' median there. */
  metric: z.string().min(1),
  step: z.number().int().nonnegative(),
  value: z.number(),
  median: z.number(),
  message: z.string(),
});

export const eventSchema = z.discriminatedUnion('type', [
  startedEvent,
  progressEvent,
  zapEvent,
  metricEvent,
  stageEvent,
  finishedEvent,
  failedEvent,
  stoppedEvent,
]);

export type TrialEvent = z.output<typeof eventSchema>;
export type EventType = TrialEvent['type'];
export type EventOf<T extends EventType> = Extract<TrialEvent, { type: T }>;
/** An event before the envelope (sweepId, trialId, attempt, seq, time) is stamped on it. */
export type EventBody = TrialEvent extends infer E ? (E extends TrialEvent ? Omit<E, keyof typeof base> : never) : never;

export type ParseResult = { ok: true; event: TrialEvent } | { ok: false; error: string };

export function parseEvent(raw: unknown): ParseResult {
  const r = eventSchema.safeParse(raw);
  return r.success ? { ok: true, event: r.data } : { ok: false, error: z.prettifyError(r.error) };
}

export function dedupKey(e: Pick<TrialEvent, 'sweepId' | 'trialId' | 'attempt' | 'attemptId' | 'seq'>): string {
  return e.attemptId === undefined ? `${e.sweepId}/${e.trialId}/${e.attempt}/${e.seq}` : `${e.sweepId}/${e.trialId}/${e.attempt}/${e.attemptId}/${e.seq}`;
}
