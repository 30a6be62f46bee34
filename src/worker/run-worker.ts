/**
 * Runs one trial: resolve it from the spec and an index, train, report.
 * 1. load + expand the spec (same ids as the controller: expansion is deterministic)
 * 2. start the backend, emit `started`
 * 3. train, mapping trainer callbacks to `progress` / `zap` / `metric` / `stage` events
 * 4. emit `finished` (or `failed`), flush, return the exit code
 * A serving worker (serve.ts) calls it once per attempt with the stages it keeps and its expansion.
 */
import { hostname } from 'node:os';
import { loadSpecFile } from '../spec/load.js';
import { expand, expectedTrialDigest } from '../spec/expand.js';
import type { Trial } from '../spec/trial.js';
import type { StageCache } from '../trainer/stage-cache.js';
import type { EventPublisher } from '../transport/types.js';
import { workerExit } from './exit-codes.js';
import { Reporter } from './reporter.js';
import { isRetryable } from '../errors.js';

export interface WorkerOptions {
  specFile: string;
  index: number;
  attempt: number;
  /** Unique per attempt (the controller's, or the pod's name); stamped on every event. */
  attemptId?: string;
  sweepId: string;
  publisher: EventPublisher;
  signal: AbortSignal;
  backend?: 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
  /** Where a human-readable diagnosis goes (stderr). */
  log: (line: string) => void;
  /**
   * The controller's expectedTrialDigest (Kubernetes: ZAPSWEEP_EXPECTED_DIGEST from the sweep's
   * ConfigMap). When this worker's own expansion disagrees it runs nothing and fails non-retryably.
   */
  expectedDigest?: string;
  /** Stages kept between the attempts this process runs (serve.ts); without it, the trial trains its own. */
  stages?: StageCache;
  /** The spec's expansion when the caller has it already (serve.ts expands once per spec). */
  trials?: readonly Trial[];
}

export async function runWorker(o: WorkerOptions): Promise<number> {
  // 1. resolve the trial
  const trials = o.trials ?? expand((await loadSpecFile(o.specFile)).sweep);
  const trial = trials[o.index];
  if (!trial) {
    o.log(`trial index ${o.index} is out of range: ${o.specFile} expands to ${trials.length} trials`);
    return workerExit.nonRetryable;
  }
  const reporter = new Reporter(o.publisher, { sweepId: o.sweepId, trialId: trial.trialId, attempt: o.attempt, ...(o.attemptId === undefined ? {} : { attemptId: o.attemptId }) });
  // Hashed only when asked for (Kubernetes): a serving worker runs many attempts of one expansion.
  const digest = o.expectedDigest === undefined || o.expectedDigest === '' ? undefined : expectedTrialDigest(trials);
  if (digest !== undefined && o.expectedDigest !== digest) {
    const message = `this worker's expansion of the spec has trial digest ${digest}, but the controller expects ${o.expectedDigest}: the worker runs different zapsweep code than the controller; rebuild the image from the controller's version (not retrying)`;
    o.log(message);
    reporter.emit({ type: 'failed', message, retryable: false, cause: 'error' });
    try {
      await reporter.flush();
    } catch (publishErr) {
      o.log(`could not report the failure: ${describe(publishErr)}`);
    }
    return workerExit.nonRetryable;
  }
  try {
    // 2. backend (TensorFlow.js loads only here, so other commands stay fast)
    const { startBackend } = await import('../trainer/backend.js');
    const { runTrial } = await import('../trainer/run-trial.js');
    // webgpu: the adapter and the warm-up (shader compilation) are reported apart from training.
    const started = await startBackend(o.backend, trial.experiment);
    reporter.emit({ type: 'started', index: trial.index, host: hostname(), parameters: trial.parameters, ...started });
    // 3. train
    const metrics = await runTrial(
      trial.experiment,
      trial.seed,
      {
        progress: (p) => reporter.emit({ type: 'progress', ...p }),
        zap: (z) => reporter.emit({ type: 'zap', ...z }),
        metric: (m) => reporter.emit({ type: 'metric', ...m }),
      },
      o.signal,
      {
        ...(o.stages ? { stages: o.stages } : {}),
        onStage: (st) => reporter.emit({ type: 'stage', key: st.key, origin: st.origin, seconds: st.seconds }),
      },
    );
    // 4. report
    reporter.emit({ type: 'finished', metrics: { ...metrics } });
    await reporter.flush();
    return workerExit.ok;
  } catch (err) {
    const interrupted = o.signal.aborted;
    const message = interrupted ? `interrupted (${String(o.signal.reason ?? 'abort')})` : describe(err);
    o.log(`trial ${trial.trialId} attempt ${o.attempt} failed: ${message}`);
    // Errors say whether retrying can help (`retryable: false`, e.g. a dataset too small for the
    // experiment); anything else (out of memory, a crash in a kernel) gets another attempt.
    const retryable = interrupted || !isNonRetryable(err);
    reporter.emit({ type: 'failed', message, retryable, cause: interrupted ? 'interrupted' : 'error' });
    try {
      await reporter.flush();
    } catch (publishErr) {
      o.log(`could not report the failure: ${describe(publishErr)}`);
    }
    return retryable ? workerExit.retryable : workerExit.nonRetryable;
  }
}

function isNonRetryable(err: unknown): boolean {
  return !isRetryable(err);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
