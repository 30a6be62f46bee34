/** Every error the project throws is a ZapsweepError: the CLI and the worker read its two fields. */
import { describe, expect, it } from 'vitest';
import { AnalysisInputError } from '../src/analysis/errors.js';
import { UsageError } from '../src/cli/errors.js';
import { exitCodeOf, isRetryable, ZapsweepError } from '../src/errors.js';
import { KubeApiError, KubeConfigError } from '../src/executors/kubernetes/kube-errors.js';
import { RenderError } from '../src/executors/kubernetes/render/render-sweep.js';
import { SpecError } from '../src/spec/errors.js';
import { StoreError } from '../src/store/types.js';
import { DatasetError } from '../src/trainer/data/dataset.js';
import { TrialAbortedError } from '../src/trainer/types.js';
import { NatsConnectError } from '../src/transport/nats/options.js';
import { NatsDeliveryError } from '../src/transport/nats/publisher.js';

describe('errors', () => {
  it.each<[string, Error, number, boolean]>([
    ['usage', new UsageError('x'), 2, false],
    ['spec', new SpecError([{ file: 'f.yaml', path: 'spec', message: 'bad' }]), 2, false],
    ['analysis input', new AnalysisInputError('x'), 2, false],
    ['render', new RenderError('x'), 2, false],
    ['kube config', new KubeConfigError('x'), 2, false],
    ['kube API, 503', new KubeApiError('x', 503, 'ServiceUnavailable', true), 1, true],
    ['store', new StoreError('x'), 2, false],
    ['NATS connect, refused credentials', new NatsConnectError('x', false), 2, false],
    ['NATS delivery', new NatsDeliveryError('x'), 1, true],
    ['dataset', new DatasetError('x'), 1, false],
    ['trial aborted', new TrialAbortedError('SIGTERM'), 1, true],
  ])('%s: a ZapsweepError with exit code %i, retryable %s', (_name, err, exitCode, retryable) => {
    expect(err).toBeInstanceOf(ZapsweepError);
    expect(exitCodeOf(err)).toBe(exitCode);
    expect(isRetryable(err)).toBe(retryable);
  });

  it('anything else is a bug: no exit code, and worth another attempt', () => {
    expect(exitCodeOf(new TypeError('x'))).toBeUndefined();
    expect(exitCodeOf({ exitCode: 2 })).toBeUndefined();
    expect(isRetryable(new RangeError('out of memory'))).toBe(true);
  });

  it('keeps its cause', () => {
    const cause = new Error('ENOSPC');
    expect(new StoreError('could not write', { cause }).cause).toBe(cause);
  });
});
