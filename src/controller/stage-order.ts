/**
 * Which pending trial a local controller launches next when trials share pre-training stages
 * (docs/proposals/pretrain-sharing.md). Pure. In order of preference:
 *   1. a trial of a stage an idle worker process holds in memory (no start-up, no load);
 *   2. a trial of a stage some attempt has trained (it loads the checkpoint);
 *   3. a trial of a stage nobody is training (it trains the stage), in expansion order;
 * never a trial of a stage a live attempt is training right now: it waits, and then takes 1 or 2,
 * so each stage is trained once. Within a class, expansion order.
 */
import type { Trial } from '../spec/trial.js';

export interface StageState {
  /** Stages some attempt has trained or loaded (the checkpoint store may hold them). */
  readonly ready: ReadonlySet<string>;
  /** Stages live attempts are training now (not ready yet). */
  readonly training: ReadonlySet<string>;
  /** Stages idle worker processes hold in memory. */
  readonly warm: readonly string[];
}

/** The next trial among `pending` (expansion order), or undefined when all wait for a stage in training. */
export function nextTrial(pending: Iterable<Trial>, stageOf: (t: Trial) => string, s: StageState): Trial | undefined {
  const warm = new Set(s.warm);
  let ready: Trial | undefined;
  let fresh: Trial | undefined;
  for (const t of pending) {
    const stage = stageOf(t);
    if (warm.has(stage)) return t;
    if (s.ready.has(stage)) ready ??= t;
    else if (!s.training.has(stage)) fresh ??= t;
  }
  return ready ?? fresh;
}
