/**
 * Where a worker process keeps pre-training stages between the trials it runs: the last stage and
 * its data set in memory (trials of one stage run back to back in one process), and every stage it
 * trains in the checkpoint store when it has one (so a retried transfer, another process or a resumed
 * sweep finds it). A checkpoint that does not decode, or does not match its digest, is reported and
 * never used: the stage is trained again. A checkpoint that cannot be written is reported; the trial
 * goes on (sharing saves time, it is never needed for a correct result).
 */
import { obtainStage } from '../checkpoints/obtain-stage.js';
import type { StageClaims } from '../checkpoints/stage-claims.js';
import { CorruptCheckpointError, type CheckpointStore } from '../checkpoints/types.js';
import type { TaskData } from './data/dataset.js';
import type { TrainedStage } from './stage.js';
import { checkpointKeyOf, decodeStage, encodeStage } from './stage-snapshot.js';

/** Where a trial's stage came from (the `stage` event's `origin`). */
export type StageOrigin = 'trained' | 'memory' | 'checkpoint';

export interface StageCacheOptions {
  readonly checkpoints?: CheckpointStore;
  /**
   * Processes that do not share a controller's scheduling (Kubernetes pods): a stage missing from the
   * store is trained by the process that claims it; the others wait for its checkpoint
   * (src/checkpoints/obtain-stage.ts). `holder` names this process.
   */
  readonly claims?: { readonly claims: StageClaims; readonly holder: string };
  /** The backend the stages are trained on (part of the checkpoint key). */
  readonly backend: () => string;
  readonly sweepId: string;
  /** Something the user should know (a corrupt checkpoint, a checkpoint that could not be written). */
  readonly log?: (line: string) => void;
}

export class StageCache {
  /** The last data set (by dataset and seed: stages of one seed share it) and the last stage. */
  private lastData: { key: string; data: TaskData } | undefined;
  private lastStage: TrainedStage | undefined;

  constructor(private readonly o: StageCacheOptions) {}

  /** A data set, by `dataKey` (dataset and seed): loaded once while trials of it follow each other. */
  async data(dataKey: string, load: () => Promise<TaskData>): Promise<TaskData> {
    if (this.lastData?.key === dataKey) return this.lastData.data;
    this.lastData = undefined; // the old one can go before the new one loads
    const data = await load();
    this.lastData = { key: dataKey, data };
    return data;
  }

  /**
   * The stage: from memory, from the checkpoint store, or trained by `train` (which tells the
   * trial's sink as it goes) and then kept.
   */
  async obtain(stageKey: string, train: () => Promise<TrainedStage>, signal?: AbortSignal): Promise<{ stage: TrainedStage; origin: StageOrigin }> {
    if (this.o.claims && this.o.checkpoints && this.lastStage?.stageKey !== stageKey) return this.obtainClaimed(stageKey, train, this.o.checkpoints, this.o.claims, signal);
    const found = await this.lookup(stageKey);
    if (found) return found;
    const stage = await train();
    await this.keep(stage);
    return { stage, origin: 'trained' };
  }

  /** The stage if this process or the checkpoint store has it. */
  async lookup(stageKey: string): Promise<{ stage: TrainedStage; origin: StageOrigin } | undefined> {
    if (this.lastStage?.stageKey === stageKey) return { stage: this.lastStage, origin: 'memory' };
    const store = this.o.checkpoints;
    if (!store) return undefined;
    const key = checkpointKeyOf(this.o.sweepId, stageKey, this.o.backend());
    try {
      const bytes = await store.get(key);
      if (bytes === undefined) return undefined;
      const stage = decodeStage(key, bytes);
      if (stage.stageKey !== stageKey) throw new CorruptCheckpointError(key, `it holds stage ${stage.stageKey}`);
      this.remember(stage);
      return { stage, origin: 'checkpoint' };
    } catch (err) {
      // Bad bytes go; a store that cannot be read now (NATS down) keeps what it has.
      const corrupt = err instanceof CorruptCheckpointError;
      this.o.log?.(corrupt ? err.message : `checkpoint ${key} could not be read (${err instanceof Error ? err.message : String(err)}); the stage is trained again`);
      if (corrupt) await store.delete(key).catch(() => false);
      return undefined;
    }
  }

  /** Keeps a stage just trained: in memory, and in the checkpoint store. */
  async keep(stage: TrainedStage): Promise<void> {
    this.remember(stage);
    const store = this.o.checkpoints;
    if (!store) return;
    const key = checkpointKeyOf(this.o.sweepId, stage.stageKey, this.o.backend());
    try {
      await store.put(key, encodeStage(stage), { stageKey: stage.stageKey, sweepId: this.o.sweepId });
    } catch (err) {
      this.o.log?.(`checkpoint ${key} could not be stored: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async obtainClaimed(
    stageKey: string,
    train: () => Promise<TrainedStage>,
    store: CheckpointStore,
    c: NonNullable<StageCacheOptions['claims']>,
    signal: AbortSignal | undefined,
  ): Promise<{ stage: TrainedStage; origin: StageOrigin }> {
    const key = checkpointKeyOf(this.o.sweepId, stageKey, this.o.backend());
    let trained: TrainedStage | undefined;
    const got = await obtainStage({
      key,
      info: { stageKey, sweepId: this.o.sweepId },
      store,
      claims: c.claims,
      holder: c.holder,
      train: async () => encodeStage((trained = await train())),
      ...(signal ? { signal } : {}),
      onCorrupt: (_k, err) => this.o.log?.(err.message),
      onWaiting: (_k, holder) => this.o.log?.(`stage ${stageKey} is being trained by ${holder}; waiting for its checkpoint`),
    });
    if (got.how === 'trained' && trained) {
      this.remember(trained);
      return { stage: trained, origin: 'trained' };
    }
    try {
      const stage = decodeStage(key, got.data);
      this.remember(stage);
      return { stage, origin: 'checkpoint' };
    } catch (err) {
      // Bytes that match their digest but do not decode (another version wrote them): train here.
      this.o.log?.(err instanceof Error ? err.message : String(err));
      await store.delete(key).catch(() => false);
      const stage = await train();
      await this.keep(stage);
      return { stage, origin: 'trained' };
    }
  }

  private remember(stage: TrainedStage): void {
    this.lastStage = stage;
  }
}
